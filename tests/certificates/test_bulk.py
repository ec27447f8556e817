"""Bulk issue of a cohort: every eligible participant once, failures reported, re-runs and resumes without duplicates."""

import datetime
import io
import zipfile

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from courses.certificates import bulk
from courses.certificates.choices import BatchItemStatus, BatchStatus, CertificateAction
from courses.certificates.issuing import issue_certificate
from courses.certificates.models import Certificate, CertificateBatch, CertificateBatchItem, CertificateEvent
from courses.models import ParticipantProfile
from tests.certificates.conftest import completed
from tests.factories import enrol_participant


@pytest.fixture
def cohort(course):
    return [completed(course, f"peserta{index}", full_name=f"Peserta Nomor {index}") for index in range(4)]


NO_NAME = "The participant has no name for certificates in their profile yet."


def in_indonesian(message):
    """A reason as the worker (in the site's language, Indonesian) records it."""
    with translation.override("id"):
        return translation.gettext(message)


def test_batch_issues_every_completed_participant_with_pdf_and_email(
    course, cohort, editor, django_capture_on_commit_callbacks
):
    enrol_participant(course, "belum")  # enrolled, not completed: not in a normal batch
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk.start_batch(course, editor)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.finished_at is not None and batch.heartbeat_at is not None
    assert bulk.progress(batch) == {
        "issued": 4,
        "skipped": 0,
        "failed": 0,
        "remaining": 0,
        "total": 4,
        "done": 4,
        "percent": 100,
    }
    certificates = Certificate.objects.for_course(course)
    assert sorted(c.sequence for c in certificates) == [1, 2, 3, 4]
    assert all(c.pdf for c in certificates)
    assert all(c.issued_by == editor for c in certificates)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(e.user.email for e in cohort)
    assert CertificateEvent.objects.filter(action=CertificateAction.EMAILED).count() == 4


def test_force_covers_every_active_enrolment(course, cohort, django_capture_on_commit_callbacks):
    enrol_participant(course, "belum", full_name="Belum Selesai")
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk.start_batch(course, None, force=True)
    assert bulk.progress(batch)["issued"] == 5
    assert Certificate.objects.filter(holder_name="Belum Selesai").exists()


def test_one_failure_is_reported_and_the_others_are_issued(course, cohort, django_capture_on_commit_callbacks):
    ParticipantProfile.objects.filter(user=cohort[1].user).update(full_name="  ")
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk.start_batch(course, None)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    failed = CertificateBatchItem.objects.get(batch=batch, status=BatchItemStatus.FAILED)
    assert failed.enrolment == cohort[1] and failed.error == in_indonesian(NO_NAME)
    assert bulk.progress(batch)["issued"] == 3
    assert Certificate.objects.for_course(course).count() == 3


def test_rerun_and_new_batch_finish_what_is_missing_without_duplicates(
    course, cohort, django_capture_on_commit_callbacks
):
    ParticipantProfile.objects.filter(user=cohort[1].user).update(full_name="")
    already, _created = issue_certificate(cohort[0], course)
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk.start_batch(course, None)
    assert bulk.progress(batch)["skipped"] == 1 and bulk.progress(batch)["failed"] == 1
    assert CertificateBatchItem.objects.get(batch=batch, enrolment=cohort[0]).certificate == already
    ParticipantProfile.objects.filter(user=cohort[1].user).update(full_name="Peserta Diperbaiki")
    late = completed(course, "terlambat", full_name="Peserta Terlambat")
    with django_capture_on_commit_callbacks(execute=True):
        bulk.retry_batch(batch)
    counts = bulk.progress(batch)
    assert counts["failed"] == 0 and counts["remaining"] == 0 and counts["total"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        second = bulk.start_batch(course, None)
    assert bulk.progress(second)["skipped"] == 5 and bulk.progress(second)["issued"] == 0
    certificates = Certificate.objects.for_course(course)
    assert sorted(c.sequence for c in certificates) == [1, 2, 3, 4, 5]
    assert certificates.filter(holder=late.user).count() == 1
    # Nobody was mailed twice (the one issued before the batch got its mail from the batch).
    addresses = [message.to[0] for message in mail.outbox]
    assert len(addresses) == len(set(addresses)) == 5


def test_stalled_batch_is_resumed_by_the_command(course, cohort, django_capture_on_commit_callbacks):
    # A worker died after the first item: its certificate committed, the item still pending.
    batch = CertificateBatch.objects.create(course_key=course.course_key, status=BatchStatus.RUNNING)
    for enrolment in cohort:
        CertificateBatchItem.objects.create(batch=batch, enrolment=enrolment)
    issue_certificate(cohort[0], course)
    CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_certificate_batches", stdout=out)
    assert f"resumed certificate batch {batch.pk}" in out.getvalue()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    counts = bulk.progress(batch)
    assert counts["skipped"] == 1 and counts["issued"] == 3 and counts["remaining"] == 0
    assert sorted(Certificate.objects.for_course(course).values_list("sequence", flat=True)) == [1, 2, 3, 4]
    # A batch with recent progress is left alone.
    out = io.StringIO()
    call_command("resume_certificate_batches", stdout=out)
    assert out.getvalue() == ""


def batch_urls(course, batch):
    return [
        ("get", reverse("courses_admin_certificate_batch_new", args=[course.pk])),
        ("post", reverse("courses_admin_certificate_batch_new", args=[course.pk])),
        ("get", reverse("courses_admin_certificate_batch", args=[course.pk, batch.pk])),
        ("get", reverse("courses_admin_certificate_batch_status", args=[course.pk, batch.pk])),
        ("post", reverse("courses_admin_certificate_batch_retry", args=[course.pk, batch.pk])),
        ("get", reverse("courses_admin_certificates_zip", args=[course.pk])),
    ]


def test_facilitator_starts_a_batch_from_the_tab_and_follows_it(
    client, course, cohort, facilitator, django_capture_on_commit_callbacks
):
    ParticipantProfile.objects.filter(user=cohort[2].user).update(full_name="")
    client.force_login(facilitator)
    tab = client.get(reverse("courses_admin_certificates", args=[course.pk])).content.decode()
    assert reverse("courses_admin_certificate_batch_new", args=[course.pk]) in tab
    confirm = client.get(reverse("courses_admin_certificate_batch_new", args=[course.pk])).content.decode()
    assert "4 participants have completed the course." in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses_admin_certificate_batch_new", args=[course.pk]), {"send_emails": "on"})
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("courses_admin_certificate_batch", args=[course.pk, batch.pk])
    assert batch.created_by == facilitator and not batch.force
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="batch-bar" max="4" value="4">' in page
    assert "Peserta Nomor 2" not in page  # the failed participant has no name: listed by e-mail
    assert cohort[2].user.email in page and in_indonesian(NO_NAME) in page  # reasons are kept as the worker wrote them
    status = client.get(reverse("courses_admin_certificate_batch_status", args=[course.pk, batch.pk])).json()
    assert status["issued"] == 3 and status["failed"] == 1 and status["status"] == BatchStatus.DONE
    ParticipantProfile.objects.filter(user=cohort[2].user).update(full_name="Peserta Nomor 2")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses_admin_certificate_batch_retry", args=[course.pk, batch.pk]))
    assert bulk.progress(batch)["issued"] == 4
    tab = client.get(reverse("courses_admin_certificates", args=[course.pk])).content.decode()
    assert reverse("courses_admin_certificate_batch", args=[course.pk, batch.pk]) in tab


def test_zip_holds_one_pdf_per_current_certificate(client, course, cohort, facilitator):
    certificates = [issue_certificate(enrolment, course)[0] for enrolment in cohort]
    certificates[0].status = "revoked"
    certificates[0].save()
    client.force_login(facilitator)
    response = client.get(reverse("courses_admin_certificates_zip", args=[course.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert names == sorted("sertifikat-" + c.number.replace("/", "-") + ".pdf" for c in certificates[1:])
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)


def test_batch_views_and_zip_are_for_the_course_staff_only(client, course, cohort, other_facilitator):
    batch = CertificateBatch.objects.create(course_key=course.course_key)
    enrolment = cohort[0]
    for user, expected in ((other_facilitator, 403), (enrolment.user, None)):
        client.force_login(user)
        for method, url in batch_urls(course, batch):
            response = getattr(client, method)(url)
            if expected:
                assert response.status_code == expected, url
            else:
                assert response.status_code in (302, 403), url
    client.logout()
    for method, url in batch_urls(course, batch):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert CertificateBatch.objects.count() == 1 and not Certificate.objects.exists()

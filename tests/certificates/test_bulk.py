"""Bulk issue of a cohort: every eligible participant once, failures reported, re-runs and resumes without duplicates."""

import datetime
import io

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses.certificates import bulk
from courses.certificates.choices import BatchItemStatus, BatchStatus, CertificateAction
from courses.certificates.issuing import issue_certificate
from courses.certificates.models import Certificate, CertificateBatch, CertificateBatchItem, CertificateEvent
from courses.models import ParticipantProfile
from tests.certificates.conftest import completed
from tests.courses.conftest import enrol_participant


@pytest.fixture
def cohort(course):
    return [completed(course, f"peserta{index}", full_name=f"Peserta Nomor {index}") for index in range(4)]


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
    assert failed.enrolment == cohort[1] and "name" in failed.error
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

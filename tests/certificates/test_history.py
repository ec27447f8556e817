"""What staff do with certificates shows in Wagtail's history: issue, revoke, reissue, bulk runs and the
course's certificate settings, each with who did it."""

from django.urls import reverse

from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from courses.certificates import bulk
from courses.certificates.issuing import issue_certificate, reissue, revoke
from courses.certificates.models import CourseCertificateSettings
from tests.certificates.conftest import certificate_settings, completed


def entries(instance):
    return [(entry.action, entry.user) for entry in ModelLogEntry.objects.for_instance(instance).order_by("pk")]


def test_certificate_actions_have_labels_in_the_history():
    for action in ("certificates.issue", "certificates.revoke", "certificates.reissue", "certificates.batch_start"):
        assert registry.action_exists(action)
        assert registry.get_action_label(action)


def test_issue_revoke_and_reissue_are_logged_with_the_staff_member(course, editor):
    automatic, _created = issue_certificate(completed(course, "sari"), course)
    assert entries(automatic) == [("certificates.issue", None)]
    certificate, _created = issue_certificate(completed(course, "dewi"), course, issued_by=editor)
    assert entries(certificate) == [("certificates.issue", editor)]
    replacement = reissue(certificate, editor, "Nama salah eja")
    assert entries(certificate) == [("certificates.issue", editor), ("certificates.revoke", editor)]
    assert entries(replacement) == [("certificates.reissue", editor)]
    logged = ModelLogEntry.objects.for_instance(replacement).get()
    assert logged.data["replaces"] == certificate.number and logged.data["reason"] == "Nama salah eja"
    revoke(replacement, "Tidak memenuhi syarat", editor)
    assert entries(replacement)[-1] == ("certificates.revoke", editor)
    assert (
        ModelLogEntry.objects.for_instance(replacement).order_by("pk").last().data["reason"] == "Tidak memenuhi syarat"
    )


def test_a_bulk_run_is_logged_from_start_to_finish(course, editor, django_capture_on_commit_callbacks):
    for index in range(2):
        completed(course, f"peserta{index}", full_name=f"Peserta {index}")
    with django_capture_on_commit_callbacks(execute=True):
        batch = bulk.start_batch(course, editor, send_emails=False)
    assert entries(batch) == [("certificates.batch_start", editor), ("certificates.batch_finish", None)]
    finish = ModelLogEntry.objects.for_instance(batch).order_by("pk").last()
    assert finish.data["issued"] == 2 and finish.data["failed"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        bulk.retry_batch(batch, editor)
    assert ("certificates.batch_retry", editor) in entries(batch)


def test_course_staff_edit_the_certificate_settings_on_the_course_tab(client, course, facilitator):
    url = reverse("courses_admin_certificate_settings", args=[course.pk])
    client.force_login(facilitator)
    form = {"issue_certificates": "on", "code": "SMG-2", "number_format": "{seq}/{code}/{year}", "valid_months": "12"}
    response = client.post(url, form)
    assert response.status_code == 302
    settings = certificate_settings(course)
    assert (settings.code, settings.number_format, settings.valid_months) == ("SMG-2", "{seq}/{code}/{year}", 12)
    assert not settings.auto_issue and not settings.shows_score  # unticked boxes
    assert entries(settings) == [("wagtail.edit", facilitator)]
    refused = client.post(url, {**form, "number_format": "{code}/{year}"})
    assert refused.status_code == 400 and "{seq}" in refused.content.decode()
    assert certificate_settings(course).number_format == "{seq}/{code}/{year}"


def test_settings_are_made_for_a_course_without_them_and_logged_as_created(client, course_index, editor):
    from tests.factories import build_course

    course = build_course(course_index, "Kelas baru", "kelas-baru")
    assert not CourseCertificateSettings.for_course(course).issue_certificates
    client.force_login(editor)
    url = reverse("courses_admin_certificate_settings", args=[course.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"issue_certificates": "on", "auto_issue": "on", "code": "BARU", "number_format": "{seq}/{year}"}
    )
    assert response.status_code == 302
    settings = CourseCertificateSettings.objects.get(course_key=course.course_key)
    assert settings.issue_certificates and settings.auto_issue
    assert entries(settings) == [("wagtail.create", editor)]


def test_another_course_s_facilitator_cannot_edit_the_settings(client, course, other_facilitator):
    client.force_login(other_facilitator)
    url = reverse("courses_admin_certificate_settings", args=[course.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"issue_certificates": "", "number_format": "{seq}/{year}"}).status_code == 403
    assert certificate_settings(course).issue_certificates


def test_saved_settings_refresh_the_course_pages_in_the_caches(
    client, course, editor, monkeypatch, django_capture_on_commit_callbacks
):
    purged = []
    monkeypatch.setattr("home.page_cache.purge_frontend_caches", lambda urls: purged.append(set(urls)))
    client.force_login(editor)
    url = reverse("courses_admin_certificate_settings", args=[course.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"code": "SMG", "number_format": "{seq}/{year}"})  # certificates turned off
    assert not certificate_settings(course).issue_certificates
    assert purged == [{course.get_full_url()}]

"""The holder's e-mail on issue: once per certificate, in their language, with the verification link and the PDF."""

from django.core import mail

from wagtail.users.models import UserProfile

from courses.certificates.choices import CertificateAction
from courses.certificates.emails import send_certificate_email
from courses.certificates.issuing import issue_certificate, revoke
from courses.certificates.models import CertificateEvent
from tests.certificates.conftest import completed


def test_issue_mails_the_holder_once_in_indonesian_with_links_and_pdf(course, django_capture_on_commit_callbacks):
    enrolment = completed(course, "dewi", full_name="Dewi Anggraini")
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(enrolment, course)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [enrolment.user.email]
    assert certificate.number in message.subject  # the Indonesian text arrives with the lead's translation run
    assert "Dewi Anggraini" in message.body and certificate.verification_url in message.body
    assert "/id/my-courses/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{certificate.verification_url}"' in html and '<html lang="id">' in html
    ((name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-") and name.endswith(".pdf")
    # Asking again (a retried task, a batch) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        issue_certificate(enrolment, course)
    assert send_certificate_email(certificate.pk) is False
    assert len(mail.outbox) == 1
    assert CertificateEvent.objects.filter(certificate=certificate, action=CertificateAction.EMAILED).count() == 1


def test_english_reader_gets_english_mail(course, django_capture_on_commit_callbacks):
    enrolment = completed(course, "john", full_name="John Smith")
    profile = UserProfile.get_for_user(enrolment.user)
    profile.preferred_language = "en"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(enrolment, course)
    message = mail.outbox[0]
    assert message.subject == f"Your certificate {certificate.number}"
    assert "Anyone can check that it is genuine" in message.body and "/en/my-courses/" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_revoked_certificate_is_not_mailed(course):
    enrolment = completed(course, "dewi")
    certificate, _created = issue_certificate(enrolment, course)  # on_commit not run: no mail yet
    revoke(certificate, "Salah nama", None)
    assert send_certificate_email(certificate.pk) is False
    assert mail.outbox == []


def test_issue_task_stores_the_pdf_also_for_a_holder_without_an_address(course, django_capture_on_commit_callbacks):
    enrolment = completed(course, "tanpa.surel")
    type(enrolment.user).objects.filter(pk=enrolment.user_id).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(enrolment, course)
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.pdf.name.endswith(f"{certificate.verification_code}.pdf")
    assert mail.outbox == []
    assert not CertificateEvent.objects.filter(certificate=certificate, action=CertificateAction.EMAILED).exists()


def test_heavy_pdf_is_linked_not_attached(course, settings, django_capture_on_commit_callbacks):
    settings.CERTIFICATE_EMAIL_ATTACHMENT_LIMIT = 1000  # every real PDF is heavier than 1 kB
    enrolment = completed(course, "dewi")
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(enrolment, course)
    (message,) = mail.outbox
    assert message.attachments == []
    assert "/id/my-courses/" in message.body and certificate.verification_url in message.body
    certificate.refresh_from_db()
    assert certificate.pdf  # stored all the same, for the dashboard download

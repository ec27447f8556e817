"""The e-mail a holder gets when their certificate is issued: in their language, with the PDF attached
when it is light (`CERTIFICATE_EMAIL_ATTACHMENT_LIMIT`, 250 kB by default) and a link otherwise.

A template with a full-page photo makes PDFs of several hundred kilobytes; mailed to a cohort of
hundreds that is heavy on the holders' phones and on the mail server (base64 makes it a third
bigger), while the dashboard link serves the same file behind the holder's login.

Sent at most once per certificate: the send and its `CertificateEvent` (EMAILED) happen while the
certificate row is locked, and a certificate with that event is never mailed again. New certificates
reach here through `ISSUE_LISTENERS` (a task per certificate, so the request or the completion that
issued it does not wait for the mail server); a bulk batch (`courses.certificates.bulk`) sends its own
and keeps the listener quiet while it runs.
"""

import contextvars
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from courses.certificates.choices import CertificateAction
from courses.certificates.models import Certificate, CertificateEvent

logger = logging.getLogger(__name__)

# True while a bulk batch issues: it e-mails each holder itself, in order, with its own bookkeeping.
in_batch = contextvars.ContextVar("certificates_in_batch", default=False)


def site_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def holder_language(certificate):
    from courses.certificates.pdf import holder_language as language

    return language(certificate)


def already_emailed(certificate):
    return certificate.events.filter(action=CertificateAction.EMAILED).exists()


def build_message(certificate, pdf_bytes=None):
    """The e-mail for `certificate` (subject, plain text, HTML, the PDF attached when given)."""
    from courses.certificates.pdf import download_name

    language = holder_language(certificate)
    with translation.override(language):
        context = {
            "certificate": certificate,
            "course_title": certificate.course_title(language),
            "verification_url": certificate.verification_url,
            "dashboard_url": site_url(reverse("courses_dashboard")),
            "pdf_attached": pdf_bytes is not None,
            "language": language,
        }
        subject = render_to_string("certificates/email/issued_subject.txt", context).strip()
        text = render_to_string("certificates/email/issued.txt", context)
        html = render_to_string("certificates/email/issued.html", context)
    message = EmailMultiAlternatives(subject, text, None, [certificate.holder.email])
    message.attach_alternative(html, "text/html")
    if pdf_bytes is not None:
        message.attach(download_name(certificate), pdf_bytes, "application/pdf")
    return message


def attachable(certificate):
    """Whether the PDF (rendered and stored first when missing) is small enough to go in the e-mail."""
    from courses.certificates.pdf import store_pdf

    if not certificate.pdf:
        store_pdf(certificate)
    try:
        return certificate.pdf.size <= settings.CERTIFICATE_EMAIL_ATTACHMENT_LIMIT
    except OSError:
        return True  # the stored file went missing: certificate_pdf_bytes renders it again


def send_certificate_email(certificate_id, attach_pdf=True):
    """E-mail the holder their certificate once; True when sent now, False when there is nothing to send."""
    from courses.certificates.pdf import certificate_pdf_bytes

    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("holder")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.is_revoked or certificate.holder is None or not certificate.holder.email:
            return False
        if already_emailed(certificate):
            return False
        pdf_bytes = certificate_pdf_bytes(certificate) if attach_pdf and attachable(certificate) else None
        message = build_message(certificate, pdf_bytes)
        message.send()
        CertificateEvent.objects.create(certificate=certificate, action=CertificateAction.EMAILED)
    logger.info("certificate %s e-mailed to user %s", certificate.number, certificate.holder_id)
    return True


def email_on_issue(certificate):
    """`ISSUE_LISTENERS`: queue the e-mail (a batch sends its own)."""
    if in_batch.get():
        return
    from courses.certificates.tasks import send_certificate_email_task

    send_certificate_email_task.enqueue(certificate.pk)


def connect():
    from courses.certificates.issuing import ISSUE_LISTENERS

    if email_on_issue not in ISSUE_LISTENERS:
        ISSUE_LISTENERS.append(email_on_issue)

"""The e-mail a holder gets when their certificate is issued: in their language, with the PDF attached
when it is light (`CERTIFICATE_EMAIL_ATTACHMENT_LIMIT`, 250 kB by default) and a link otherwise.

A template with a full-page photo makes PDFs of several hundred kilobytes; mailed to a cohort of
hundreds that is heavy on the holders' phones and on the mail server (base64 makes it a third
bigger), while the dashboard link serves the same file behind the holder's login.

Sent at most once per certificate: the send and its `CertificateEvent` (EMAILED) happen while the
certificate row is locked, and a certificate with that event is never mailed again. A new
certificate gets here from `courses.certificates.issuing` once its issue commits, through
`send_certificate_email_task` (so the request or the completion that issued it does not wait for
the mail server); a bulk batch (`courses.certificates.bulk`) issues without it and sends its own.
"""

import logging

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from courses.certificates.choices import CertificateAction
from courses.certificates.models import Certificate, CertificateEvent
from courses.certificates.pdf.files import certificate_pdf_bytes, download_name, store_pdf
from courses.certificates.pdf.templates import holder_language

logger = logging.getLogger(__name__)


def site_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def already_emailed(certificate):
    return certificate.events.filter(action=CertificateAction.EMAILED).exists()


def build_message(certificate, pdf_bytes=None):
    """The e-mail for `certificate` (subject, plain text, HTML, the PDF attached when given)."""
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
    if not certificate.pdf:
        store_pdf(certificate)
    try:
        return certificate.pdf.size <= settings.CERTIFICATE_EMAIL_ATTACHMENT_LIMIT
    except OSError:
        return True  # the stored file went missing: certificate_pdf_bytes renders it again


def send_certificate_email(certificate_id, attach_pdf=True):
    """E-mail the holder their certificate once; True when sent now, False when there is nothing to send."""
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


@task()
def send_certificate_email_task(certificate_id):
    """A new certificate's PDF stored, then e-mailed to its holder (once)."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return False
    if not certificate.pdf:
        store_pdf(certificate)  # also for a holder without an address: the dashboard download is ready
    return send_certificate_email(certificate_id)


def queue_certificate_email(certificate):
    """Store the new certificate's PDF and e-mail it, in the background (called once its issue commits)."""
    send_certificate_email_task.enqueue(certificate.pk)

"""Stored PDFs on the private storage (`courses.certificates.storage`), one file per certificate named
after its number and verification code, so a revoked certificate keeps its PDF for the record and its
replacement gets its own."""

import logging
import re

from django.core.files.base import ContentFile

from courses.certificates.pdf.render import render_pdf

logger = logging.getLogger(__name__)


def pdf_file_name(certificate):
    number = re.sub(r"[^0-9A-Za-z]+", "-", certificate.number).strip("-") or "sertifikat"
    return f"{number}-{certificate.verification_code}.pdf"


def download_name(certificate):
    """The name a download is saved as: the number with its slashes replaced."""
    number = re.sub(r"[^0-9A-Za-z._-]+", "-", certificate.number).strip("-")
    return f"sertifikat-{number}.pdf"


def store_pdf(certificate):
    """Render the certificate and keep the PDF on the private storage (certificate.pdf)."""
    _store(certificate)


def _store(certificate):
    content = render_pdf(certificate)
    certificate.pdf.save(pdf_file_name(certificate), ContentFile(content), save=False)
    type(certificate).objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return content


def certificate_pdf_bytes(certificate):
    """The stored PDF; rendered and stored first when there is none yet (or its file went missing)."""
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as stored:
                return stored.read()
        except (FileNotFoundError, OSError):
            logger.warning("stored PDF of certificate %s is missing; rendering it again", certificate.pk)
    return _store(certificate)

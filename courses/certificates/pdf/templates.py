"""Which template a certificate is printed with, who signs it, and in which languages.

The one it was issued with, else the course's (`CourseCertificateSettings.template`), else the default
one, else a plain built-in layout. A bilingual template prints Indonesian with English beneath;
otherwise the holder's language is used (their admin language when they chose one, else Indonesian).
"""

import datetime

from django.utils import timezone

from courses.certificates.choices import CertificateLayout, TemplateLanguage
from courses.certificates.models import Certificate, CertificateTemplate, CourseCertificateSettings


class BuiltInTemplate:
    """The plain layout used when no template exists at all (a fresh site, tests)."""

    pk = None
    layout = CertificateLayout.CLASSIC
    language = TemplateLanguage.BILINGUAL
    background = None
    issue_place = ""
    seal_text = ""
    title_id = "SERTIFIKAT"
    title_en = "CERTIFICATE"
    body_id = "Diberikan kepada\n{name}\nsebagai peserta {course}, {start} sampai {end}."
    body_en = "Awarded to\n{name}\nfor taking part in {course}, {start} to {end}."
    logos = ()
    signatories = ()


def template_for(settings):
    """The template a course's `CourseCertificateSettings` choose, else the default one, else None."""
    if settings is not None and settings.template_id:
        template = CertificateTemplate.objects.filter(pk=settings.template_id).first()
        if template is not None:
            return template
    return CertificateTemplate.objects.filter(is_default=True).order_by("pk").first()


def logos_of(template):
    """The template's logos in order; a template being edited (the preview) has them in memory, unsaved."""
    if template is None or isinstance(template, BuiltInTemplate):
        return []
    return list(template.logos.select_related("image"))


def signatories_of(template):
    """As frozen on a certificate (`Certificate.signatories`): name, positions and signature image id."""
    if template is None:
        return []
    return [
        {
            "name": signatory.name,
            "position_id": signatory.position_id,
            "position_en": signatory.position_en,
            "signature": signatory.signature_id,
        }
        for signatory in template.signatories.all()
    ]


def certificate_template(certificate):
    """The template `certificate` is printed with (see the package's docstring)."""
    if certificate.template_id:
        template = CertificateTemplate.objects.filter(pk=certificate.template_id).first()
        if template is not None:
            return template

    return template_for(CourseCertificateSettings.for_course(certificate.course_key)) or BuiltInTemplate()


def holder_language(certificate):
    """The holder's chosen admin language when it is one we print, else Indonesian."""
    if certificate.holder_id:
        from wagtail.users.models import UserProfile

        language = (
            UserProfile.objects.filter(user_id=certificate.holder_id)
            .values_list("preferred_language", flat=True)
            .first()
        )
        if language and language.split("-")[0] == "en":
            return "en"
    return "id"


def languages_for(certificate, template):
    if template.language == TemplateLanguage.BILINGUAL:
        return ["id", "en"]
    return [holder_language(certificate)]


def sample_certificate(template):
    """An unsaved certificate to preview `template` with (the admin's "Preview PDF")."""
    return Certificate(
        holder_name="Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat",
        course_title_id="Pelatihan Kabupaten/Kota HAM",
        course_title_en="Human Rights Regency/City Training",
        course_start_date=datetime.date(2021, 8, 16),
        course_end_date=datetime.date(2021, 9, 3),
        learning_hours=30,
        number="001/PKH-SMG/IX/2021",
        year=2021,
        sequence=1,
        verification_code="CONTOH-contoh-CONTOH",
        issued_at=timezone.make_aware(datetime.datetime(2021, 9, 3, 12, 30)),
        signatories=signatories_of(template),
        template=template,
    )

"""Certificates for the Semarang training: the course issues them (code SMG, 30 JP) with the
bilingual "PKH Semarang 2021" template (the default one, classic layout, with both organisers'
logos, a seal, signatures, and Semarang as the place of issue), and the participants who met its
rules in 2021 hold one, numbered as issued on the last day, with its PDF stored.

Idempotent: the course's certificate settings are made once, completions and certificates are
looked up before they are made, PDFs are stored for the certificates that have none. The signatories,
their signatures and the city's emblem are invented (static/img/certificate/, drawn for the demo
as SVG; the Komnas HAM mark is the site's own, static/img/mark.svg).
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile

from courses.certificates.choices import CertificateLayout, TemplateLanguage
from courses.certificates.issuing import issue_certificate
from courses.certificates.models import (
    Certificate,
    CertificateTemplate,
    CertificateTemplateLogo,
    CertificateTemplateSignatory,
    CourseCertificateSettings,
)
from courses.certificates.pdf.files import store_pdf
from courses.certificates.pdf.images import image_model
from courses.completion import attendance_percent, evaluate
from courses.models import CourseCompletion, Enrolment, LessonCompletion

CERTIFICATE_SETTINGS = {"issue_certificates": True, "code": "SMG"}

ARTWORK = Path(settings.BASE_DIR) / "static" / "img" / "certificate"

TEMPLATE = {
    "name": "PKH Semarang 2021",
    "language": TemplateLanguage.BILINGUAL,
    "layout": CertificateLayout.CLASSIC,
    "issue_place": "Semarang",
    "seal_text": "Komnas HAM · Republik Indonesia",
    "title_id": "SERTIFIKAT",
    "title_en": "CERTIFICATE",
    "body_id": (
        "Diberikan kepada\n{name}\nsebagai peserta {course} yang diselenggarakan oleh Komnas HAM bersama "
        "Pemerintah Kota Semarang pada {start} sampai {end} dengan beban {hours} jam pelajaran (JP)."
    ),
    "body_en": (
        "Awarded to\n{name}\nfor taking part in {course}, held by Komnas HAM with the City Government of "
        "Semarang from {start} to {end}, {hours} learning hours (JP)."
    ),
}
LOGOS = [("Komnas HAM", "komnas-ham.png"), ("Pemerintah Kota Semarang", "kota-semarang.png")]
SIGNATORIES = [
    {
        "name": "Dr. Ratna Wulandari Siregar, S.H., M.H.",
        "position_id": "Komisioner Komnas HAM",
        "position_en": "Commissioner, National Human Rights Commission",
    },
    {
        "name": "Ir. Bambang Setyo Nugroho, M.Si.",
        "position_id": "Sekretaris Daerah Kota Semarang",
        "position_en": "Regional Secretary, City of Semarang",
    },
]
SIGNATURES = ["signature-1.png", "signature-2.png"]


def artwork(model, field_name, title, filename):
    """The demo picture `filename` as an image of the model `field_name` points to, made once."""
    images = image_model(field_name, model).objects
    image = images.filter(title=title).first()
    if image is None:
        with (ARTWORK / filename).open("rb") as source:
            image = images.create(title=title, file=ImageFile(source, name=f"certificate-{filename}"))
    return image


def demo_template():
    template, created = CertificateTemplate.objects.get_or_create(
        name=TEMPLATE["name"], defaults={**TEMPLATE, "is_default": True}
    )
    if created:
        for order, (name, filename) in enumerate(LOGOS):
            logo = artwork(CertificateTemplateLogo, "image", f"Logo {name} (sertifikat)", filename)
            CertificateTemplateLogo.objects.create(template=template, sort_order=order, image=logo, name=name)
        for order, (signatory, filename) in enumerate(zip(SIGNATORIES, SIGNATURES, strict=True)):
            title = f"Tanda tangan {signatory['name']}"
            signature = artwork(CertificateTemplateSignatory, "signature", title, filename)
            CertificateTemplateSignatory.objects.create(
                template=template, sort_order=order, signature=signature, **signatory
            )
    return template


def load(stdout, course):
    issue_certificates_for(course, demo_template())
    # The certificates were handed out at the closing session.
    closing = datetime.datetime.combine(course.end_date, datetime.time(12, 30), tzinfo=course.zone)
    lesson_keys = [lesson.translation_key for lesson in course.get_lessons()]
    enrolments = Enrolment.objects.for_course(course).active().select_related("user__participant_profile")
    issued = 0
    for enrolment in sorted(enrolments, key=lambda e: e.user.participant_profile.full_name):
        if not _completed(enrolment, course, lesson_keys, closing):
            continue
        _certificate, created = issue_certificate(enrolment, course, issued_at=closing)
        issued += created
    if issued:
        stdout.write(f"issued {issued} certificates for {course.title}")
    stored = 0
    for certificate in Certificate.objects.for_course(course).filter(pdf=""):
        store_pdf(certificate)
        stored += 1
    if stored:
        stdout.write(f"stored {stored} certificate PDFs")


def issue_certificates_for(course, template):
    """The course's certificate settings (shared by its pages in every language), made once."""
    CourseCertificateSettings.objects.get_or_create(
        course_key=course.course_key, defaults={**CERTIFICATE_SETTINGS, "template": template}
    )


def _completed(enrolment, course, lesson_keys, closing):
    """Participants with enough attendance worked through the lessons, and so completed the course."""
    if CourseCompletion.objects.filter(user=enrolment.user, course_key=course.course_key).exists():
        return True
    percent = attendance_percent(enrolment, course)
    if percent < (course.min_attendance_percent or 0):
        return False
    for key in lesson_keys:
        LessonCompletion.objects.get_or_create(
            user=enrolment.user, lesson_key=key, defaults={"course_key": course.course_key}
        )
    if not all(result.met for result in evaluate(enrolment, course)):
        return False
    CourseCompletion.objects.create(
        user=enrolment.user, course_key=course.course_key, completed_at=closing, attendance_percent=percent
    )
    return True

"""Certificates for the Semarang training: the course issues them (code SMG, 30 JP) with the
bilingual "PKH Semarang 2021" template (the default one), and the participants who met its rules
in 2021 hold one, numbered as issued on the last day, with its PDF stored.

Idempotent: the course's certificate settings are made once, completions and certificates are
looked up before they are made, PDFs are stored for the certificates that have none. The signatories are invented.
"""

import datetime

from courses.certificates.choices import TemplateLanguage
from courses.certificates.issuing import issue_certificate
from courses.certificates.models import (
    Certificate,
    CertificateTemplate,
    CertificateTemplateSignatory,
    CourseCertificateSettings,
)
from courses.certificates.pdf.files import store_pdf
from courses.completion import attendance_percent, evaluate
from courses.models import CourseCompletion, Enrolment, LessonCompletion

CERTIFICATE_SETTINGS = {"issue_certificates": True, "code": "SMG"}

TEMPLATE = {
    "name": "PKH Semarang 2021",
    "language": TemplateLanguage.BILINGUAL,
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


def demo_template():
    template, created = CertificateTemplate.objects.get_or_create(
        name=TEMPLATE["name"], defaults={**TEMPLATE, "is_default": True}
    )
    if created:
        for order, signatory in enumerate(SIGNATORIES):
            CertificateTemplateSignatory.objects.create(template=template, sort_order=order, **signatory)
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

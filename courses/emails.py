from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from courses.choices import EnrolmentStatus

SUBJECTS = {
    EnrolmentStatus.APPROVED: "courses/emails/enrolment_approved_subject.txt",
    EnrolmentStatus.PENDING: "courses/emails/enrolment_pending_subject.txt",
    EnrolmentStatus.WAITLISTED: "courses/emails/enrolment_waitlisted_subject.txt",
    EnrolmentStatus.REJECTED: "courses/emails/enrolment_rejected_subject.txt",
    EnrolmentStatus.WITHDRAWN: "courses/emails/enrolment_withdrawn_subject.txt",
}


def course_for(enrolment, language):
    from wagtail.models import Locale

    from courses.models import CoursePage

    courses = CoursePage.objects.filter(translation_key=enrolment.course_key).select_related("locale")
    by_language = {course.locale.language_code: course for course in courses}
    return (
        by_language.get(language)
        or by_language.get(Locale.get_default().language_code)
        or next(iter(by_language.values()), None)
    )


def send_enrolment_email(enrolment):
    """Tell the participant where they stand, in the language they are using the site in."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    course = course_for(enrolment, language)
    if course is None or not enrolment.user.email:
        return
    with translation.override(language):
        context = {"enrolment": enrolment, "course": course, "site_url": settings.WAGTAILADMIN_BASE_URL}
        subject = render_to_string(SUBJECTS[enrolment.status], context).strip()
        body = render_to_string("courses/emails/enrolment_status.txt", context)
    send_mail(subject, body, None, [enrolment.user.email])

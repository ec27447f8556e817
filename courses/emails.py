from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
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
    return course_in(enrolment.course_key, language)


def course_in(course_key, language):
    """The course page in `language`, else in the default language, else any."""
    from wagtail.models import Locale

    from courses.models import CoursePage

    courses = CoursePage.objects.filter(translation_key=course_key).select_related("locale")
    by_language = {course.locale.language_code: course for course in courses}
    return (
        by_language.get(language)
        or by_language.get(Locale.get_default().language_code)
        or next(iter(by_language.values()), None)
    )


def send_enrolment_email(enrolment, reason=""):
    """Tell the participant where they stand, in the language they are using the site in, with the
    staff's `reason` for a decision if they gave one."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    course = course_for(enrolment, language)
    if course is None or not enrolment.user.email:
        return
    with translation.override(language):
        context = {
            "enrolment": enrolment,
            "course": course,
            "reason": reason,
            "site_url": settings.WAGTAILADMIN_BASE_URL,
        }
        subject = render_to_string(SUBJECTS[enrolment.status], context).strip()
        body = render_to_string("courses/emails/enrolment_status.txt", context)
    send_mail(subject, body, None, [enrolment.user.email])


def notification_language():
    """The site's first language (Indonesian): for whoever has not chosen another."""
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def recipient_languages(users):
    """Each user's e-mail language by id: the one they read the admin in (their Wagtail profile,
    as Wagtail's own moderation e-mails do) when the site speaks it, else the site's first."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.users.models import UserProfile

    chosen = dict(
        UserProfile.objects.filter(user__in=[user.pk for user in users])
        .exclude(preferred_language="")
        .values_list("user_id", "preferred_language")
    )
    default = notification_language()
    languages = {}
    for user in users:
        try:
            languages[user.pk] = get_supported_content_language_variant(chosen.get(user.pk, default))
        except LookupError:
            languages[user.pk] = default
    return languages


def send_notifications(recipients, course_key, subject_template, body_template, context, language=None):
    """One e-mail per address (recipients never see each other), each in its reader's language (or
    in `language` for all), naming the course in it."""
    by_address = {user.email: user for user in recipients if user.email}
    if not by_address:
        return 0
    languages = recipient_languages(list(by_address.values()))
    rendered = {}
    messages = []
    for address in sorted(by_address):
        reader_language = language or languages[by_address[address].pk]
        if reader_language not in rendered:
            with translation.override(reader_language):
                language_context = {
                    **context,
                    "course": course_in(course_key, reader_language),
                    "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
                }
                subject = " ".join(render_to_string(subject_template, language_context).split())
                rendered[reader_language] = (subject, render_to_string(body_template, language_context))
        subject, body = rendered[reader_language]
        messages.append(EmailMessage(subject, body, None, [address]))
    return get_connection().send_messages(messages)

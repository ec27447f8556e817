"""Certificates for the Semarang training: the course issues them (code SMG, 30 JP), and the
participants who met its rules in 2021 hold one, numbered as issued on the last day.

Idempotent: settings are set once, completions and certificates are looked up before they are made.
"""

import datetime

from courses.certificates.issuing import issue_certificate
from courses.completion import attendance_percent, evaluate
from courses.models import CourseCompletion, CoursePage, Enrolment, LessonCompletion
from home.site_tree import publish

CERTIFICATE_SETTINGS = {"issue_certificates": True, "certificate_code": "SMG", "learning_hours": 30}


def load(stdout, course):
    for page in CoursePage.objects.filter(translation_key=course.translation_key):
        if not page.issue_certificates:
            for name, value in CERTIFICATE_SETTINGS.items():
                setattr(page, name, value)
            publish(page)
    course.refresh_from_db()
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

"""When a participant has completed a course, by the course's own rules.

The core's rules (attendance, lessons) are here; the plug-ins add theirs (quizzes passed, action
plan approved) through the `courses.hooks.COMPLETION_REQUIREMENTS` hook. Completion is recorded
once, with its timestamp, and announced through `courses.hooks.COURSE_COMPLETED` once committed
(certificates are issued there).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks as wagtail_hooks

from courses import hooks
from courses.access import active_enrolment
from courses.choices import AttendanceStatus
from courses.models import Attendance, CourseCompletion, CoursePage, LessonCompletion, LessonPage


@dataclass(frozen=True)
class RequirementResult:
    label: str
    met: bool
    detail: str = ""


def attendance_percent(enrolment, course):
    session_keys = [session.session_key for session in course.session_list]
    if not session_keys:
        return 100
    present = Attendance.objects.filter(
        enrolment=enrolment, session_key__in=session_keys, status=AttendanceStatus.PRESENT
    ).count()
    return round(100 * present / len(session_keys))


def minimum_attendance(enrolment, course):
    if course.min_attendance_percent is None:
        return None
    percent = attendance_percent(enrolment, course)
    return RequirementResult(
        _("Attendance of at least %(minimum)s%%") % {"minimum": course.min_attendance_percent},
        percent >= course.min_attendance_percent,
        _("%(percent)s%% so far") % {"percent": percent},
    )


def all_lessons(enrolment, course):
    if not course.require_all_lessons:
        return None
    lesson_keys = set(LessonPage.objects.child_of(course).live().values_list("translation_key", flat=True))
    done = set(
        LessonCompletion.objects.filter(user_id=enrolment.user_id, lesson_key__in=lesson_keys).values_list(
            "lesson_key", flat=True
        )
    )
    return RequirementResult(
        _("All lessons completed"),
        done >= lesson_keys,
        _("%(done)s of %(total)s") % {"done": len(done), "total": len(lesson_keys)},
    )


CORE_REQUIREMENTS = (minimum_attendance, all_lessons)


def evaluate(enrolment, course):
    """The course's rules as they stand for this participant (rules the course does not use are left out)."""
    results = [result for check in CORE_REQUIREMENTS if (result := check(enrolment, course)) is not None]
    return results + hooks.contributions(hooks.COMPLETION_REQUIREMENTS, enrolment, course)


def final_score(user_id, course):
    """The participant's final score in the course (a plug-in's, the quizzes'), or None when none is kept."""
    return next(iter(hooks.contributions(hooks.FINAL_SCORE, user_id, course)), None)


def update_completion(enrolment, course):
    """Record completion the first time every rule is met; returns the CourseCompletion or None."""
    if not enrolment.is_active:
        return None
    existing = CourseCompletion.objects.filter(user_id=enrolment.user_id, course_key=course.course_key).first()
    if existing is not None:
        return existing
    results = evaluate(enrolment, course)
    # A course without rules is never completed automatically; staff decide.
    if not results or not all(result.met for result in results):
        return None
    try:
        with transaction.atomic():
            completion = CourseCompletion.objects.create(
                user_id=enrolment.user_id,
                course_key=course.course_key,
                completed_at=timezone.now(),
                attendance_percent=attendance_percent(enrolment, course),
            )
    except IntegrityError:
        return CourseCompletion.objects.get(user_id=enrolment.user_id, course_key=course.course_key)
    transaction.on_commit(lambda: announce_completion(completion, course))
    return completion


def announce_completion(completion, course):
    for fn in wagtail_hooks.get_hooks(hooks.COURSE_COMPLETED):
        fn(completion, course)


def recheck_completion(user, course_key):
    """A result changed somewhere (a quiz, an action plan): the participant may have completed the course."""
    course = CoursePage.source_for(course_key)
    enrolment = active_enrolment(user, course) if course is not None else None
    return update_completion(enrolment, course) if enrolment is not None else None

"""“Kursus saya” / “My courses”: one participant's courses, progress and what comes next.

Built with a fixed number of queries whatever the number of courses, sessions and lessons.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from courses import hooks
from courses.choices import AttendanceStatus, EnrolmentStatus
from courses.models import (
    Attendance,
    CourseCompletion,
    CoursePage,
    CourseSession,
    Enrolment,
    LessonCompletion,
    LessonPage,
)
from home.routing import active_locale


@dataclass
class DashboardItem:
    course: CoursePage
    enrolment: Enrolment
    sessions: list
    lessons: list
    completed_lesson_keys: set
    attended_session_keys: set
    completion: CourseCompletion | None
    extras: dict = field(default_factory=dict)

    @property
    def pending_lessons(self):
        return [lesson for lesson in self.lessons if lesson.translation_key not in self.completed_lesson_keys]

    @property
    def progress_percent(self):
        total = len(self.lessons) + len(self.sessions)
        if not total:
            return 0
        done = len(self.completed_lesson_keys & {lesson.translation_key for lesson in self.lessons})
        done += len(self.attended_session_keys & {session.translation_key for session in self.sessions})
        return round(100 * done / total)

    @property
    def next_session(self):
        now = timezone.now()
        upcoming = [session for session in self.sessions if session.ends_at(self.course.zone) >= now]
        return min(upcoming, key=lambda session: session.starts_at(self.course.zone), default=None)

    @property
    def session_in_progress(self):
        """Whether the next session has started and not ended: it is "now", not "next, in 0 minutes"."""
        session = self.next_session
        return session is not None and session.starts_at(self.course.zone) <= timezone.now()

    def next_session_starts_at(self):
        session = self.next_session
        return session.starts_at(self.course.zone) if session else None


def localized_courses(course_keys, locale):
    """The course pages in the reader's language, falling back to any live version."""
    pages = CoursePage.objects.live().filter(translation_key__in=course_keys).select_related("locale")
    chosen = {}
    for page in pages:
        if page.translation_key not in chosen or page.locale_id == locale.pk:
            chosen[page.translation_key] = page
    return chosen


def dashboard_items(user):
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .exclude(status__in=[EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REJECTED])
        .order_by("-created_at")
    )
    if not enrolments:
        return []
    keys = [enrolment.course_key for enrolment in enrolments]
    courses = localized_courses(keys, active_locale())
    if not courses:
        return []
    sessions_by_course = {}
    for session in CourseSession.objects.filter(page__in=list(courses.values())).order_by("date", "start_time"):
        sessions_by_course.setdefault(session.page_id, []).append(session)
    lesson_filter = reduce(
        or_, [Q(path__startswith=course.path, depth=course.depth + 1) for course in courses.values()]
    )
    lessons_by_course = {}
    for lesson in LessonPage.objects.live().filter(lesson_filter).order_by("path"):
        lessons_by_course.setdefault(lesson.path[: -LessonPage.steplen], []).append(lesson)
    completed = set(
        LessonCompletion.objects.filter(user=user, course_key__in=keys).values_list("lesson_key", flat=True)
    )
    attended = set(
        Attendance.objects.filter(enrolment__in=enrolments, status=AttendanceStatus.PRESENT).values_list(
            "session_key", flat=True
        )
    )
    completions = {c.course_key: c for c in CourseCompletion.objects.filter(user=user, course_key__in=keys)}
    items = []
    for enrolment in enrolments:
        course = courses.get(enrolment.course_key)
        if course is None:
            continue
        item = DashboardItem(
            course=course,
            enrolment=enrolment,
            sessions=sessions_by_course.get(course.pk, []),
            lessons=lessons_by_course.get(course.path, []),
            completed_lesson_keys=completed,
            attended_session_keys=attended,
            completion=completions.get(enrolment.course_key),
        )
        items.append(item)
    hooks.contributions(hooks.DASHBOARD_ROWS, user, items)
    return items


def dashboard_sections(user):
    """What the plug-ins show below the courses (e.g. the participant's certificates)."""
    return hooks.contributions(hooks.DASHBOARD_SECTIONS, user)

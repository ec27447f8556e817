"""“Kursus saya” / “My courses”: one participant's courses, progress and what comes next.

Built with a fixed number of queries whatever the number of courses, sessions and lessons.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Cast
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
    children_of_any,
)
from home.content_cache import remember_many
from home.routing import active_locale


@dataclass
class DashboardItem:
    course: CoursePage
    enrolment: Enrolment
    sessions: list
    lessons: list
    completed_lesson_keys: set
    attended_session_keys: set
    completed_at: datetime.datetime | None  # when the participant completed the course
    extras: dict = field(default_factory=dict)

    @cached_property
    def pending_lessons(self):
        return [lesson for lesson in self.lessons if lesson.translation_key not in self.completed_lesson_keys]

    @cached_property
    def progress_percent(self):
        total = len(self.lessons) + len(self.sessions)
        if not total:
            return 0
        done = len(self.completed_lesson_keys & {lesson.translation_key for lesson in self.lessons})
        done += len(self.attended_session_keys & {session.translation_key for session in self.sessions})
        return round(100 * done / total)

    @cached_property
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


OUTLINE_KEY = "courses:outline:1:{course_key}"


@dataclass
class CourseOutline:
    """A course's live versions (every language), each one's sessions and its live lessons."""

    versions: list
    sessions: dict  # {course page pk: [CourseSession], by date and time}
    lessons: dict  # {course page path: [LessonPage], in tree order}

    def version_in(self, locale):
        """The version in `locale`, else any live one."""
        return next((page for page in self.versions if page.locale_id == locale.pk), self.versions[0])


def build_outlines(course_keys):
    """{course_key: CourseOutline or None (no live version)}, in three queries whatever the number of courses."""
    outlines = dict.fromkeys(course_keys)
    pages = list(CoursePage.objects.live().filter(translation_key__in=course_keys).select_related("locale"))
    if not pages:
        return outlines
    sessions = {}
    for session in CourseSession.objects.filter(page__in=pages).order_by("date", "start_time"):
        sessions.setdefault(session.page_id, []).append(session)
    lessons = {}
    # Without their bodies: the dashboard lists lessons, and the cache keeps them small.
    for lesson in LessonPage.objects.live().filter(children_of_any(pages)).defer("body").order_by("path"):
        lessons.setdefault(lesson.path[: -LessonPage.steplen], []).append(lesson)
    for page in pages:
        outline = outlines[page.translation_key] = outlines[page.translation_key] or CourseOutline([], {}, {})
        outline.versions.append(page)
        outline.sessions[page.pk] = sessions.get(page.pk, [])
        outline.lessons[page.path] = lessons.get(page.path, [])
    return outlines


def course_outlines(course_keys):
    """{course_key: CourseOutline} of the live courses among `course_keys`.

    The same for every participant and changed only by an editor, so kept in the cache until the
    next publish (home/content_cache.py): one cache round trip instead of three queries.
    """
    keyed = {OUTLINE_KEY.format(course_key=key): key for key in course_keys}

    def build(missing):
        outlines = build_outlines([keyed[cache_key] for cache_key in missing])
        return {cache_key: outlines[keyed[cache_key]] for cache_key in missing}

    found = remember_many(keyed, build)
    return {keyed[cache_key]: outline for cache_key, outline in found.items() if outline is not None}


def localized_courses(course_keys, locale):
    """{course_key: the live course page in `locale`, else any live version}."""
    return {key: outline.version_in(locale) for key, outline in course_outlines(course_keys).items()}


def progress_of(user, enrolments, course_keys):
    """(lessons done, sessions attended, {course_key: when the course was completed}) in one query."""

    def rows(queryset, kind, key, when=None):
        when = F(when) if when else Cast(Value(None), DateTimeField())
        return queryset.annotate(kind=Value(kind), key=F(key), when=when).values_list("kind", "key", "when")

    lessons = rows(LessonCompletion.objects.filter(user=user, course_key__in=course_keys), "lesson", "lesson_key")
    sessions = rows(
        Attendance.objects.filter(enrolment__in=enrolments, status=AttendanceStatus.PRESENT), "session", "session_key"
    )
    courses = rows(
        CourseCompletion.objects.filter(user=user, course_key__in=course_keys), "course", "course_key", "completed_at"
    )
    completed, attended, completions = set(), set(), {}
    for kind, key, when in lessons.union(sessions, courses, all=True):
        if kind == "lesson":
            completed.add(key)
        elif kind == "session":
            attended.add(key)
        else:
            completions[key] = when
    return completed, attended, completions


def dashboard_items(user):
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .exclude(status__in=[EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REJECTED])
        .order_by("-created_at")
    )
    if not enrolments:
        return []
    keys = [enrolment.course_key for enrolment in enrolments]
    outlines = course_outlines(set(keys))
    if not outlines:
        return []
    locale = active_locale()
    completed, attended, completions = progress_of(user, enrolments, keys)
    items = []
    for enrolment in enrolments:
        outline = outlines.get(enrolment.course_key)
        if outline is None:
            continue
        course = outline.version_in(locale)
        item = DashboardItem(
            course=course,
            enrolment=enrolment,
            sessions=outline.sessions.get(course.pk, []),
            lessons=outline.lessons.get(course.path, []),
            completed_lesson_keys=completed,
            attended_session_keys=attended,
            completed_at=completions.get(enrolment.course_key),
        )
        items.append(item)
    hooks.contributions(hooks.DASHBOARD_ROWS, user, items)
    return items


def dashboard_sections(user):
    """What the plug-ins show below the courses (e.g. the participant's certificates)."""
    return hooks.contributions(hooks.DASHBOARD_SECTIONS, user)

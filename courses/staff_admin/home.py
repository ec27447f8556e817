"""A facilitator's admin home: their courses and the work waiting, as a Wagtail dashboard panel.

Registered with `construct_homepage_panels` in `courses.wagtail_hooks`. The core counts the
enrolments to decide; the plug-ins add their waiting work (action plans, essays, certificate
batches) through `courses.hooks.STAFF_TASKS`. A fixed number of queries whatever the number of courses.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from courses import hooks, reports
from courses.access import facilitated_courses, is_any_course_staff
from courses.choices import EnrolmentStatus
from courses.models import CourseSession


@dataclass
class CourseRow:
    course: object
    counts: dict
    next_session: CourseSession | None = None
    tasks: list = field(default_factory=list)

    @property
    def participants(self):
        return self.counts[EnrolmentStatus.APPROVED]

    @property
    def next_session_starts_at(self):
        return self.next_session.starts_at(self.course.zone) if self.next_session else None


def enrolments_to_decide(user, courses):
    """`STAFF_TASKS` of the core: pending enrolments, linked to the course's list filtered on them."""
    counts = reports.status_counts_by_course(course.course_key for course in courses)
    tasks = []
    for course in courses:
        count = counts.get(course.course_key, {}).get(EnrolmentStatus.PENDING, 0)
        if count:
            url = f"{reverse('courses_admin_enrolments', args=[course.pk])}?{urlencode({'status': 'pending'})}"
            tasks.append((course, _("Enrolments to decide"), count, url))
    return tasks


def course_rows(user, now=None):
    """The courses `user` manages, each with its participants, next session and waiting work."""
    courses = list(facilitated_courses(user))
    if not courses:
        return []
    now = now or timezone.now()
    counts = reports.status_counts_by_course(course.course_key for course in courses)
    empty = dict.fromkeys(EnrolmentStatus.values, 0)
    rows = {course.pk: CourseRow(course, counts.get(course.course_key, empty)) for course in courses}
    yesterday = timezone.localdate(now) - datetime.timedelta(days=1)  # a session may end after midnight UTC
    sessions = CourseSession.objects.filter(page__in=courses, date__gte=yesterday).order_by("date", "start_time")
    for session in sessions:
        row = rows[session.page_id]
        if row.next_session is None and session.ends_at(row.course.zone) >= now:
            row.next_session = session
    for tasks in hooks.contributions(hooks.STAFF_TASKS, user, courses):
        for course, label, count, url in tasks:
            if count:
                rows[course.pk].tasks.append({"label": label, "count": count, "url": url})
    return list(rows.values())


class CoursesPanel(Component):
    """ "Your courses" on the admin home of course staff: dates, participants, next session, work waiting."""

    name = "courses"
    template_name = "courses/admin/home_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = course_rows(self.user)
        context.update(rows=rows, waiting=sum(task["count"] for row in rows for task in row.tasks))
        return context


def add_courses_panel(request, panels):
    """`construct_homepage_panels`: the panel for anyone who manages or facilitates a course."""
    if is_any_course_staff(request.user):
        panels.append(CoursesPanel(request.user))

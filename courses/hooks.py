"""Where the plug-ins (quiz, certificates, community) join the courses core: Wagtail hooks.

The core (course pages, sessions, lessons, enrolment, attendance, completion, dashboard, staff
admin) never imports a plug-in. When it needs a plug-in's contribution it asks the hooks named
here, the way Wagtail asks `register_admin_menu_item`; a plug-in answers from its own
`wagtail_hooks.py`:

    from wagtail import hooks

    from courses import hooks as course_hooks

    @hooks.register(course_hooks.COMPLETION_REQUIREMENTS)
    def quizzes_passed(enrolment, course): ...

Each name below says what the function receives and returns. `contributions()` calls every
function registered for a name, in Wagtail's hook order, and leaves out the `None` answers.
"""

from wagtail import hooks

COMPLETION_REQUIREMENTS = "courses_completion_requirements"
"""f(enrolment, course) -> `courses.completion.RequirementResult`, or None when the course does not use the rule."""

COURSE_COMPLETED = "courses_course_completed"
"""f(completion, course), once a participant's completion is committed (certificates issue here)."""

FINAL_SCORE = "courses_final_score"
"""f(user_id, course) -> Decimal percentage, or None: the participant's final score in the course (the quizzes')."""

COURSE_SEQUENCE = "courses_course_sequence"
"""f(course) -> live pages that join the lessons in the course's sequence (previous/next), e.g. quiz pages."""

PAGE_ROUTES = "courses_page_routes"
"""f(page_class) -> [django.urls.path(...)]: sub-routes of a page using PluggablePageMixin (course, lesson, quiz page), or [] for other classes.

A view is called as `view(page, request, **kwargs)`; the core's own (enrol, check in, mark a lesson
complete, the calendar) come this way too, so the page models import no views.
"""

PAGE_CONTEXT = "courses_page_context"
"""f(page, request) -> dict or None: context a course or lesson page gets for this reader."""

COURSE_PAGE_ROWS = "courses_course_page_rows"
"""f(course, user, with_standing) -> rows for the course page's sequence: {"lesson": page, "done": bool, ...}.

`with_standing` is true for the course's participants and staff; rows may then carry the reader's standing.
"""

COURSE_PAGE_LINKS = "courses_course_page_links"
"""f(course, access) -> [{"url": ..., "label": ...}]: links on the course page for this reader.

`access` is the reader's `courses.access.CourseAccess` (e.g. the forum for members, the alumni list for all).
"""

DASHBOARD_ROWS = "courses_dashboard_rows"
"""f(user, items): add to each `courses.dashboard.DashboardItem.extras` a {"template": ..., ...} row.

Called once for all the participant's courses, so a contribution costs a fixed number of queries.
"""

DASHBOARD_SECTIONS = "courses_dashboard_sections"
"""f(user) -> {"template": ..., ...} or None: a section of "My courses" below the courses (e.g. certificates)."""

COURSE_ADMIN_TABS = "courses_course_admin_tabs"
"""f(course) -> [(url name, label)]: tabs a plug-in adds to a course's staff pages in the admin.

The URL name is reversed with the course's id, like the core's own tabs.
"""

REPORT_SECTIONS = "courses_report_sections"
"""f(course) -> `courses.reports.ReportSection` or None: a table of counts in the course report and its exports."""

STAFF_TASKS = "courses_staff_tasks"
"""f(user, courses) -> [(course, label, count, url)]: work waiting for the staff of `courses` (a list of source-language course pages).

Shown on the admin home's "Your courses" panel, a row per course and task with a count above zero
and a link to where the work is done. Called once for all the courses, so a fixed number of queries.
"""

GRADEBOOK_COLUMNS = "courses_gradebook_columns"
"""f(course) -> [(name, label, expression, display)]: columns of the course's progress sheet (gradebook).

The sheet is a queryset of the course's approved `Enrolment`s; `expression` annotates each row as
`name` (a `Subquery` on `OuterRef("user_id")`, say), so the column sorts in the database and costs
no query per participant. `display(value)` turns the value into what the sheet and its exports
show (e.g. a choice's label), or is None to show it as it is.
"""


PERSONAL_DATA = "courses_personal_data"
"""f(user) -> {key: JSON-ready data}: what a plug-in holds about a participant, for their data download."""

BEFORE_ERASE_PARTICIPANT = "courses_before_erase_participant"
"""f(user), inside the erasure's transaction before the account is deleted (e.g. hand over shared work)."""


def contributions(name, *args, **kwargs):
    """Every answer of the functions registered for `name`, in hook order, without the Nones."""
    return [answer for fn in hooks.get_hooks(name) if (answer := fn(*args, **kwargs)) is not None]

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from courses import admin_views, demo, log_actions, page_views
from courses import hooks as course_hooks
from courses.access import facilitated_courses, is_course_staff
from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.staff_admin import attendance, enrolments, gradebook, home, invitations, report
from home import converters  # noqa: F401 (registers the "id" path converter)
from home import hooks as home_hooks
from home.site_tree import ensure_section


@hooks.register("register_admin_urls")
def register_course_admin_urls():
    course = "courses/<id:course_id>"
    return [
        path("courses/", admin_views.CourseIndexView.as_view(), name="courses_admin_index"),
        path(f"{course}/", enrolments.EnrolmentsView.as_view(), name="courses_admin_enrolments"),
        path(
            f"{course}/results/",
            enrolments.EnrolmentsView.as_view(results_only=True),
            name="courses_admin_enrolments_results",
        ),
        path(
            f"{course}/enrolments/decide/",
            enrolments.EnrolmentDecisionView.as_view(),
            name="courses_admin_decide_many",
        ),
        path(
            f"{course}/enrolments/<id:enrolment_id>/decide/",
            enrolments.EnrolmentDecisionView.as_view(),
            name="courses_admin_decide",
        ),
        path(f"{course}/roster/<str:file_format>/", enrolments.RosterExportView.as_view(), name="courses_admin_roster"),
        path(f"{course}/invite/", invitations.ImportParticipantsView.as_view(), name="courses_admin_import"),
        path(f"{course}/attendance/", attendance.AttendanceView.as_view(), name="courses_admin_attendance"),
        path(
            f"{course}/attendance/<id:session_id>/",
            attendance.SessionAttendanceView.as_view(),
            name="courses_admin_session",
        ),
        path(
            f"{course}/attendance/<id:session_id>/import/",
            attendance.SessionAttendanceImportView.as_view(),
            name="courses_admin_session_import",
        ),
        path(f"{course}/progress/", gradebook.GradebookView.as_view(), name="courses_admin_gradebook"),
        path(
            f"{course}/progress/results/",
            gradebook.GradebookView.as_view(results_only=True),
            name="courses_admin_gradebook_results",
        ),
        path(f"{course}/report/", report.ReportView.as_view(), name="courses_admin_report"),
        path(
            f"{course}/report/<str:file_format>/",
            report.ReportExportView.as_view(),
            name="courses_admin_report_export",
        ),
    ]


hooks.register("register_log_actions", log_actions.register_actions)
hooks.register("construct_homepage_panels", home.add_courses_panel)
hooks.register(course_hooks.STAFF_TASKS, home.enrolments_to_decide)


@hooks.register(course_hooks.COURSE_ADMIN_TABS, order=-10)
def gradebook_tab(course):
    """The progress sheet, next to the core's own tabs (a core tab given the plug-ins' way, as a URL name)."""
    return [(gradebook.SECTION, _("Progress sheet"))]


class CourseStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return facilitated_courses(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_courses_menu_item():
    return CourseStaffMenuItem(
        _("Courses"), reverse("courses_admin_index"), name="courses", icon_name="group", order=150
    )


@hooks.register("register_page_header_buttons")
def course_management_button(page, user, view_name, next_url=None):
    if page.specific_class is CoursePage and is_course_staff(user, page.specific_deferred):
        yield Button(
            _("Manage participants"),
            reverse("courses_admin_enrolments", args=[page.pk]),
            icon_name="group",
            priority=5,
        )


# The course and lesson pages' reader side (`courses.page_views`) --------------------------------

hooks.register(course_hooks.PAGE_ROUTES, page_views.page_routes)
hooks.register(course_hooks.PAGE_CONTEXT, page_views.page_context)


@hooks.register("before_serve_page")
def keep_lessons_to_members(page, request, serve_args, serve_kwargs):
    if isinstance(page, LessonPage):
        return page_views.lesson_refusal(page, request)
    return None


@hooks.register(home_hooks.SITE_SECTIONS, order=200)
def training_section(home_pages):
    return "courses", ensure_section(
        home_pages, CourseIndexPage, titles=("Pelatihan", "Training"), slugs=("pelatihan", "training")
    )


@hooks.register(home_hooks.HOME_PAGE_CONTEXT)
def upcoming_trainings(page, request):
    """The home page's next three trainings of its language (still running or yet to start)."""
    courses = CoursePage.objects.descendant_of(page).live().public().filter(end_date__gte=timezone.localdate())
    return {
        "upcoming_courses": courses.order_by("start_date", "pk")[:3],
        "course_index": CourseIndexPage.objects.child_of(page).live().public().first(),
    }


@hooks.register(home_hooks.LOAD_DEMO_DATA, order=200)
def load_demo_courses(stdout, tree):
    demo.load(stdout, tree.courses)

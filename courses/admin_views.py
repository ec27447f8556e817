"""Course management in the Wagtail admin: the list of courses and the frame of one course's pages.

Every course view works on the source-language course page and first checks
`courses.access.is_course_staff`: facilitators reach only their own courses (403 otherwise),
editors and admins every course. The views of each job live in `courses.staff_admin`
(enrolments, invitations, attendance, report); the rules themselves in `courses.enrolment`,
`courses.attendance`, `courses.completion`, `courses.staff` and `courses.reports`. Plug-ins add
tabs to a course's pages through `courses.hooks.COURSE_ADMIN_TABS` and build their own course pages
on `CourseView`/`CourseSectionsMixin`, `participant_name` and `export` from here.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses import hooks, reports
from courses.access import facilitated_courses, forbidden, is_course_staff, manages_all_courses
from courses.choices import EnrolmentStatus
from courses.models import CoursePage

ICON = "group"
FILE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def participant_name(user):
    profile = getattr(user, "participant_profile", None)
    return profile.full_name if profile is not None and profile.full_name else user.email


def file_response(content, filename, file_format):
    response = HttpResponse(content, content_type=FILE_FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def export(header, rows, filename, file_format, sheet_title):
    if file_format not in FILE_FORMATS:
        raise Http404
    if file_format == "csv":
        return file_response(reports.to_csv(header, rows), filename, file_format)
    return file_response(reports.to_xlsx(header, rows, sheet_title), filename, file_format)


class CourseIndexView(WagtailAdminTemplateMixin, View):
    """The courses the user manages."""

    template_name = "courses/admin/index.html"
    page_title = gettext_lazy("Courses")
    header_icon = ICON

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request):
        courses = list(facilitated_courses(request.user))
        if not courses and not manages_all_courses(request.user):
            return forbidden(request)
        counts = reports.status_counts_by_course(course.course_key for course in courses)
        empty = dict.fromkeys(EnrolmentStatus.values, 0)
        rows = [{"course": course, "counts": counts.get(course.course_key, empty)} for course in courses]
        return self.render_to_response(self.get_context_data(rows=rows))


class CourseSectionsMixin:
    """One course's pages in a staff area: the course as title, tabs of `sections()`, breadcrumbs.

    Set `url_prefix` (URL names are the prefix and a section name, with the course's id first),
    `index_url_name` and `index_label` (the area's list of courses), `home_section` (the course's
    first tab), and `self.course` in dispatch.
    """

    section = ""
    section_label = ""
    url_prefix = ""
    index_url_name = ""
    index_label = ""
    home_section = ""

    def sections(self):
        """(name, label) of each tab; the URL is the prefix and the name, reversed with the course's id."""
        return []

    def contributed_sections(self):
        """(URL name, label) of the tabs plug-ins add (`courses.hooks.COURSE_ADMIN_TABS`)."""
        return []

    def url(self, name, *args, **query):
        url = reverse(f"{self.url_prefix}{name}", args=[self.course.pk, *args])
        return f"{url}?{urlencode(query)}" if query else url

    def get_page_title(self):
        return self.course.title

    def get_page_subtitle(self):
        return self.section_label

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": self.url(self.home_section), "label": self.course.title},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["course"] = self.course
        context["sections"] = [
            {"label": label, "url": self.url(name), "current": name == self.section} for name, label in self.sections()
        ] + [
            {"label": label, "url": reverse(url_name, args=[self.course.pk]), "current": url_name == self.section}
            for url_name, label in self.contributed_sections()
        ]
        return context


class CourseView(CourseSectionsMixin, WagtailAdminTemplateMixin, View):
    """Base for the pages of one course: resolves the course, checks staff rights, draws the tabs."""

    header_icon = ICON
    url_prefix = "courses_admin_"
    index_url_name = "courses_admin_index"
    index_label = gettext_lazy("Courses")
    home_section = "enrolments"

    def dispatch(self, request, course_id, *args, **kwargs):
        self.course = CoursePage.source_for(get_object_or_404(CoursePage, pk=course_id))
        if not is_course_staff(request.user, self.course):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def sections(self):
        return [
            ("enrolments", _("Enrolments")),
            ("import", _("Invite participants")),
            ("attendance", _("Attendance")),
            ("report", _("Report")),
        ]

    def contributed_sections(self):
        return [tab for tabs in hooks.contributions(hooks.COURSE_ADMIN_TABS, self.course) for tab in tabs]

"""Course management in the Wagtail admin: enrolments, invitations, attendance and the report.

Every view works on the source-language course page and first checks
`courses.access.is_course_staff`: facilitators reach only their own courses (403 otherwise),
editors and admins every course. The rules themselves live in `courses.enrolment`,
`courses.attendance`, `courses.completion`, `courses.staff` and `courses.reports`. Plug-ins add
tabs to a course's pages through `courses.hooks.COURSE_ADMIN_TABS`.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses import hooks, reports
from courses.access import facilitated_courses, forbidden, is_course_staff, manages_all_courses
from courses.attendance import AttendanceError, import_csv, record
from courses.charts import Bar, horizontal_bar_chart
from courses.checked_import import CheckedImportMixin
from courses.choices import AttendanceSource, AttendanceStatus, EnrolmentStatus
from courses.completion import update_completion
from courses.enrolment import EnrolmentError, approve, reject, waitlist
from courses.models import Attendance, CoursePage, CourseSession, Enrolment
from courses.staff import Invitee, ParticipantImportError, invite_participants, parse_participants

ICON = "group"
ENROLMENTS_PER_PAGE = 50
FILE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Which decisions make sense from which status; a withdrawn participant left of their own accord.
DECISIONS = {
    "approve": (
        gettext_lazy("Approve"),
        {EnrolmentStatus.PENDING, EnrolmentStatus.WAITLISTED, EnrolmentStatus.REJECTED},
    ),
    "waitlist": (gettext_lazy("Move to waiting list"), {EnrolmentStatus.PENDING, EnrolmentStatus.REJECTED}),
    "reject": (gettext_lazy("Reject"), {EnrolmentStatus.PENDING, EnrolmentStatus.WAITLISTED, EnrolmentStatus.APPROVED}),
}
DECIDED_MESSAGES = {
    "approve": gettext_lazy("%(name)s is enrolled and has been e-mailed."),
    "waitlist": gettext_lazy("%(name)s is on the waiting list and has been e-mailed."),
    "reject": gettext_lazy("%(name)s is rejected and has been e-mailed."),
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


class EnrolmentsView(CourseView):
    template_name = "courses/admin/enrolments.html"
    section = "enrolments"
    section_label = gettext_lazy("Enrolments")

    def get(self, request):
        status = request.GET.get("status", "")
        if status not in EnrolmentStatus.values:
            status = ""
        counts = reports.status_counts(self.course)
        filters = [
            {"label": _("All"), "count": sum(counts.values()), "url": self.url("enrolments"), "current": not status}
        ]
        filters += [
            {
                "label": label,
                "count": counts[value],
                "url": self.url("enrolments", status=value),
                "current": value == status,
            }
            for value, label in EnrolmentStatus.choices
        ]
        paginator = WagtailPaginator(reports.course_enrolments(self.course, status), ENROLMENTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        rows = [
            {
                "enrolment": enrolment,
                "name": participant_name(enrolment.user),
                "profile": getattr(enrolment.user, "participant_profile", None),
                "decisions": [
                    (action, label) for action, (label, sources) in DECISIONS.items() if enrolment.status in sources
                ],
            }
            for enrolment in page.object_list
        ]
        context = self.get_context_data(
            rows=rows,
            filters=filters,
            status=status,
            items=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            capacity_left=None
            if self.course.capacity is None
            else max(self.course.capacity - counts[EnrolmentStatus.APPROVED], 0),
            active=counts[EnrolmentStatus.APPROVED],
            export_urls=[
                (label, self.url("roster", file_format, **({"status": status} if status else {})))
                for file_format, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))
            ],
            next_url=request.get_full_path(),
        )
        return self.render_to_response(context)


class EnrolmentDecisionView(CourseView):
    http_method_names = ["post"]

    def post(self, request, enrolment_id):
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("user__participant_profile"),
            pk=enrolment_id,
            course_key=self.course.course_key,
        )
        action = request.POST.get("action", "")
        next_url = get_valid_next_url_from_request(request) or self.url("enrolments")
        if action not in DECISIONS or enrolment.status not in DECISIONS[action][1]:
            messages.error(request, _("That decision is not possible for this participant any more."))
            return redirect(next_url)
        try:
            if action == "approve":
                approve(enrolment, self.course, by=request.user)
            elif action == "waitlist":
                waitlist(enrolment, by=request.user)
            else:
                reject(enrolment, by=request.user, course=self.course)
        except EnrolmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, DECIDED_MESSAGES[action] % {"name": participant_name(enrolment.user)})
        return redirect(next_url)


class RosterExportView(CourseView):
    def get(self, request, file_format):
        status = request.GET.get("status", "")
        rows = reports.roster_rows(self.course, status if status in EnrolmentStatus.values else None)
        return export(reports.ROSTER_HEADER, rows, f"{self.course.slug}-roster", file_format, _("Participants"))


class ParticipantFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant list"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx) with the columns email, full_name, participant_type (asn, activist or other) "
            "and organisation. Nothing is saved until every line is right."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportParticipantsView(CheckedImportMixin, CourseView):
    """Upload a list, see every problem by line, confirm a clean list: invitations and e-mails."""

    template_name = "courses/admin/import.html"
    section = "import"
    section_label = gettext_lazy("Invite participants")
    form_class = ParticipantFileForm
    parse_error = ParticipantImportError
    empty_message = gettext_lazy("The file lists no participants.")
    heading_level = 3
    preview_template = "courses/admin/import_preview.html"
    preview_caption = gettext_lazy("Participants to invite")
    upload_heading = gettext_lazy("Upload a participant list")
    upload_intro = gettext_lazy(
        "Invited participants receive an e-mail with the sign-up link and the course page. When they enrol with "
        "the invited e-mail address, they are accepted without approval or enrolment key."
    )
    confirm_label = gettext_lazy("Save invitations and send e-mails")
    preview_heading = ngettext_lazy(
        "The file is correct: %(counter)s participant will be invited.",
        "The file is correct: %(counter)s participants will be invited.",
        "counter",
    )
    expired_message = gettext_lazy("The checked list has expired. Upload the file again.")

    @cached_property
    def token_salt(self):
        return f"courses.invite:{self.course.course_key}:{self.request.user.pk}"

    def render(self, form, status=200, **extra):
        context = self.get_context_data(
            form=form, invitations=reports.course_invitations(self.course).select_related("created_by"), **extra
        )
        return self.render_to_response(context, status=status)

    def parse(self, name, content):
        result = parse_participants(name, content)
        return result.invitees, result.errors

    def save(self, data):
        created, updated = invite_participants(self.course, [Invitee(**row) for row in data], by=self.request.user)
        return _("%(created)s new invitations, %(updated)s updated. The invitees are being e-mailed.") % {
            "created": created,
            "updated": updated,
        }

    def import_url(self):
        return self.url("import")


class AttendanceView(CourseView):
    """The sessions, with how many were marked present, each linking to its register."""

    template_name = "courses/admin/attendance.html"
    section = "attendance"
    section_label = gettext_lazy("Attendance")

    def get(self, request):
        sessions = reports.active_sessions(self.course)
        active = reports.status_counts(self.course)[EnrolmentStatus.APPROVED]
        rows = reports.session_attendance(self.course, sessions, active)
        for row in rows:
            row.url = self.url("session", row.session.pk)
        return self.render_to_response(self.get_context_data(rows=rows, zone=self.course.zone_abbreviation))


class AttendanceFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Meeting tool report (CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, minutes_present, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "One line per participant with an e-mail column and a minutes column. "
            "%(minutes)s minutes or more count as present. Nothing is recorded if any line is wrong."
        ) % {"minutes": minutes_present}


class SessionAttendanceView(CourseView):
    """The register of one session: mark present or absent, or import the meeting tool's CSV."""

    template_name = "courses/admin/session_attendance.html"
    section = "attendance"

    def dispatch(self, request, course_id, session_id, *args, **kwargs):
        self.session_id = session_id
        return super().dispatch(request, course_id, *args, **kwargs)

    @cached_property
    def session(self):
        return get_object_or_404(CourseSession, pk=self.session_id, page=self.course)

    def get_page_subtitle(self):
        return self.session.title

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1] = {"url": self.url("attendance"), "label": _("Attendance")}
        return items + [{"url": "", "label": self.session.title}]

    def active_enrolments(self):
        return list(reports.course_enrolments(self.course, EnrolmentStatus.APPROVED))

    def render(self, upload_form=None, status=200, **extra):
        enrolments = self.active_enrolments()
        marks = {
            mark.enrolment_id: mark
            for mark in Attendance.objects.filter(session_key=self.session.session_key, enrolment__in=enrolments)
        }
        rows = [
            {"enrolment": enrolment, "name": participant_name(enrolment.user), "mark": marks.get(enrolment.pk)}
            for enrolment in enrolments
        ]
        context = self.get_context_data(
            session=self.session,
            starts_at=self.session.starts_at(self.course.zone),
            ends_at=self.session.ends_at(self.course.zone),
            zone=self.course.zone_abbreviation,
            rows=rows,
            statuses=AttendanceStatus.choices,
            upload_form=upload_form or AttendanceFileForm(minutes_present=self.course.attendance_minutes_present),
            import_url=self.url("session_import", self.session.pk),
            **extra,
        )
        return self.render_to_response(context, status=status)

    def get(self, request):
        return self.render()

    def post(self, request):
        enrolments = self.active_enrolments()
        marks = {
            mark.enrolment_id: mark.status
            for mark in Attendance.objects.filter(session_key=self.session.session_key, enrolment__in=enrolments)
        }
        changed = []
        for enrolment in enrolments:
            status = request.POST.get(f"attendance-{enrolment.pk}", "")
            if status in AttendanceStatus.values and marks.get(enrolment.pk) != status:
                record(enrolment, self.session, status, source=AttendanceSource.STAFF, by=request.user)
                changed.append(enrolment)
        for enrolment in changed:
            update_completion(enrolment, self.course)
        messages.success(request, _("Attendance saved: %(count)s changed.") % {"count": len(changed)})
        return redirect(self.url("session", self.session.pk))


class SessionAttendanceImportView(SessionAttendanceView):
    http_method_names = ["post"]

    def post(self, request):
        form = AttendanceFileForm(request.POST, request.FILES, minutes_present=self.course.attendance_minutes_present)
        if not form.is_valid():
            return self.render(form, status=400)
        started = timezone.now()
        try:
            report = import_csv(self.course, self.session, form.cleaned_data["file"].read(), by=request.user)
        except AttendanceError as error:
            form.add_error("file", str(error))
            return self.render(form, status=400)
        if report.errors:
            return self.render(form, status=400, import_report=report)
        imported = (
            Enrolment.objects.for_course(self.course)
            .active()
            .filter(
                attendances__session_key=self.session.session_key,
                attendances__source=AttendanceSource.IMPORT,
                attendances__recorded_at__gte=started,
            )
        )
        for enrolment in imported:
            update_completion(enrolment, self.course)
        messages.success(
            request,
            _("Attendance imported: %(recorded)s recorded (%(present)s present, %(absent)s absent).")
            % {"recorded": report.recorded, "present": report.present, "absent": report.absent},
        )
        return self.render(import_report=report)


class ReportView(CourseView):
    template_name = "courses/admin/report.html"
    section = "report"
    section_label = gettext_lazy("Report")

    @staticmethod
    def chart(chart_id, title, description, bars, maximum=None):
        return {"title": title, "svg": horizontal_bar_chart(chart_id, title, description, bars, maximum)}

    def get_charts(self, report):
        session_bars = [
            Bar(
                f"{row.session.title} ({formats.date_format(row.session.date, 'SHORT_DATE_FORMAT')})",
                row.rate or 0,
                f"{row.rate}% ({row.present}/{row.expected})" if row.rate is not None else "–",
            )
            for row in report.sessions
        ]
        type_bars = [
            Bar(tally.label, tally.count, f"{tally.count} ({tally.percent or 0}%)") for tally in report.by_type
        ]
        return [
            self.chart(
                "chart-attendance",
                _("Attendance rate per session"),
                _("Share of enrolled participants marked present in each session, from 0 to 100%."),
                session_bars,
                maximum=100,
            ),
            self.chart(
                "chart-participant-type",
                _("Enrolled participants by type"),
                _("Number of enrolled participants of each type, out of %(total)s.") % {"total": report.active},
                type_bars,
                maximum=report.active,
            ),
        ]

    def get(self, request):
        report = reports.course_report(self.course)
        context = self.get_context_data(
            report=report,
            charts=self.get_charts(report),
            export_urls=[
                (label, self.url("report_export", file_format))
                for file_format, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))
            ],
        )
        return self.render_to_response(context)


class ReportExportView(CourseView):
    def get(self, request, file_format):
        rows = reports.report_rows(reports.course_report(self.course))
        return export(reports.REPORT_HEADER, rows, f"{self.course.slug}-report", file_format, _("Report"))

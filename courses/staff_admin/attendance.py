"""Attendance for a course's staff: the sessions, one session's register, the meeting tool's CSV."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import reports
from courses.admin_views import CourseView, participant_name
from courses.attendance import AttendanceError, import_csv, record
from courses.choices import AttendanceSource, AttendanceStatus, EnrolmentStatus
from courses.completion import update_completion
from courses.models import Attendance, CourseSession, Enrolment


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

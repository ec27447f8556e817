"""A course's enrolments for its staff: the list with its filters and exports, and the decisions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.utils import get_valid_next_url_from_request

from courses import reports
from courses.admin_views import CourseView, export, participant_name
from courses.choices import EnrolmentStatus
from courses.enrolment import EnrolmentError, approve, reject, waitlist
from courses.models import Enrolment

ENROLMENTS_PER_PAGE = 50

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

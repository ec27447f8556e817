"""A course's enrolments for its staff: the list with its filters and exports, and the decisions.

The list is Wagtail's generic `IndexView` scoped to one course: `list_filter` through a
django-filter FilterSet, `list_export` for CSV and XLSX. Its exports keep participants' typed-in
text inert in spreadsheets (`courses.reports.inert`), since anyone can sign up and type `=…`.
"""

import datetime
import io
from collections import OrderedDict

import django_filters

from django import forms
from django.contrib import messages
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView

from courses import reports
from courses.admin_views import CourseView, file_response, participant_name
from courses.choices import EnrolmentStatus, ParticipantType
from courses.enrolment import EnrolmentError, approve, reject, waitlist
from courses.models import Enrolment
from home.converters import parse_id
from home.security import requested_next_url

ENROLMENTS_PER_PAGE = 50
EXPORT_LABELS = (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))

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
DECIDED_MANY_MESSAGES = {
    "approve": gettext_lazy("%(count)s participants are enrolled and have been e-mailed."),
    "waitlist": gettext_lazy("%(count)s participants are on the waiting list and have been e-mailed."),
    "reject": gettext_lazy("%(count)s participants are rejected and have been e-mailed."),
}


class ParticipantFilterSet(WagtailFilterSet):
    """Who the participants of an enrolment list are: shared by the enrolments and the progress sheet."""

    participant_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Participant type"),
        field_name="user__participant_profile__participant_type",
        choices=ParticipantType.choices,
    )
    organisation = django_filters.CharFilter(
        label=gettext_lazy("Organisation"),
        field_name="user__participant_profile__organisation",
        lookup_expr="icontains",
    )

    class Meta:
        model = Enrolment
        fields = []


class EnrolmentFilterSet(ParticipantFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=EnrolmentStatus.choices)
    regency_city = django_filters.CharFilter(
        label=gettext_lazy("Regency/city"),
        field_name="user__participant_profile__regency_city",
        lookup_expr="icontains",
    )

    class Meta:
        model = Enrolment
        fields = []


def profile_value(name):
    def value(enrolment):
        profile = getattr(enrolment.user, "participant_profile", None)
        return getattr(profile, name)() if profile is not None else None

    return value


class ParticipantColumn(Column):
    cell_template_name = "courses/admin/cells/participant.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["name"] = participant_name(instance.user)
        context["has_profile"] = getattr(instance.user, "participant_profile", None) is not None
        return context


class SelectColumn(Column):
    """A tick box per row, part of the bulk decision form above the table (rows hold their own forms)."""

    cell_template_name = "courses/admin/cells/select.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["name"] = participant_name(instance.user)
        return context


class DecisionsColumn(Column):
    """The decisions possible from the enrolment's status, as buttons of one form back to the list."""

    cell_template_name = "courses/admin/cells/decisions.html"

    def __init__(self, name, *, view, **kwargs):
        super().__init__(name, **kwargs)
        self.view = view

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(
            name=participant_name(instance.user),
            decisions=[(action, label) for action, (label, sources) in DECISIONS.items() if instance.status in sources],
            action_url=self.view.url("decide", instance.pk),
            next_url=self.view.next_url,
            csrf_token=get_token(self.view.request),
        )
        return context


def local_minutes(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def local_naive(value):
    return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones


class EnrolmentsView(CourseView, IndexView):
    """The course's participants: filters, pages of 50, decisions per row, the roster as CSV or XLSX."""

    model = Enrolment
    # Who may see a course's list is `courses.access.is_course_staff` (checked in `CourseView.dispatch`),
    # not the model permissions: facilitators hold none, and only for their own courses.
    permission_policy = None
    any_permission_required = None
    template_name = "courses/admin/enrolments.html"
    results_template_name = "courses/admin/enrolments_results.html"
    section = "enrolments"
    section_label = gettext_lazy("Enrolments")
    filterset_class = EnrolmentFilterSet
    search_fields = ["user__email", "user__participant_profile__full_name"]
    paginate_by = ENROLMENTS_PER_PAGE
    default_ordering = "created_at"
    list_export = list(reports.ROSTER_COLUMNS)
    export_headings = reports.ROSTER_COLUMNS
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {IndexView.FORMAT_CSV: local_minutes, IndexView.FORMAT_XLSX: local_naive},
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.export_format = request.GET.get("export")

    @cached_property
    def columns(self):
        return [
            SelectColumn("select", label=_("Select")),
            ParticipantColumn("participant", label=_("Participant")),
            Column(
                "participant_type", label=_("Participant type"), accessor=profile_value("get_participant_type_display")
            ),
            Column("organisation", label=_("Organisation"), accessor="user.participant_profile.organisation"),
            Column("regency_city", label=_("Regency/city"), accessor="user.participant_profile.regency_city"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda enrolment: enrolment.status == EnrolmentStatus.APPROVED,
            ),
            DateColumn("created_at", label=_("Requested"), sort_key="created_at"),
            DecisionsColumn("decisions", label=_("Decision"), view=self),
        ]

    def get_base_queryset(self):
        return reports.course_enrolments(self.course)

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or self.default_ordering, "pk")

    def get_index_url(self):
        return self.url("enrolments")

    def get_index_results_url(self):
        return self.url("enrolments_results")

    @cached_property
    def next_url(self):
        """Where a decision returns: this list, with its filters and page, as a full page."""
        query = self.request.GET.copy()
        for key in ("_w_filter_fragment", "export"):
            query.pop(key, None)
        return f"{self.index_url}?{query.urlencode()}" if query else self.index_url

    @cached_property
    def no_results_message(self):
        return _("No participants with this status.") if self.is_filtering else _("No participants yet.")

    # Exports --------------------------------------------------------------------------------

    def get_export_url(self, format):
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        query["export"] = format
        return f"{self.index_url}?{query.urlencode()}"

    def get_filename(self):
        return f"{self.course.slug}-roster"

    def to_row_dict(self, item):
        return OrderedDict(zip(self.list_export, reports.roster_row(item), strict=True))

    def preprocess_field_value(self, field, value, export_format):
        """Wagtail's conversion, then typed-in text without control characters (openpyxl refuses
        them) and made inert (CSV; in XLSX Wagtail keeps it a string)."""
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            return reports.inert(value) if export_format == self.FORMAT_CSV else reports.printable(value)
        return value

    def write_csv_response(self, queryset):
        """Built whole in the request, in its language (a stream would be written after it), with a BOM
        so spreadsheet programs read Indonesian names right."""
        content = b"".join(self.stream_csv(queryset))
        return file_response(b"\xef\xbb\xbf" + content, self.get_filename(), self.FORMAT_CSV)

    def write_xlsx(self, queryset, output):
        """Wagtail's workbook, with the sheet named and the heading row bold as the roster always had."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = Workbook(write_only=True, iso_dates=True)
        sheet = workbook.create_sheet(title=str(_("Participants"))[:31])
        sheet.freeze_panes = "A2"
        headings = []
        for field in self.list_export:
            cell = WriteOnlyCell(sheet, self.get_heading(queryset, field))
            cell.font = Font(bold=True)
            headings.append(cell)
        sheet.append(headings)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            sheet.append(self.generate_xlsx_row(sheet, self.to_row_dict(item), date_format=date_format))
        workbook.save(output)

    def write_xlsx_response(self, queryset):
        output = io.BytesIO()
        self.write_xlsx(queryset, output)
        return file_response(output.getvalue(), self.get_filename(), self.FORMAT_XLSX)

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            return self.as_spreadsheet(context["object_list"], self.export_format)
        return super().render_to_response(context, **response_kwargs)

    # The page around the list ----------------------------------------------------------------

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = reports.status_counts(self.course)
        status = self.request.GET.get("status", "")
        context.update(
            status_links=[
                {
                    "label": _("All"),
                    "count": sum(counts.values()),
                    "url": self.url("enrolments"),
                    "current": status not in EnrolmentStatus.values,
                }
            ]
            + [
                {
                    "label": label,
                    "count": counts[value],
                    "url": self.url("enrolments", status=value),
                    "current": value == status,
                }
                for value, label in EnrolmentStatus.choices
            ],
            active=counts[EnrolmentStatus.APPROVED],
            capacity_left=None
            if self.course.capacity is None
            else max(self.course.capacity - counts[EnrolmentStatus.APPROVED], 0),
            export_urls=[(label, self.get_export_url(file_format)) for file_format, label in EXPORT_LABELS],
            bulk_action_url=self.url("decide_many"),
            bulk_decisions=[(action, label) for action, (label, sources) in DECISIONS.items()],
            next_url=self.next_url,
        )
        return context


class RosterExportView(EnrolmentsView):
    """The list as a file at its own address (`roster/csv/`), with the list's filters from the query."""

    def get(self, request, file_format):
        if file_format not in self.FORMATS:
            raise Http404
        self.is_export, self.export_format = True, file_format
        return super().get(request)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        help_text=gettext_lazy("Sent to the participants in the e-mail that tells them of the decision."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EnrolmentDecisionView(CourseView):
    """Decide one enrolment (the buttons of its row) or several (the ticked rows of the list).

    Approving and waitlisting happen at once; rejecting first shows the participants concerned and
    asks for confirmation and an optional reason, which the rejection e-mail carries.
    """

    http_method_names = ["post"]
    template_name = "courses/admin/confirm_reject.html"

    def post(self, request, enrolment_id=None):
        ids = [enrolment_id] if enrolment_id is not None else request.POST.getlist("enrolment")
        enrolments = list(
            Enrolment.objects.for_course(self.course)
            .filter(pk__in=[pk for pk in map(parse_id, ids) if pk is not None])
            .select_related("user__participant_profile")
            .order_by("created_at", "pk")
        )
        if enrolment_id is not None and not enrolments:
            raise Http404
        action = request.POST.get("action", "")
        next_url = requested_next_url(request) or self.url("enrolments")
        if not enrolments:
            messages.error(request, _("Tick at least one participant first."))
            return redirect(next_url)
        if action not in DECISIONS or any(enrolment.status not in DECISIONS[action][1] for enrolment in enrolments):
            messages.error(request, _("That decision is not possible for this participant any more."))
            return redirect(next_url)
        reason = ""
        if action == "reject":
            form = RejectForm(request.POST if "confirm" in request.POST else None)
            if not form.is_valid():
                return self.render_to_response(
                    self.get_context_data(
                        form=form,
                        enrolments=[(enrolment, participant_name(enrolment.user)) for enrolment in enrolments],
                        action_url=request.path,
                        next_url=next_url,
                    )
                )
            reason = form.cleaned_data["reason"]
        decided = []
        for enrolment in enrolments:
            try:
                if action == "approve":
                    approve(enrolment, self.course, by=request.user)
                elif action == "waitlist":
                    waitlist(enrolment, by=request.user)
                else:
                    reject(enrolment, by=request.user, course=self.course, reason=reason)
            except EnrolmentError as error:
                messages.error(request, f"{participant_name(enrolment.user)}: {error}")
            else:
                decided.append(enrolment)
        if len(decided) == 1:
            messages.success(request, DECIDED_MESSAGES[action] % {"name": participant_name(decided[0].user)})
        elif decided:
            messages.success(request, DECIDED_MANY_MESSAGES[action] % {"count": len(decided)})
        return redirect(next_url)

    def get_page_subtitle(self):
        return _("Reject enrolments")

"""A course's progress sheet (gradebook) for its staff: one row per participant, from enrolment to certificate.

Wagtail's generic `IndexView` over the course's approved enrolments, each row annotated in the one
query of the page: attendance and lessons done by the core, the plug-ins' columns (pre- and
post-test scores, action plan, certificate) through `courses.hooks.GRADEBOOK_COLUMNS`. So every
column sorts in the database, the filters are django-filter's, and `list_export` writes CSV and
XLSX, whatever the number of participants in a fixed number of queries.
"""

from collections import OrderedDict

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView

from courses import hooks, reports
from courses.admin_views import CourseView, file_response
from courses.choices import AttendanceStatus, EnrolmentStatus
from courses.models import Attendance, CourseCompletion, Enrolment, LessonCompletion, LessonPage
from courses.staff_admin.enrolments import EXPORT_LABELS, ParticipantColumn, ParticipantFilterSet, profile_value

SECTION = "courses_admin_gradebook"


class ValueColumn(Column):
    """A column of an annotated value, shown through `display` (a plug-in's, or a percentage's)."""

    def __init__(self, name, *, display=None, **kwargs):
        super().__init__(name, sort_key=name, **kwargs)
        self.display = display

    def get_value(self, instance):
        value = getattr(instance, self.name)
        if self.display is not None:
            value = self.display(value)
        return "—" if value is None or value == "" else value


class GradebookView(CourseView, IndexView):
    """The course's participants with their attendance, lessons, scores, action plan, completion and certificate."""

    model = Enrolment
    # Who may see it is `courses.access.is_course_staff` (checked in `CourseView.dispatch`), as for the enrolments.
    permission_policy = None
    any_permission_required = None
    template_name = "courses/admin/enrolments.html"  # the course's header and tabs around Wagtail's listing
    results_template_name = "courses/admin/gradebook_results.html"
    section = SECTION
    section_label = gettext_lazy("Progress sheet")
    filterset_class = ParticipantFilterSet
    paginate_by = 100
    default_ordering = "participant_name"

    @cached_property
    def session_keys(self):
        return [session.session_key for session in self.course.session_list]

    @cached_property
    def lesson_keys(self):
        return list(LessonPage.objects.child_of(self.course).live().values_list("translation_key", flat=True))

    @cached_property
    def contributed_columns(self):
        return [column for columns in hooks.contributions(hooks.GRADEBOOK_COLUMNS, self.course) for column in columns]

    def attendance_display(self, attended):
        return reports.rate(attended, len(self.session_keys))

    def lessons_display(self, done):
        return f"{done}/{len(self.lesson_keys)}"

    @staticmethod
    def completed_display(completed_at):
        return timezone.localtime(completed_at).date() if completed_at else None

    @cached_property
    def sheet_columns(self):
        """(name, label, display) of every column after the participant's, core first, in export order."""
        return [
            ("participant_type_label", _("Participant type"), None),
            ("organisation", _("Organisation"), None),
            ("attended", _("Attendance (%)"), self.attendance_display),
            ("lessons_done", _("Lessons done"), self.lessons_display),
            *[(name, label, display) for name, label, _expression, display in self.contributed_columns],
            ("completed_at", _("Completed"), self.completed_display),
        ]

    @cached_property
    def columns(self):
        return [
            ParticipantColumn("participant", label=_("Participant"), sort_key="participant_name"),
            Column(
                "participant_type_label",
                label=_("Participant type"),
                accessor=profile_value("get_participant_type_display"),
                sort_key="user__participant_profile__participant_type",
            ),
            Column(
                "organisation",
                label=_("Organisation"),
                accessor="user.participant_profile.organisation",
                sort_key="user__participant_profile__organisation",
            ),
            *[
                ValueColumn(name, label=label, display=display)
                for name, label, display in self.sheet_columns
                if name not in {"participant_type_label", "organisation"}
            ],
        ]

    def get_base_queryset(self):
        course_key = self.course.course_key
        attended = (
            Attendance.objects.filter(
                enrolment=OuterRef("pk"), session_key__in=self.session_keys, status=AttendanceStatus.PRESENT
            )
            .order_by()
            .values("enrolment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        lessons = (
            LessonCompletion.objects.filter(user=OuterRef("user_id"), lesson_key__in=self.lesson_keys)
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        completed = CourseCompletion.objects.filter(user=OuterRef("user_id"), course_key=course_key)
        return (
            Enrolment.objects.for_course(self.course)
            .filter(status=EnrolmentStatus.APPROVED)
            .select_related("user__participant_profile")
            .annotate(
                participant_name=Coalesce(
                    NullIf(F("user__participant_profile__full_name"), Value("")),
                    "user__email",
                    output_field=CharField(),
                ),
                attended=Coalesce(Subquery(attended[:1], output_field=IntegerField()), Value(0)),
                lessons_done=Coalesce(Subquery(lessons[:1], output_field=IntegerField()), Value(0)),
                completed_at=Subquery(completed.values("completed_at")[:1]),
                **{name: expression for name, _label, expression, _display in self.contributed_columns},
            )
        )

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or self.default_ordering, "pk")

    def get_index_url(self):
        return self.url("gradebook")

    def get_index_results_url(self):
        return self.url("gradebook_results")

    @cached_property
    def no_results_message(self):
        return _("No participants match these filters.") if self.is_filtering else _("No participants yet.")

    # Exports --------------------------------------------------------------------------------

    @cached_property
    def list_export(self):
        return ["participant_name", "email", *[name for name, _label, _display in self.sheet_columns]]

    @cached_property
    def export_headings(self):
        return {
            "participant_name": _("Full name"),
            "email": _("E-mail"),
            **{name: label for name, label, _display in self.sheet_columns},
        }

    def get_filename(self):
        return f"{self.course.slug}-progress"

    def to_row_dict(self, item):
        profile = getattr(item.user, "participant_profile", None)
        row = OrderedDict(participant_name=item.participant_name, email=item.user.email)
        for name, _label, display in self.sheet_columns:
            if name == "participant_type_label":
                value = profile.get_participant_type_display() if profile else ""
            elif name == "organisation":
                value = profile.organisation if profile else ""
            else:
                value = getattr(item, name)
                value = display(value) if display is not None else value
            row[name] = "" if value is None else value
        return row

    def preprocess_field_value(self, field, value, export_format):
        """Wagtail's conversion, then typed-in text made inert in CSV (`courses.reports.inert`)."""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return reports.inert(value)
        return value

    def write_csv_response(self, queryset):
        """Built whole in the request, in its language, with a BOM so spreadsheet programs read names right."""
        content = b"".join(self.stream_csv(queryset))
        return file_response(b"\xef\xbb\xbf" + content, self.get_filename(), self.FORMAT_CSV)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_urls"] = [(label, self.get_export_url(file_format)) for file_format, label in EXPORT_LABELS]
        return context

    def get_export_url(self, format):
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        query["export"] = format
        return f"{self.index_url}?{query.urlencode()}"

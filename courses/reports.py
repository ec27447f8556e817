"""Numbers about one course for its staff: the roster, who enrolled, who attended, who completed.

Plain functions of a course page. Each runs a fixed number of aggregate queries, whatever the
number of participants, so the report page stays fast for a city-wide training.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import hooks
from courses.choices import AttendanceStatus, EnrolmentStatus, Gender, ParticipantType
from courses.models import Attendance, CourseCompletion, CourseSession, Enrolment, Invitation

NOT_STATED = _("Not stated")


def rate(part, whole):
    """A whole-number percentage, or None when there is nothing to divide by."""
    return round(100 * part / whole) if whole else None


def course_enrolments(course, status=None):
    enrolments = Enrolment.objects.for_course(course).select_related("user__participant_profile")
    if status:
        enrolments = enrolments.filter(status=status)
    return enrolments.order_by("created_at", "pk")


def status_counts(course):
    """{status: count} for every enrolment status, zeros included."""
    counts = dict(Enrolment.objects.for_course(course).order_by().values_list("status").annotate(count=Count("pk")))
    return {status: counts.get(status, 0) for status in EnrolmentStatus.values}


def status_counts_by_course(course_keys):
    """{course_key: {status: count}} for a listing of courses, in one query."""
    counts = {}
    rows = (
        Enrolment.objects.filter(course_key__in=list(course_keys))
        .order_by()
        .values_list("course_key", "status")
        .annotate(count=Count("pk"))
    )
    for course_key, status, count in rows:
        counts.setdefault(course_key, dict.fromkeys(EnrolmentStatus.values, 0))[status] = count
    return counts


def course_invitations(course):
    return Invitation.objects.filter(course_key=course.course_key).order_by("-created_at", "email")


def active_sessions(course):
    """The course's sessions in schedule order (attendance hangs on their translation keys)."""
    return list(CourseSession.objects.filter(page=course).order_by("date", "start_time", "sort_order"))


# Roster -------------------------------------------------------------------------------------

ROSTER_COLUMNS = {
    "full_name": _("Full name"),
    "email": _("E-mail"),
    "participant_type": _("Participant type"),
    "organisation": _("Organisation"),
    "position": _("Position"),
    "nip": _("NIP"),
    "regency_city": _("Regency/city"),
    "phone": _("Phone"),
    "gender": _("Gender"),
    "status": _("Status"),
    "requested": _("Requested"),
    "decided": _("Decided"),
}
"""The roster's columns for CSV/XLSX exports: {key: heading}, in order."""


def roster_row(enrolment):
    """One enrolment with the participant's profile, for the roster's exports: [value per column]."""
    user = enrolment.user
    profile = getattr(user, "participant_profile", None)
    return [
        profile.full_name if profile else "",
        user.email,
        profile.get_participant_type_display() if profile else "",
        profile.organisation if profile else "",
        profile.position if profile else "",
        profile.nip if profile else "",
        profile.regency_city if profile else "",
        profile.phone if profile else "",
        profile.get_gender_display() if profile else "",
        enrolment.get_status_display(),
        timezone.localtime(enrolment.created_at),
        timezone.localtime(enrolment.decided_at) if enrolment.decided_at else None,
    ]


# Report -------------------------------------------------------------------------------------


@dataclass
class Tally:
    label: str
    count: int
    total: int

    @property
    def percent(self):
        return rate(self.count, self.total)


@dataclass
class ReportSection:
    """A table of counts a plug-in adds to the report and its exports (`courses.hooks.REPORT_SECTIONS`)."""

    slug: str  # for the page's anchors, e.g. "action-plans"
    heading: str
    tallies: list
    help_text: str = ""
    link_url: str = ""
    link_label: str = ""


@dataclass
class SessionAttendance:
    session: CourseSession
    present: int
    absent: int
    expected: int

    @property
    def not_recorded(self):
        return max(self.expected - self.present - self.absent, 0)

    @property
    def rate(self):
        return rate(self.present, self.expected)


@dataclass
class CourseReport:
    course: object
    statuses: list
    active: int
    by_type: list
    by_gender: list
    by_organisation: list
    by_regency: list
    sessions: list
    completed: int
    breakdowns: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def completion_rate(self):
        return rate(self.completed, self.active)

    @property
    def attendance_rate(self):
        """Present marks over all the places expected across sessions."""
        expected = sum(row.expected for row in self.sessions)
        return rate(sum(row.present for row in self.sessions), expected)


def _profile_field(name):
    return f"user__participant_profile__{name}"


def choice_breakdown(enrolments, name, choices, total):
    """Counts for each choice (zeros included), then “not stated” for no profile or no answer."""
    counts = dict(enrolments.order_by().values_list(_profile_field(name)).annotate(count=Count("pk")))
    tallies = [Tally(label, counts.get(value, 0), total) for value, label in choices]
    not_stated = sum(count for value, count in counts.items() if value not in dict(choices))
    tallies.append(Tally(NOT_STATED, not_stated, total))
    return tallies


def text_breakdown(enrolments, name, total):
    """Counts of a typed-in answer, ignoring case and spaces around it; most frequent first."""
    rows = (
        enrolments.order_by()
        .annotate(key=Lower(Trim(F(_profile_field(name)))))
        .values("key")
        .annotate(label=Min(Trim(F(_profile_field(name)))), count=Count("pk"))
        .order_by("-count", "key")
    )
    tallies, not_stated = [], 0
    for row in rows:
        if row["key"]:
            tallies.append(Tally(row["label"], row["count"], total))
        else:
            not_stated += row["count"]
    if not_stated:
        tallies.append(Tally(NOT_STATED, not_stated, total))
    return tallies


def session_attendance(course, sessions, active):
    """Present and absent marks of active participants for each session, in one query."""
    marks = (
        Attendance.objects.filter(
            enrolment__course_key=course.course_key,
            enrolment__status=EnrolmentStatus.APPROVED,
            session_key__in=[session.session_key for session in sessions],
        )
        .order_by()
        .values("session_key")
        .annotate(
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
        )
    )
    by_session = {row["session_key"]: row for row in marks}
    return [
        SessionAttendance(
            session,
            by_session.get(session.session_key, {}).get("present", 0),
            by_session.get(session.session_key, {}).get("absent", 0),
            active,
        )
        for session in sessions
    ]


def completed_count(course):
    """Completions of participants who are still enrolled (a completion needs an active enrolment)."""
    active_users = Enrolment.objects.for_course(course).active().values("user_id")
    return CourseCompletion.objects.filter(course_key=course.course_key, user_id__in=active_users).count()


def course_report(course):
    statuses = status_counts(course)
    active = statuses[EnrolmentStatus.APPROVED]
    enrolments = Enrolment.objects.for_course(course).active()
    report = CourseReport(
        course=course,
        statuses=[Tally(label, statuses[value], sum(statuses.values())) for value, label in EnrolmentStatus.choices],
        active=active,
        by_type=choice_breakdown(enrolments, "participant_type", ParticipantType.choices, active),
        by_gender=choice_breakdown(enrolments, "gender", Gender.choices, active),
        by_organisation=text_breakdown(enrolments, "organisation", active),
        by_regency=text_breakdown(enrolments, "regency_city", active),
        sessions=session_attendance(course, active_sessions(course), active),
        completed=completed_count(course),
        sections=hooks.contributions(hooks.REPORT_SECTIONS, course),
    )
    report.breakdowns = [
        (_("By participant type"), report.by_type),
        (_("By gender"), report.by_gender),
        (_("By organisation"), report.by_organisation),
        (_("By regency/city"), report.by_regency),
    ]
    return report


REPORT_HEADER = [_("Section"), _("Item"), _("Count"), _("Out of"), _("Percent")]


def report_rows(report):
    """The report as one flat table, for CSV/XLSX exports."""
    rows = [[_("Enrolment status"), tally.label, tally.count, tally.total, tally.percent] for tally in report.statuses]
    for heading, tallies in report.breakdowns:
        rows += [[heading, tally.label, tally.count, tally.total, tally.percent] for tally in tallies]
    for row in report.sessions:
        label = f"{row.session.title} ({row.session.date.isoformat()})"
        rows.append([_("Attendance (present)"), label, row.present, row.expected, row.rate])
    rows.append([_("Completion"), _("Completed the course"), report.completed, report.active, report.completion_rate])
    for section in report.sections:
        rows += [[section.heading, tally.label, tally.count, tally.total, tally.percent] for tally in section.tallies]
    return rows


# Files --------------------------------------------------------------------------------------

# A cell starting like a formula is run by spreadsheets; participants type these values themselves.
FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().-]*$)")
# Control characters XML 1.0 (and so XLSX) cannot hold; older profiles may carry them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text):
    """`text` without the control characters a spreadsheet cannot hold (tab and line breaks stay)."""
    return CONTROL_CHARACTERS.sub("", text)


def inert(text):
    """Text a spreadsheet shows as typed: no control characters, and a leading apostrophe keeps a
    formula-like cell from running."""
    text = printable(text)
    return "'" + text if FORMULA_START.match(text) else text


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return inert(str(value))


def to_csv(header, rows):
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read Indonesian names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([printable(str(cell)) for cell in header])
    writer.writerows([[csv_cell(value) for value in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header, rows, sheet_title):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(sheet_title)[:31]
    sheet.append([printable(str(cell)) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(cell)) for cell in header]
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, datetime.datetime):
                value = value.replace(tzinfo=None)  # already local time; Excel has no time zones
            elif value is not None and not isinstance(value, int | float | datetime.date):
                value = printable(str(value))
            values.append(value)
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that merely looks like a formula stays text
                cell.data_type = "s"
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
        widths = [max(width, len(str(value or ""))) for width, value in zip(widths, values, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

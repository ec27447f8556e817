"""Attendance: self check-in with the session code, staff marking, and the meeting tool's CSV.

Video-meeting tools export one row per participant with an e-mail and the minutes attended;
the course's `attendance_minutes_present` turns minutes into present or absent.
"""

import hmac
import math
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from courses import log_actions
from courses.choices import AttendanceSource, AttendanceStatus, EnrolmentStatus
from courses.models import Attendance, Enrolment
from courses.spreadsheets import TableLineError, csv_rows

EMAIL_COLUMNS = ("email", "e-mail", "user email", "attendee email", "email address", "alamat email")
MINUTES_COLUMNS = (
    "minutes",
    "duration",
    "duration (minutes)",
    "total duration (minutes)",
    "durasi",
    "menit",
    "time in session (minutes)",
)
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_MINUTES = 24 * 60  # one line is one person in one meeting, which lasts a day at most


class AttendanceError(Exception):
    """A participant- or staff-facing reason why attendance could not be recorded."""


class WrongCodeError(AttendanceError):
    """The check-in code typed is not the session's (a guess the check-in view counts)."""


def record(enrolment, session, status, source, minutes=None, by=None):
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment,
        session_key=session.session_key,
        defaults={"status": status, "source": source, "minutes": minutes, "recorded_by": by},
    )
    return attendance


def check_in(enrolment, course, session, code, now=None):
    if not enrolment.is_active:
        raise AttendanceError(_("Only enrolled participants can check in."))
    if not session.check_in_open(course.zone, now):
        raise AttendanceError(_("Check-in is open only while the session is live."))
    if not hmac.compare_digest(code.strip().upper().encode(), session.check_in_code.strip().upper().encode()):
        raise WrongCodeError(_("That check-in code is not right. Use the code announced in the session."))
    return record(enrolment, session, AttendanceStatus.PRESENT, AttendanceSource.CHECK_IN)


def status_for_minutes(course, minutes):
    return AttendanceStatus.PRESENT if minutes >= course.attendance_minutes_present else AttendanceStatus.ABSENT


@dataclass
class ImportReport:
    recorded: int = 0
    present: int = 0
    absent: int = 0
    unknown_emails: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)


def _find_column(header, candidates):
    normalised = [cell.strip().lower() for cell in header]
    for candidate in candidates:
        if candidate in normalised:
            return normalised.index(candidate)
    return None


def parse_minutes(text):
    """Whole minutes from "95", "95.5" or "1:35:00"; ValueError for anything else, "inf" and "1e400" included."""
    text = text.strip().replace(",", ".")
    if ":" in text:  # hh:mm:ss or mm:ss
        parts = [float(part) for part in text.split(":")]
        minutes = sum(part * 60**power for power, part in enumerate(reversed(parts))) / 60
    else:
        minutes = float(text)
    if not math.isfinite(minutes) or not 0 <= minutes <= MAX_MINUTES:
        raise ValueError(text)
    return int(minutes)


def import_csv(course, session, data, by=None):
    """Read a meeting tool's CSV (bytes); validate every line first and write nothing if any is bad."""
    if len(data) > MAX_IMPORT_BYTES:
        raise AttendanceError(_("The file is larger than 2 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AttendanceError(_("The file is not UTF-8 text. Export it again as CSV (UTF-8).")) from error
    try:
        rows = [cells for _number, cells in csv_rows(text)]
    except TableLineError as error:
        return ImportReport(errors=[(error.line, str(error))])
    if not rows:
        raise AttendanceError(_("The file is empty."))
    email_column, minutes_column = _find_column(rows[0], EMAIL_COLUMNS), _find_column(rows[0], MINUTES_COLUMNS)
    if email_column is None or minutes_column is None:
        raise AttendanceError(_("The first line must name an e-mail column and a minutes column."))

    report = ImportReport()
    totals = {}
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            email = row[email_column].strip().lower()
            minutes = parse_minutes(row[minutes_column])
        except (IndexError, ValueError):
            report.errors.append(
                (line_number, _("needs an e-mail and a number of minutes from 0 to %(max)s") % {"max": MAX_MINUTES})
            )
            continue
        if "@" not in email:
            report.errors.append(
                (line_number, _("needs an e-mail and a number of minutes from 0 to %(max)s") % {"max": MAX_MINUTES})
            )
            continue
        totals[email] = totals.get(email, 0) + minutes  # people who rejoin appear on several lines
    if report.errors:
        return report

    users = {user.email.lower(): user for user in get_user_model().objects.filter(email__in=list(totals))}
    enrolments = {
        enrolment.user_id: enrolment
        for enrolment in Enrolment.objects.filter(
            course_key=course.course_key, status=EnrolmentStatus.APPROVED, user__in=list(users.values())
        )
    }
    with transaction.atomic():
        for email, minutes in totals.items():
            user = users.get(email)
            enrolment = enrolments.get(user.pk) if user else None
            if enrolment is None:
                report.unknown_emails.append(email)
                continue
            status = status_for_minutes(course, minutes)
            record(enrolment, session, status, AttendanceSource.IMPORT, minutes=minutes, by=by)
            report.recorded += 1
            report.present += status == AttendanceStatus.PRESENT
            report.absent += status == AttendanceStatus.ABSENT
        log(
            course,
            log_actions.ATTENDANCE_IMPORT,
            user=by,
            data={
                "session": session.title,
                "session_key": str(session.session_key),
                "recorded": report.recorded,
                "present": report.present,
                "absent": report.absent,
                "unknown": len(report.unknown_emails),
            },
        )
    return report

"""What course staff did, written to Wagtail's log so it shows in the admin's history.

The action types are registered with Wagtail's `register_log_actions` hook (in
`courses.wagtail_hooks`). Enrolment decisions are logged on the enrolment; imports on the course
page, so they appear in the page's history. Entries carry counts and statuses, never a
participant's name or e-mail: the log outlives an erased account.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter

ENROLMENT_APPROVE = "courses.enrolment.approve"
ENROLMENT_WAITLIST = "courses.enrolment.waitlist"
ENROLMENT_REJECT = "courses.enrolment.reject"
ENROLMENT_WITHDRAW = "courses.enrolment.withdraw"
PARTICIPANT_IMPORT = "courses.participants.import"
ATTENDANCE_IMPORT = "courses.attendance.import"

ENROLMENT_DECISIONS = {
    ENROLMENT_APPROVE: (_("Approve enrolment"), _("Enrolment approved")),
    ENROLMENT_WAITLIST: (_("Move enrolment to the waiting list"), _("Enrolment moved to the waiting list")),
    ENROLMENT_REJECT: (_("Reject enrolment"), _("Enrolment rejected")),
    ENROLMENT_WITHDRAW: (_("Withdraw enrolment"), _("Enrolment withdrawn")),
}


def enrolment_log_data(enrolment, previous_status):
    return {"course_key": str(enrolment.course_key), "status": {"old": previous_status, "new": enrolment.status}}


class ParticipantImportFormatter(LogFormatter):
    label = _("Invite participants")

    def format_message(self, log_entry):
        try:
            return _("Participants invited: %(created)s new, %(updated)s updated") % log_entry.data
        except KeyError:
            return _("Participants invited")


class AttendanceImportFormatter(LogFormatter):
    label = _("Import attendance")

    def format_message(self, log_entry):
        try:
            return (
                _("Attendance imported for %(session)s: %(recorded)s recorded (%(present)s present, %(absent)s absent)")
                % log_entry.data
            )
        except KeyError:
            return _("Attendance imported")


def register_actions(actions):
    """The `register_log_actions` hook's answer for the courses core."""
    for action, (label, message) in ENROLMENT_DECISIONS.items():
        actions.register_action(action, label, message)
    actions.register_action(PARTICIPANT_IMPORT)(ParticipantImportFormatter)
    actions.register_action(ATTENDANCE_IMPORT)(AttendanceImportFormatter)

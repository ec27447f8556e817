"""A participant's personal data: everything we hold, as JSON, and its erasure (UU 27/2022 PDP).

The plug-ins add what they hold (`courses.hooks.PERSONAL_DATA`) and prepare the erasure
(`courses.hooks.BEFORE_ERASE_PARTICIPANT`).
"""

from django.db import transaction

from wagtail import hooks as wagtail_hooks

from courses import hooks
from courses.models import Attendance, CourseCompletion, Enrolment, LessonCompletion, ParticipantProfile

PROFILE_FIELDS = [
    "full_name",
    "participant_type",
    "organisation",
    "position",
    "nip",
    "regency_city",
    "phone",
    "gender",
    "privacy_consent_at",
    "updated_at",
]


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def export_personal_data(user):
    profile = ParticipantProfile.objects.filter(user=user).first()
    enrolments = list(Enrolment.objects.filter(user=user).order_by("created_at"))
    attendance = Attendance.objects.filter(enrolment__user=user).order_by("recorded_at")
    data = {
        "account": {
            "email": user.email,
            "username": user.get_username(),
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": {name: _iso(getattr(profile, name)) for name in PROFILE_FIELDS} if profile else None,
        "enrolments": [
            {
                "course": str(e.course_key),
                "status": e.status,
                "requested": _iso(e.created_at),
                "decided": _iso(e.decided_at),
            }
            for e in enrolments
        ],
        "attendance": [
            {
                "course": str(a.enrolment.course_key),
                "session": str(a.session_key),
                "status": a.status,
                "minutes": a.minutes,
                "source": a.source,
                "recorded": _iso(a.recorded_at),
            }
            for a in attendance.select_related("enrolment")
        ],
        "lessons_completed": [
            {"course": str(c.course_key), "lesson": str(c.lesson_key), "completed": _iso(c.completed_at)}
            for c in LessonCompletion.objects.filter(user=user).order_by("completed_at")
        ],
        "courses_completed": [
            {"course": str(c.course_key), "completed": _iso(c.completed_at), "attendance_percent": c.attendance_percent}
            for c in CourseCompletion.objects.filter(user=user).order_by("completed_at")
        ],
    }
    for contribution in hooks.contributions(hooks.PERSONAL_DATA, user):
        data.update(contribution)
    return data


@transaction.atomic
def erase_participant(user):
    """Delete the account and everything tied to it.

    Issued certificates keep the holder's name as it was frozen at issue and stay verifiable:
    their link to the account is cleared (SET_NULL), not the certificate.
    """
    for prepare in wagtail_hooks.get_hooks(hooks.BEFORE_ERASE_PARTICIPANT):
        prepare(user)
    user.delete()

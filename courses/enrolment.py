"""Who gets a place in a course: enrolment modes, capacity, the waiting list, decisions by staff.

Plain functions over models, with no request in sight, so tests call them directly. Every
change of status e-mails the participant.
"""

import hmac

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from courses import log_actions
from courses.choices import EnrolmentMode, EnrolmentStatus
from courses.emails import send_enrolment_email
from courses.models import CoursePage, Enrolment, Invitation


class EnrolmentError(Exception):
    """A participant-facing reason why an enrolment step cannot happen."""


class EnrolmentClosedError(EnrolmentError):
    """The course no longer takes enrolments: its last day to enrol has passed."""


class WrongKeyError(EnrolmentError):
    """The enrolment key typed is not the course's (a guess the enrolment view counts)."""


def has_free_place(course):
    if course.capacity is None:
        return True
    return Enrolment.objects.for_course(course).active().count() < course.capacity


def _lock_course(course):
    """Serialise capacity decisions for one course (a row lock on PostgreSQL)."""
    CoursePage.objects.select_for_update().filter(translation_key=course.course_key).order_by("pk").first()


def _set_status(enrolment, status, by=None, action=None, log_user=None, reason=""):
    """Change the status and e-mail the participant; `action` writes the change to Wagtail's log.

    `reason` is the staff's note to the participant, sent in the e-mail only (the log outlives erasure).
    """
    previous = enrolment.status
    enrolment.status = status
    enrolment.decided_at = None if status == EnrolmentStatus.PENDING else timezone.now()
    enrolment.decided_by = by
    enrolment.save()
    if action is not None:
        course = CoursePage.source_for(enrolment.course_key)
        log(
            enrolment,
            action,
            user=log_user or by,
            title=course.title if course is not None else "",
            data=log_actions.enrolment_log_data(enrolment, previous),
        )
    transaction.on_commit(lambda: send_enrolment_email(enrolment, reason=reason))
    return enrolment


def closed_message(course):
    return _("Enrolment in this course closed on %(date)s.") % {
        "date": formats.date_format(course.enrolment_last_day, "j F Y")
    }


def enrol(user, course, key=""):
    """Enrol `user` in `course` as its mode allows; returns the enrolment (maybe pending or waitlisted).

    Once the course's last day to enrol has passed nobody enrols, invited or not; an enrolment already
    approved, pending or waitlisted is returned as it is.
    """
    with transaction.atomic():
        _lock_course(course)
        enrolment = Enrolment.objects.filter(user=user, course_key=course.course_key).first()
        if enrolment is not None and enrolment.status in {
            EnrolmentStatus.APPROVED,
            EnrolmentStatus.PENDING,
            EnrolmentStatus.WAITLISTED,
        }:
            return enrolment
        if enrolment is not None and enrolment.status == EnrolmentStatus.REJECTED:
            raise EnrolmentError(
                _("Your enrolment in this course was declined. Contact the organisers if you think this is a mistake.")
            )

        if not course.enrolment_is_open():
            raise EnrolmentClosedError(closed_message(course))

        invited = Invitation.objects.filter(course_key=course.course_key, email__iexact=user.email).first()
        if course.enrolment_mode == EnrolmentMode.KEY and invited is None:
            if not key or not hmac.compare_digest(key.strip().encode(), course.enrolment_key.strip().encode()):
                raise WrongKeyError(_("That enrolment key is not right. Check it with the organisers."))

        if course.enrolment_mode == EnrolmentMode.APPROVAL and invited is None:
            status = EnrolmentStatus.PENDING
        elif has_free_place(course):
            status = EnrolmentStatus.APPROVED
        else:
            status = EnrolmentStatus.WAITLISTED

        if invited is not None and invited.accepted_at is None:
            invited.accepted_at = timezone.now()
            invited.save(update_fields=["accepted_at"])
        return _set_status(enrolment or Enrolment(user=user, course_key=course.course_key), status)


def approve(enrolment, course, by):
    with transaction.atomic():
        _lock_course(course)
        if enrolment.status == EnrolmentStatus.APPROVED:
            return enrolment
        if not has_free_place(course):
            raise EnrolmentError(
                _("The course is full. Raise its capacity or keep the participant on the waiting list.")
            )
        return _set_status(enrolment, EnrolmentStatus.APPROVED, by, log_actions.ENROLMENT_APPROVE)


def reject(enrolment, by, course=None, reason=""):
    """Decline an enrolment, e-mailing `reason` if given; a place it held goes to the first on the waiting list."""
    with transaction.atomic():
        if course is not None:
            _lock_course(course)
        was_active = enrolment.status == EnrolmentStatus.APPROVED
        _set_status(enrolment, EnrolmentStatus.REJECTED, by, log_actions.ENROLMENT_REJECT, reason=reason.strip())
        if was_active and course is not None:
            promote_from_waitlist(course)
    return enrolment


def waitlist(enrolment, by):
    return _set_status(enrolment, EnrolmentStatus.WAITLISTED, by, log_actions.ENROLMENT_WAITLIST)


def withdraw(enrolment, course, by=None):
    """The participant leaves (or staff, `by`, take them out); the first on the waiting list takes the place."""
    with transaction.atomic():
        _lock_course(course)
        was_active = enrolment.status == EnrolmentStatus.APPROVED
        _set_status(
            enrolment, EnrolmentStatus.WITHDRAWN, by, log_actions.ENROLMENT_WITHDRAW, log_user=by or enrolment.user
        )
        if was_active:
            promote_from_waitlist(course)
    return enrolment


def promote_from_waitlist(course):
    promoted = []
    waiting = (
        Enrolment.objects.for_course(course).filter(status=EnrolmentStatus.WAITLISTED).order_by("created_at", "pk")
    )
    for enrolment in waiting:
        if not has_free_place(course):
            break
        promoted.append(_set_status(enrolment, EnrolmentStatus.APPROVED))
    return promoted

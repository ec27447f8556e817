"""Who gets a certificate, with which number, and how one is revoked or reissued.

Plain functions with no request in sight, called by the automatic issue on completion
(`issue_certificate_task`, queued by `courses.certificates.integration`), by staff in the admin,
by bulk batches (`courses.certificates.bulk`) and by the demo loader. Whether and how a course
issues certificates is its `CourseCertificateSettings`.

- Issue is idempotent: a participant has at most one current (not revoked) certificate per
  course, enforced by a conditional unique constraint, and asking again returns it.
- A participant is eligible once their completion of the course is recorded
  (`courses.completion`); staff issuing one certificate may pass ``force=True`` for an enrolled
  participant who has not completed (e.g. attendance kept on paper).
- The number is taken in the same transaction as the certificate is written
  (`courses.certificates.numbering.next_number`), so a failed issue gives its number back.
- A reissue (e.g. a misspelt name) revokes the old certificate with the reason and issues a new
  one with a new number and verification code, the holder's current profile name and the
  course's current details, linked to the old one by ``replaces``. Eligibility is not checked again.
- Every change writes a `CertificateEvent` and an entry in Wagtail's log (`log()`, so staff see it
  in the admin's history). Once the transaction commits, each new certificate's PDF and e-mail are
  queued (`courses.certificates.emails`; a batch sends its own) and each revoked one leaves the
  cached alumni lists (`courses.certificates.alumni`): direct calls, no listeners.
"""

import calendar
import datetime
import logging

from django_tasks import task

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from courses import completion
from courses.certificates import alumni, emails, status_list
from courses.certificates.choices import CertificateAction, CertificateStatus
from courses.certificates.log_actions import ISSUE, REISSUE, REVOKE
from courses.certificates.models import Certificate, CertificateEvent, CourseCertificateSettings
from courses.certificates.numbering import format_number, next_number
from courses.certificates.pdf.templates import signatories_of, template_for
from courses.models import CourseCompletion, CoursePage, Enrolment, ParticipantProfile

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """A certificate cannot be issued, revoked or reissued; the message is for staff."""


class _AlreadyIssued(Exception):  # noqa: N818 - control flow: roll back the number just taken
    def __init__(self, certificate):
        self.certificate = certificate


def current_certificate(user, course):
    return Certificate.objects.current().filter(holder=user, course_key=course.course_key).first()


def is_eligible(user, course):
    """Completion of the course is recorded for `user` (by the course's rules)."""
    return CourseCompletion.objects.filter(user=user, course_key=course.course_key).exists()


def course_titles(course):
    """(Indonesian title, English title) of the course's live pages; a missing language takes the other's."""
    titles = dict(
        CoursePage.objects.live()
        .filter(translation_key=course.course_key, locale__language_code__in=["id", "en"])
        .values_list("locale__language_code", "title")
    )
    return titles.get("id") or titles.get("en") or course.title, titles.get("en") or titles.get("id") or course.title


def final_score(user, course, settings):
    """The participant's final score (the quizzes', through the core) when the course prints it, else None."""
    return completion.final_score(user.pk, course) if settings.shows_score else None


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def holder_name(user):
    name = ParticipantProfile.objects.filter(user=user).values_list("full_name", flat=True).first()
    if not name or not name.strip():
        raise CertificateError(_("The participant has no name for certificates in their profile yet."))
    return name.strip()


def _checked(settings):
    """The course's certificate settings, when they can number certificates."""
    if errors := settings.number_errors():
        error = errors.get("number_format") or _("set the course code used in certificate numbers")
        raise CertificateError(_("The course's certificate number format needs fixing: %(error)s") % {"error": error})
    return settings


def _create(user, course, settings, *, action, issued_by, issued_at=None, replaces=None, note=""):
    """Write one certificate with the next number; call inside a transaction."""
    issued_at = issued_at or timezone.now()
    issued_on = timezone.localtime(issued_at).date()
    title_id, title_en = course_titles(course)
    template = template_for(settings)
    values = {
        "holder": user,
        "course_key": course.course_key,
        "holder_name": holder_name(user),
        "course_title_id": title_id,
        "course_title_en": title_en,
        "course_start_date": course.start_date,
        "course_end_date": course.end_date,
        "learning_hours": course.learning_hours,
        "final_score": final_score(user, course, settings),
        "issued_at": issued_at,
        "expires_on": add_months(issued_on, settings.valid_months) if settings.valid_months else None,
        "issued_by": issued_by,
        "replaces": replaces,
        # The template and who signs are frozen too: a later change of signatory prints on new certificates only.
        "template": template,
        "signatories": signatories_of(template),
        "status_list_index": status_list.new_index(),
    }
    # From here the course's counter is locked until the transaction ends: keep it short.
    sequence = next_number(course, issued_on.year)
    existing = current_certificate(user, course)
    if existing is not None:
        raise _AlreadyIssued(existing)
    certificate = Certificate.objects.create(
        year=issued_on.year,
        sequence=sequence,
        number=format_number(
            settings.number_format,
            seq=sequence,
            code=settings.code,
            month=issued_on.month,
            year=issued_on.year,
        ),
        **values,
    )
    CertificateEvent.objects.create(certificate=certificate, action=action, actor=issued_by, at=issued_at, note=note)
    return certificate


def _after_issue(certificate, email=True):
    """Once committed: queue the new certificate's PDF and e-mail, unless the caller sends its own."""
    if email:
        transaction.on_commit(lambda: emails.queue_certificate_email(certificate))


def _after_revoke(certificate):
    """Once committed: a revoked alumnus leaves the cached alumni lists, and the status lists are rebuilt."""
    transaction.on_commit(lambda: alumni.purge_alumni_lists(certificate))
    transaction.on_commit(status_list.forget)


def issue_certificate(enrolment_or_user, course, *, issued_by=None, force=False, issued_at=None, email=True):
    """Issue `course`'s certificate to a participant, or return the one they hold: (certificate, created).

    `issued_by` is the staff member (None when automatic); `force` skips the completion check for
    an enrolled participant; `issued_at` back-dates the issue (imports, the demo), which also sets
    the year and month in the number; `email=False` leaves the holder's e-mail to the caller (a
    bulk batch sends its own, in order, or none).
    """
    user = enrolment_or_user.user if isinstance(enrolment_or_user, Enrolment) else enrolment_or_user
    course = CoursePage.source_for(course)
    existing = current_certificate(user, course)
    if existing is not None:
        return existing, False
    settings = CourseCertificateSettings.for_course(course)
    if not settings.issue_certificates:
        raise CertificateError(
            _("This course does not issue certificates; turn them on in the course's certificate settings.")
        )
    if force:
        if not Enrolment.objects.filter(user=user, course_key=course.course_key).active().exists():
            raise CertificateError(_("Only enrolled participants can be given a certificate."))
    elif not is_eligible(user, course):
        raise CertificateError(_("The participant has not completed the course."))
    _checked(settings)
    note = _("Issued by staff before completion was recorded.") if force and not is_eligible(user, course) else ""
    try:
        with transaction.atomic():
            certificate = _create(
                user,
                course,
                settings,
                action=CertificateAction.ISSUED,
                issued_by=issued_by,
                issued_at=issued_at,
                note=note,
            )
            log(certificate, ISSUE, user=issued_by, data={"number": certificate.number, "note": note})
    except _AlreadyIssued as already:
        return already.certificate, False
    except IntegrityError:
        # Another issue for this participant committed in between (the counter lock makes this rare).
        existing = current_certificate(user, course)
        if existing is None:
            raise
        return existing, False
    logger.info("certificate %s issued to user %s", certificate.number, user.pk)
    _after_issue(certificate, email)
    return certificate, True


def _revoke(certificate, reason, actor, note=None):
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = actor
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateAction.REVOKED,
        actor=actor,
        at=certificate.revoked_at,
        note=note or reason,
    )


def _locked(certificate, reason):
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason."))
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.is_revoked:
        raise CertificateError(_("This certificate is already revoked."))
    return locked, reason


def revoke(certificate, reason, actor):
    """Revoke a certificate: it stays on record, and the verification page says it is revoked."""
    with transaction.atomic():
        locked, reason = _locked(certificate, reason)
        _revoke(locked, reason, actor)
        log(locked, REVOKE, user=actor, data={"number": locked.number, "reason": reason})
    certificate.refresh_from_db()
    _after_revoke(certificate)
    return certificate


def reissue(certificate, actor, reason):
    """Revoke `certificate` and issue its replacement (new number and code, current name); returns the new one."""
    with transaction.atomic():
        locked, reason = _locked(certificate, reason)
        if locked.holder_id is None:
            raise CertificateError(_("The holder's account was erased, so the certificate cannot be reissued."))
        course = CoursePage.source_for(locked.course_key)
        if course is None:
            raise CertificateError(_("The course of this certificate no longer exists."))
        settings = _checked(CourseCertificateSettings.for_course(course))
        _revoke(locked, reason, actor)
        try:
            replacement = _create(
                locked.holder,
                course,
                settings,
                action=CertificateAction.REISSUED,
                issued_by=actor,
                replaces=locked,
                note=_("Replaces %(number)s: %(reason)s") % {"number": locked.number, "reason": reason},
            )
        except _AlreadyIssued as already:
            raise CertificateError(_("The participant already holds another certificate for this course.")) from already
        log(locked, REVOKE, user=actor, data={"number": locked.number, "reason": reason})
        log(
            replacement,
            REISSUE,
            user=actor,
            data={"number": replacement.number, "replaces": locked.number, "reason": reason},
        )
    certificate.refresh_from_db()
    _after_revoke(certificate)
    _after_issue(replacement)
    return replacement


def set_suspended(certificate, suspended, actor, reason=""):
    """Suspend a certificate (or reinstate it): the published suspension list says so; nothing else changes."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked:
            raise CertificateError(_("This certificate is already revoked."))
        if locked.suspended != suspended:
            locked.suspended = suspended
            locked.save(update_fields=["suspended"])
            action = CertificateAction.SUSPENDED if suspended else CertificateAction.REINSTATED
            CertificateEvent.objects.create(certificate=locked, action=action, actor=actor, note=reason)
            transaction.on_commit(status_list.forget)
    certificate.refresh_from_db()
    return certificate


@task()
def issue_certificate_task(user_id, course_key):
    """Issue one participant's certificate after completion; returns its number (None if nobody to issue to)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    course = CoursePage.source_for(course_key)
    if user is None or course is None:
        return None
    certificate, _created = issue_certificate(user, course)
    return certificate.number

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.choices import EnrolmentStatus, ParticipantType


class EnrolmentQuerySet(models.QuerySet):
    def for_course(self, course):
        return self.filter(course_key=course.course_key)

    def active(self):
        return self.filter(status=EnrolmentStatus.APPROVED)


class Enrolment(models.Model):
    """A participant's place in a course; keyed to the course's translation key, so one per course."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("participant")
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="courses_one_enrolment_per_course")]
        indexes = [models.Index(fields=["course_key", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} · {self.get_status_display()}"

    @property
    def is_active(self):
        return self.status == EnrolmentStatus.APPROVED


def new_invitation_token():
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A participant invited by staff (e.g. from the city's list of OPD delegates)."""

    course_key = models.UUIDField(_("course"), db_index=True)
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    participant_type = models.CharField(
        _("participant type"), max_length=20, choices=ParticipantType.choices, blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["course_key", "email"], name="courses_one_invitation_per_email")]

    def __str__(self):
        return self.email

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.certificates.choices import CertificateAction, CertificateStatus
from courses.certificates.storage import certificate_storage

# The verification view is mounted here, outside the language prefixes (cms/urls.py).
VERIFICATION_PATH = "/v/{code}/"


def new_verification_code():
    """120 random bits, URL-safe (20 characters): printed as a QR code and typed by hand on the verification page."""
    return secrets.token_urlsafe(15)


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Not revoked (an expired certificate is still the participant's current one)."""
        return self.exclude(status=CertificateStatus.REVOKED)

    def for_course(self, course):
        return self.filter(course_key=course.course_key)


class Certificate(models.Model):
    """An alumni certificate as issued: everything printed on it is frozen here at issue.

    The holder's name, the course's titles, dates and learning hours are copied, so later edits to
    the profile or the course never change an issued certificate; a correction is a reissue
    (`courses.certificates.issuing.reissue`). When the holder's account is erased the link is
    cleared and the certificate stays verifiable.
    """

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    holder_name = models.CharField(_("name of the holder"), max_length=200)
    course_title_id = models.CharField(_("course title (Indonesian)"), max_length=255)
    course_title_en = models.CharField(_("course title (English)"), max_length=255)
    course_start_date = models.DateField(_("course start date"))
    course_end_date = models.DateField(_("course end date"))
    learning_hours = models.PositiveSmallIntegerField(_("learning hours (JP)"), null=True, blank=True)
    final_score = models.DecimalField(_("final score"), max_digits=5, decimal_places=2, null=True, blank=True)
    number = models.CharField(_("number"), max_length=100, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_verification_code, editable=False
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Empty when issued automatically on completion."),
    )

    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("template"),
    )
    signatories = models.JSONField(
        _("signatories"),
        default=list,
        blank=True,
        help_text=_("As printed: name and position of each signatory, copied from the template at issue."),
    )
    pdf = models.FileField(
        _("PDF"), storage=certificate_storage, upload_to="certificates/%Y/", blank=True, editable=False
    )
    status_list_index = models.PositiveIntegerField(
        _("status list index"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Its bit in the published revocation and suspension lists (chosen at random at issue)."),
    )
    suspended = models.BooleanField(
        _("suspended"),
        default=False,
        help_text=_("Suspended for now: the published suspension list says so until it is reinstated."),
    )
    listed_as_alumnus = models.BooleanField(
        _("listed in the public alumni list"),
        default=False,
        help_text=_("Only the holder can choose this, from their dashboard."),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_key", "year", "sequence"], name="certificates_number_unique_per_course_year"
            ),
            models.UniqueConstraint(
                fields=["holder", "course_key"],
                condition=~Q(status=CertificateStatus.REVOKED),
                name="certificates_one_current_per_holder_course",
            ),
        ]
        indexes = [models.Index(fields=["course_key", "status"])]

    def __str__(self):
        return f"{self.number} · {self.holder_name}"

    @property
    def verification_path(self):
        """The public verification page: short and language-neutral, since it is printed and put in a QR code."""
        return VERIFICATION_PATH.format(code=self.verification_code)

    @property
    def verification_url(self):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.verification_path

    @property
    def is_revoked(self):
        return self.status == CertificateStatus.REVOKED

    def is_expired(self, today=None):
        return self.expires_on is not None and (today or timezone.localdate()) > self.expires_on

    @property
    def is_valid(self):
        return not self.is_revoked and not self.is_expired()

    def course_title(self, language_code):
        """The course's title as printed, in `language_code` ("id" or "en"; Indonesian otherwise)."""
        if language_code == "en" and self.course_title_en:
            return self.course_title_en
        return self.course_title_id or self.course_title_en

    def get_admin_url(self):
        return reverse("certificates:inspect", args=[self.pk])


class CertificateEvent(models.Model):
    """The audit trail: who issued, revoked, reissued or fetched a certificate, and when."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("certificate")
    )
    action = models.CharField(_("action"), max_length=20, choices=CertificateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for automatic actions."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"

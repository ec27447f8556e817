from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.certificates.numbering import number_format_error

DEFAULT_NUMBER_FORMAT = "{seq:03d}/PKH-{code}/{month_roman}/{year}"


class CourseCertificateSettings(models.Model):
    """Whether and how one course issues certificates, edited by its staff on the course's "Certificates" tab.

    Keyed by the course's `translation_key`, like the certificates themselves, so both languages of
    the course share one set of settings and the course page knows nothing of certificates. A course
    without a row issues none (`for_course` answers with the defaults).
    """

    course_key = models.UUIDField(_("course"), unique=True)
    issue_certificates = models.BooleanField(
        _("issue certificates"),
        default=False,
        help_text=_("Participants who complete the course receive a numbered certificate anyone can verify."),
    )
    auto_issue = models.BooleanField(
        _("issue automatically on completion"),
        default=True,
        help_text=_("Issue as soon as a participant meets the completion rules; untick to let staff issue them."),
    )
    code = models.CharField(
        _("course code"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]*$", _("Use letters, digits and hyphens only."))],
        help_text=_("Short code used in certificate numbers, e.g. SMG for the Semarang training."),
    )
    number_format = models.CharField(
        _("certificate number format"),
        max_length=100,
        default=DEFAULT_NUMBER_FORMAT,
        help_text=_(
            "{seq} is the certificate's place in the year ({seq:03d} pads it to three digits: 001), {code} the "
            "course code, {month} and {month_roman} the month of issue (9, IX), {year} the year of issue. "
            "Numbering starts again at 1 every year, so {seq} and {year} are required."
        ),
    )
    shows_score = models.BooleanField(
        _("print the final score"),
        default=False,
        help_text=_("The final score is the mean grade of the course's required quizzes."),
    )
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for certificates that never expire."),
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("certificate template"),
        help_text=_("How the certificate PDF looks. Leave empty for the default template."),
    )

    class Meta:
        verbose_name = _("course certificate settings")
        verbose_name_plural = _("course certificate settings")

    def __str__(self):
        return str(self.course_key)

    @classmethod
    def for_course(cls, course_or_key):
        """The settings of a course (a page in either language, or its key); unsaved defaults when it has none."""
        key = getattr(course_or_key, "course_key", course_or_key)
        return cls.objects.filter(course_key=key).first() or cls(course_key=key)

    def clean(self):
        super().clean()
        if errors := self.number_errors():
            raise ValidationError(errors)

    def number_errors(self):
        """What keeps these settings from numbering certificates, by field, for the editor."""
        if error := number_format_error(self.number_format):
            return {"number_format": error}
        if self.issue_certificates and "{code" in self.number_format and not self.code:
            return {"code": _("The number format uses {code}: set the course code.")}
        return {}

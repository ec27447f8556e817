import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.choices import Gender, ParticipantType
from home.validators import nip_validator, no_control_characters


def new_calendar_token():
    """The secret in a participant's calendar-feed URL: calendar apps cannot log in."""
    return secrets.token_urlsafe(32)


class ParticipantProfile(models.Model):
    """What a training needs to know about a participant, beyond the login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participant_profile", verbose_name=_("user")
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        validators=[no_control_characters],
        help_text=_("Exactly as it must appear on a certificate, with titles."),
    )
    participant_type = models.CharField(_("participant type"), max_length=20, choices=ParticipantType.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=255,
        validators=[no_control_characters],
        help_text=_("Regional government unit (OPD) or organisation name."),
    )
    position = models.CharField(_("position"), max_length=255, blank=True, validators=[no_control_characters])
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[nip_validator],
        help_text=_(
            "Civil servants' 18-digit employee number (optional), typed as printed: spaces and dots are removed."
        ),
    )
    regency_city = models.CharField(_("regency/city"), max_length=255, validators=[no_control_characters])
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[no_control_characters])
    gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional; used only for gender-disaggregated reports."),
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    calendar_token = models.CharField(max_length=43, unique=True, default=new_calendar_token, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")

    def __str__(self):
        return self.full_name

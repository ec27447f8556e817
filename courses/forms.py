from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import ParticipantType
from courses.models import ParticipantProfile
from home.validators import nip_validator, normalize_nip


class NIPFormField(forms.CharField):
    """A NIP as people type it ("19850312 201001 2 003", with dots, or run together), stored as 18 digits.

    The spaces and dots go before the length and structure checks, so a NIP typed as printed is never
    refused for being longer than 18 characters; the input accepts the longest printed form.
    """

    TYPED_MAX_LENGTH = 30
    default_validators = [nip_validator]

    def __init__(self, *, max_length=None, **kwargs):
        # The model's 18 is the stored length; checked here, a typed "19850312 201001 2 003" would be
        # too long, and 19 digits would get a second, vaguer message beside the NIP's own.
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_nip(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"maxlength": str(self.TYPED_MAX_LENGTH), "inputmode": "numeric", "autocomplete": "off"})
        return attrs


class ParticipantProfileForm(forms.ModelForm):
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is used to run the training."),
        required=True,
    )

    class Meta:
        model = ParticipantProfile
        fields = ["full_name", "participant_type", "organisation", "position", "nip", "regency_city", "phone", "gender"]
        widgets = {"participant_type": forms.RadioSelect, "gender": forms.RadioSelect}
        field_classes = {"nip": NIPFormField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Prefer not to say"))] + list(self.fields["gender"].choices)[1:]
        # A required choice with no default gets Django's "---------" option, which a radio list shows
        # (checked) as if it were a participant type.
        self.fields["participant_type"].choices = ParticipantType.choices
        if self.instance.pk and self.instance.privacy_consent_at:
            self.fields["privacy_consent"].initial = True
        for name in ("full_name", "organisation", "position", "regency_city"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nip") and cleaned.get("participant_type") != ParticipantType.ASN:
            self.add_error("nip", _("Only civil servants (ASN) have a NIP; leave it empty."))
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=False)
        if profile.privacy_consent_at is None:
            profile.privacy_consent_at = timezone.now()
        if commit:
            profile.save()
        return profile


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        help_text=_(
            "Your account, profile, enrolments and attendance are erased. Issued certificates stay verifiable."
        ),
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().upper() not in {"DELETE", "HAPUS"}:
            raise forms.ValidationError(_("Type DELETE (or HAPUS) to confirm."))
        return self.cleaned_data["confirm"]

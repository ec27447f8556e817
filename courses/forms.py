from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import ParticipantType
from courses.models import ParticipantProfile


class ParticipantProfileForm(forms.ModelForm):
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is used to run the training."),
        required=True,
    )

    class Meta:
        model = ParticipantProfile
        fields = ["full_name", "participant_type", "organisation", "position", "nip", "regency_city", "phone", "gender"]
        widgets = {"participant_type": forms.RadioSelect, "gender": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Prefer not to say"))] + list(self.fields["gender"].choices)[1:]
        if self.instance.pk and self.instance.privacy_consent_at:
            self.fields["privacy_consent"].initial = True
        for name in ("full_name", "organisation", "position", "regency_city"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{18}"})

    def clean_nip(self):
        return self.cleaned_data["nip"].replace(" ", "")

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

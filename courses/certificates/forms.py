from django import forms
from django.utils.translation import gettext_lazy as _

from courses.certificates.models import CourseCertificateSettings


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the certificate's history, e.g. “The name was misspelt: Dewi, not Devi”."),
    )


class CourseCertificateSettingsForm(forms.ModelForm):
    """A course's certificate settings, on its "Certificates" tab (validated by the model: the number format)."""

    class Meta:
        model = CourseCertificateSettings
        fields = [
            "issue_certificates",
            "auto_issue",
            "code",
            "number_format",
            "shows_score",
            "valid_months",
            "template",
        ]

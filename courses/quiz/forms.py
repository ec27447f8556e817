"""Admin forms of the quiz engine: the bank and quizzes (snippets), marking, overrides, question import."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from courses.quiz.models import Choice, Question, QuizOverride


def kept_forms(formset):
    """The inline forms that will be saved: filled in and not marked for deletion."""
    return [
        form
        for form in formset.forms
        if (form.instance.pk or form.has_changed()) and not form.cleaned_data.get("DELETE", False)
    ]


class QuestionAdminForm(WagtailAdminModelForm):
    """Checks the question against its inline choices, so a wrong key is an error message, not a broken quiz."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("choices")
        if formset is None or not formset.is_valid() or "kind" not in cleaned_data:
            return cleaned_data
        choices = [
            Choice(text=form.cleaned_data.get("text", ""), is_correct=form.cleaned_data.get("is_correct", False))
            for form in kept_forms(formset)
        ]
        question = Question(kind=cleaned_data["kind"], accepted_answers=cleaned_data.get("accepted_answers", ""))
        if choices and not question.has_choices:
            self.add_error(None, _("Answer choices: short-answer and essay questions take no choices; remove them."))
            return cleaned_data
        try:
            question.validate_choices(choices)
        except ValidationError as error:
            self.add_error(None, [_("Answer choices: %(error)s") % {"error": message} for message in error.messages])
        return cleaned_data


class QuizAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("fixed_questions")
        if formset is None or not formset.is_valid():
            return cleaned_data
        seen = set()
        for form in kept_forms(formset):
            question = form.cleaned_data.get("question")
            if question is None:
                continue
            if question.translation_key in seen:
                self.add_error(None, _("“%(question)s” is in the quiz twice.") % {"question": question})
            seen.add(question.translation_key)
        return cleaned_data


class MarkForm(forms.Form):
    """A marker's points for one answer (up to the question's points) and a word to the participant."""

    feedback = forms.CharField(
        label=_("Feedback to the participant"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, max_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "points": forms.DecimalField(
                label=_("Points"),
                min_value=0,
                max_value=max_points,
                max_digits=6,
                decimal_places=2,
                help_text=_("From 0 to %(points)s.") % {"points": max_points},
                widget=forms.NumberInput(attrs={"step": "0.25"}),
            ),
            **self.fields,
        }


class OverrideForm(forms.ModelForm):
    """An exception for one participant; the quiz is set by the view."""

    class Meta:
        model = QuizOverride
        fields = ["user", "extra_minutes", "extra_attempts", "close_at"]
        widgets = {"close_at": AdminDateTimeInput}

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        user_field.queryset = participants
        user_field.label_from_instance = participant_label
        if self.instance.pk:
            user_field.disabled = True
        self.fields["close_at"].help_text = _("Leave empty to keep the quiz's own closing time.")

    def clean(self):
        cleaned_data = super().clean()
        user = cleaned_data.get("user")
        if user is not None and not self.instance.pk:
            if QuizOverride.objects.filter(quiz_key=self.instance.quiz_key, user=user).exists():
                self.add_error("user", _("This participant already has an override; change that one instead."))
        if not (
            cleaned_data.get("extra_minutes") or cleaned_data.get("extra_attempts") or cleaned_data.get("close_at")
        ):
            raise ValidationError(_("Give extra minutes, extra attempts or a closing date."))
        return cleaned_data


def participant_label(user):
    profile = getattr(user, "participant_profile", None)
    name = profile.full_name if profile is not None and profile.full_name else ""
    return f"{name} <{user.email}>" if name else user.email


class QuestionFileForm(forms.Form):
    file = forms.FileField(
        label=_("Question file"),
        help_text=_(
            "CSV or Excel (.xlsx) with the columns category, type, question, choice_1 … choice_6, correct, points, "
            "explanation and accepted_answers, or Moodle GIFT text (.gift, .txt). Nothing is saved until every "
            "question is right."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.gift,.txt"}),
    )

"""Forms of the forum and the action plans: plain fields that work without JavaScript."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from courses.community.action_plans import MAX_ACTIVITIES, MAX_COMMENT_LENGTH, MAX_TEXT_LENGTH
from courses.community.choices import ActionPlanCommentKind
from courses.community.forum import MAX_POST_LENGTH, MAX_TITLE_LENGTH
from courses.community.models import ActionPlan

MARKUP_HELP = _(
    "Plain text. Leave an empty line between paragraphs; start lines with “- ” for a list or “> ” to quote; "
    "**two stars** make bold; web and e-mail addresses become links."
)


class BodyField(forms.CharField):
    """A message of at most `limit` characters, with an error that says by how much it is over."""

    def __init__(self, *, limit, label, help_text="", **kwargs):
        self.limit = limit
        super().__init__(
            label=label,
            help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 8}),
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        if len(value) > self.limit:
            raise forms.ValidationError(
                _("Your text is %(length)s characters long; the limit is %(limit)s. Shorten it or split it in two."),
                code="too_long",
                params={
                    "length": formats.number_format(len(value), force_grouping=True),
                    "limit": formats.number_format(self.limit, force_grouping=True),
                },
            )
        return value


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    body = BodyField(limit=MAX_POST_LENGTH, label=_("Message"), help_text=MARKUP_HELP)
    follow = forms.BooleanField(label=_("E-mail me when someone replies"), required=False, initial=True)


class ReplyForm(forms.Form):
    body = BodyField(limit=MAX_POST_LENGTH, label=_("Your reply"), help_text=MARKUP_HELP)
    follow = forms.BooleanField(label=_("E-mail me about new replies in this thread"), required=False)


class PostEditForm(forms.Form):
    body = BodyField(limit=MAX_POST_LENGTH, label=_("Message"), help_text=MARKUP_HELP)


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "problem",
            "capital",
            "objectives",
            "responsible_unit",
            "partners",
            "indicators",
            "resources",
        ]
        help_texts = {
            "title": _("e.g. “Semarang human-rights city road map: access to social services”."),
            "problem": _("The human-rights problem the plan addresses, with the facts you know."),
            "capital": _("What already exists to build on: regulations, programmes, budgets, networks."),
            "objectives": _("What should be different when the plan is carried out."),
            "responsible_unit": _("The OPD or unit that leads the work."),
            "partners": _("Other OPD, civil-society organisations, universities, the private sector."),
            "indicators": _("How you will know the objectives are met."),
            "resources": _("People, budget (APBD or other sources) and materials needed."),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("problem", "capital", "objectives", "partners", "indicators", "resources")
        }

    PLAN_FIELDS = ["title", "problem", "capital", "objectives"]
    DELIVERY_FIELDS = ["responsible_unit", "partners", "indicators", "resources"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
                field.widget.attrs["maxlength"] = str(MAX_TEXT_LENGTH)

    def plan_fields(self):
        return [self[name] for name in self.PLAN_FIELDS]

    def delivery_fields(self):
        return [self[name] for name in self.DELIVERY_FIELDS]


class ActivityForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=300, required=False)
    start = forms.DateField(label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        activity, start, end = cleaned.get("activity"), cleaned.get("start"), cleaned.get("end")
        if (start or end) and not activity:
            self.add_error("activity", _("Name the activity, or clear its dates."))
        if activity and not start:
            self.add_error("start", _("When does it start?"))
        if start and end and end < start:
            self.add_error("end", _("The activity cannot end before it starts."))
        return cleaned


BaseActivityFormSet = forms.formset_factory(
    ActivityForm, extra=3, max_num=MAX_ACTIVITIES, validate_max=True, absolute_max=MAX_ACTIVITIES
)


def activity_formset(plan, data=None):
    initial = [
        {"activity": row.get("activity", ""), "start": row.get("start") or None, "end": row.get("end") or None}
        for row in plan.activities
    ]
    return BaseActivityFormSet(data, initial=initial, prefix="activity")


class TeamMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of a fellow participant"),
        help_text=_("The address they log in with. They must be enrolled in this course."),
    )


class CommentForm(forms.Form):
    body = BodyField(limit=MAX_COMMENT_LENGTH, label=_("Comment"))
    # Bounded as the column is (a 32-bit integer): a larger number is not a version, never a database error.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class DecisionForm(forms.Form):
    DECISIONS = [
        (ActionPlanCommentKind.REVISION, _("Request a revision")),
        (ActionPlanCommentKind.APPROVAL, _("Approve the plan")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    body = BodyField(
        limit=MAX_COMMENT_LENGTH,
        label=_("Comment to the participants"),
        required=False,
        help_text=_("Required when you request a revision: say what to change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ActionPlanCommentKind.REVISION and not cleaned.get("body", "").strip():
            self.add_error("body", _("Say what the participants should revise."))
        return cleaned

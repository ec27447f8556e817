from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from courses.quiz.choices import AnswerOrder, MultipleScoring, QuestionKind


class QuestionCategory(TranslatableMixin, models.Model):
    """A topic of the question bank; a category with a parent is a sub-category."""

    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("parent")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("parent", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Question(TranslatableMixin, index.Indexed, ClusterableModel):
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    category = models.ForeignKey(
        "quiz.QuestionCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    sub_category = models.ForeignKey(
        "quiz.QuestionCategory",
        verbose_name=_("sub-category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_questions",
    )
    text = models.TextField(_("question"))
    figure = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("figure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An optional image the question refers to."),
    )
    figure_alt = models.CharField(_("figure description"), max_length=250, blank=True)
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown at review, when the quiz allows it.")
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    answer_order = models.CharField(
        _("answer order"), max_length=10, choices=AnswerOrder.choices, default=AnswerOrder.ENTERED
    )
    multiple_scoring = models.CharField(
        _("scoring of multiple answers"),
        max_length=20,
        choices=MultipleScoring.choices,
        default=MultipleScoring.ALL_OR_NOTHING,
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_("Short-answer questions: one accepted answer per line; case and extra spaces are ignored."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("points")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("sub_category")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("figure"), FieldPanel("figure_alt")]),
        InlinePanel(
            "choices", label=_("Answer choices"), help_text=_("For multiple choice, multiple answers and true/false.")
        ),
        FieldRowPanel([FieldPanel("answer_order"), FieldPanel("multiple_scoring")]),
        FieldPanel("accepted_answers"),
        FieldPanel("explanation"),
    ]
    # Filter fields: the listing's filters and sortable columns, and "pk" (its order when the column
    # asked for is unknown), all of which the search backend must know to sort or filter a search.
    search_fields = [
        index.SearchField("text"),
        index.AutocompleteField("text"),
        *(index.FilterField(name) for name in ("pk", "text", "kind", "category", "points")),
    ]
    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("points", overridable=False),
        SynchronizedField("answer_order", overridable=False),
        SynchronizedField("multiple_scoring", overridable=False),
        SynchronizedField("category", overridable=False),
        SynchronizedField("sub_category", overridable=False),
        SynchronizedField("figure"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:80]

    @property
    def has_choices(self):
        return self.kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE}

    @property
    def accepted_answer_list(self):
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def validate_choices(self, choices):
        """Cross-checks between the question and its choices; called by the admin form and importers."""
        correct = [choice for choice in choices if choice.is_correct]
        if self.kind in {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE} and len(correct) != 1:
            raise ValidationError(_("This question type needs exactly one correct answer."))
        if self.kind == QuestionKind.TRUE_FALSE and len(choices) != 2:
            raise ValidationError(_("A true/false question has exactly two choices."))
        if self.kind == QuestionKind.MULTIPLE and not correct:
            raise ValidationError(_("Mark at least one correct answer."))
        if self.kind == QuestionKind.SHORT and not self.accepted_answer_list:
            raise ValidationError(_("List at least one accepted answer."))


class Choice(TranslatableMixin, Orderable):
    question = ParentalKey("quiz.Question", on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]
    override_translatable_fields = [TranslatableField("text"), SynchronizedField("is_correct", overridable=False)]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("choice")

    def __str__(self):
        return self.text

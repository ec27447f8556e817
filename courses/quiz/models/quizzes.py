from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from courses.quiz.choices import AnswerRelease, GradingMethod, QuizKind, ReviewContent, ReviewTiming


class Quiz(TranslatableMixin, index.Indexed, ClusterableModel):
    """A quiz, pre-test or post-test. Its settings that decide grades are the same in every language."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Short name used in exports, e.g. “pretest-kota-ham”.")
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=QuizKind.choices, default=QuizKind.QUIZ)
    category = models.ForeignKey(
        "quiz.QuestionCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
    )
    random_order = models.BooleanField(_("random question order"), default=False)
    max_questions = models.PositiveSmallIntegerField(
        _("maximum questions"), null=True, blank=True, help_text=_("Draw at most this many questions for each attempt.")
    )
    answers_at_end = models.BooleanField(
        _("answers at end"),
        default=True,
        help_text=_("Off: show whether each answer was right as soon as it is saved."),
    )
    exam_paper = models.BooleanField(
        _("exam paper"),
        default=True,
        help_text=_("Keep every attempt for staff review (off: only each participant's latest)."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("1 means a single attempt; 0, no limit.")
    )
    grading_method = models.CharField(
        _("grade"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60, validators=[MaxValueValidator(100)])
    success_text = models.TextField(_("text when passed"), blank=True)
    fail_text = models.TextField(_("text when failed"), blank=True)
    draft = models.BooleanField(_("draft"), default=False, help_text=_("Drafts are hidden from participants."))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    open_at = models.DateTimeField(_("opens"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes"), null=True, blank=True)
    review_content = models.CharField(
        _("after submitting, show"), max_length=10, choices=ReviewContent.choices, default=ReviewContent.FULL
    )
    review_timing = models.CharField(
        _("show it"), max_length=15, choices=ReviewTiming.choices, default=ReviewTiming.IMMEDIATELY
    )
    answer_release = models.CharField(
        _("show correct answers and explanations"),
        max_length=20,
        choices=AnswerRelease.choices,
        default=AnswerRelease.BY_KIND,
        blank=True,
        help_text=_(
            "When the review may show the correct answers, accepted answers and explanations (the score is shown "
            "as set above). Hold them back while a later quiz asks the same questions."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("kind"), FieldPanel("category")]),
        FieldPanel("description"),
        InlinePanel("fixed_questions", label=_("Questions"), help_text=_("Asked in every attempt.")),
        InlinePanel(
            "bank_rules",
            label=_("Random questions from the bank"),
            help_text=_("Each attempt draws this many from the category."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("random_order"), FieldPanel("max_questions"), FieldPanel("answers_at_end")]),
                FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("grading_method"), FieldPanel("exam_paper")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("open_at"), FieldPanel("close_at")]),
            ],
            heading=_("Attempts"),
        ),
        MultiFieldPanel(
            [FieldPanel("pass_mark"), FieldPanel("success_text"), FieldPanel("fail_text")],
            heading=_("Result"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("review_content"), FieldPanel("review_timing")]), FieldPanel("answer_release")],
            heading=_("Review"),
        ),
        FieldPanel("draft"),
    ]
    # Filter fields: the listing's filters and sortable columns, and "pk" (see Question.search_fields).
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        *(index.FilterField(name) for name in ("pk", "title", "kind", "pass_mark", "draft")),
    ]
    override_translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("success_text"),
        TranslatableField("fail_text"),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("pass_mark", overridable=False),
        SynchronizedField("max_attempts", overridable=False),
        SynchronizedField("grading_method", overridable=False),
        SynchronizedField("time_limit_minutes", overridable=False),
        SynchronizedField("open_at", overridable=False),
        SynchronizedField("close_at", overridable=False),
        SynchronizedField("max_questions", overridable=False),
        SynchronizedField("review_content", overridable=False),
        SynchronizedField("review_timing", overridable=False),
        SynchronizedField("answer_release", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.open_at and self.close_at and self.close_at <= self.open_at:
            raise ValidationError({"close_at": _("The quiz must close after it opens.")})
        if not self.answers_at_end and self.releases_answers != AnswerRelease.AFTER_SUBMIT:
            raise ValidationError(
                {
                    "answers_at_end": _(
                        "Showing whether each answer is right as it is saved gives the answers away while the "
                        "correct answers are held back: keep “answers at end” on, or show them after submitting."
                    )
                }
            )

    @property
    def releases_answers(self):
        """The quiz's `AnswerRelease`, with "as the kind suggests" worked out."""
        if self.answer_release:
            return self.answer_release
        return AnswerRelease.AFTER_POST_TEST if self.kind == QuizKind.PRE_TEST else AnswerRelease.AFTER_SUBMIT

    @property
    def quiz_key(self):
        return self.translation_key

    def is_open(self, now=None, close_at=None):
        now = now or timezone.now()
        close_at = close_at or self.close_at
        return (self.open_at is None or now >= self.open_at) and (close_at is None or now <= close_at)


class QuizQuestion(Orderable):
    quiz = ParentalKey("quiz.Quiz", on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        "quiz.Question", verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("question")]


class QuizBankRule(Orderable):
    quiz = ParentalKey("quiz.Quiz", on_delete=models.CASCADE, related_name="bank_rules")
    category = models.ForeignKey(
        "quiz.QuestionCategory", verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("questions to draw"), default=5)

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("count")])]


class QuizOverride(models.Model):
    """Per-participant exceptions set by staff: extra time, more attempts, a later close date."""

    quiz_key = models.UUIDField(_("quiz"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="quiz_overrides"
    )
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes"), default=0)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    close_at = models.DateTimeField(_("closes for this participant"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz override")
        verbose_name_plural = _("quiz overrides")
        constraints = [models.UniqueConstraint(fields=["quiz_key", "user"], name="quiz_one_override_per_participant")]

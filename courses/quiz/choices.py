from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Multiple choice, one correct answer")
    MULTIPLE = "multiple", _("Multiple answers (choose all that apply)")
    TRUE_FALSE = "true_false", _("True / false")
    SHORT = "short", _("Short answer")
    ESSAY = "essay", _("Essay (marked by staff)")


class AnswerOrder(models.TextChoices):
    ENTERED = "entered", _("As entered")
    RANDOM = "random", _("Random")
    CONTENT = "content", _("Alphabetical")


class MultipleScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit")


class QuizKind(models.TextChoices):
    QUIZ = "quiz", _("Quiz")
    PRE_TEST = "pre_test", _("Pre-test")
    POST_TEST = "post_test", _("Post-test")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    AVERAGE = "average", _("Average of attempts")


class ReviewContent(models.TextChoices):
    SCORE = "score", _("Score only")
    ANSWERS = "answers", _("Score and their answers")
    FULL = "full", _("Score, answers, correct answers and explanations")


class ReviewTiming(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately after submitting")
    AFTER_CLOSE = "after_close", _("After the quiz closes")


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class AnswerRelease(models.TextChoices):
    """When a review may show the correct answers, accepted answers and explanations."""

    BY_KIND = "", _("As the kind suggests (a pre-test: after the course's post-test; others: after submitting)")
    NEVER = "never", _("Never")
    AFTER_SUBMIT = "after_submit", _("After submitting")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    AFTER_POST_TEST = "after_post_test", _("After the course's post-test is submitted or closed")

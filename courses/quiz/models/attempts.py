from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.quiz.choices import AttemptState


class Attempt(models.Model):
    """One sitting of a quiz: its paper (question and choice order), deadline and result.

    Keyed to the quiz's translation key, so the same attempt continues in either language.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz_key = models.UUIDField(_("quiz"), db_index=True)
    course_key = models.UUIDField(_("course"), null=True, blank=True, db_index=True)
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(_("state"), max_length=20, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS)
    question_keys = models.JSONField(_("questions"), default=list)
    choice_orders = models.JSONField(default=dict)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    needs_marking = models.BooleanField(_("needs marking"), default=False)
    trial = models.BooleanField(
        _("staff trial"),
        default=False,
        help_text=_("Taken by course staff trying the quiz out; left out of results, analysis and exports."),
    )

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz_key", "number"], name="quiz_attempt_number_unique")
        ]
        indexes = [models.Index(fields=["quiz_key", "state"])]

    def __str__(self):
        return f"{self.user} · {self.number}"

    @property
    def is_submitted(self):
        return self.state == AttemptState.SUBMITTED


class Answer(models.Model):
    """The participant's answer to one question of an attempt, saved as soon as it is given."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_key = models.UUIDField(_("question"))
    choice_keys = models.JSONField(_("choices"), default=list)
    text = models.TextField(_("answer text"), blank=True)
    client_seq = models.PositiveIntegerField(
        default=0, help_text="Highest sequence number the browser sent for this answer."
    )
    saved_at = models.DateTimeField(_("saved"), auto_now=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)
    feedback = models.TextField(_("marker's feedback"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["attempt", "question_key"], name="quiz_one_answer_per_question")]

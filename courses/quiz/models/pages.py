from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from home.models import BasePage


class QuizPage(BasePage):
    """A quiz placed in a course's lesson sequence. The participant-facing views hang off it."""

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    quiz = models.ForeignKey(
        "quiz.Quiz",
        verbose_name=_("quiz"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The quiz snippet participants take here."),
    )
    required = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("Counts when the course's completion rules require quizzes to be passed."),
    )
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("quiz"), FieldPanel("required"), FieldPanel("introduction")]

    class Meta:
        verbose_name = _("quiz page")
        verbose_name_plural = _("quiz pages")

    @cached_property
    def course(self):
        return self.get_parent().specific

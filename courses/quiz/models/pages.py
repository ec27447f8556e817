from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from courses.access import active_enrolment, is_course_staff
from courses.models.pages import CoursePage, PluggablePageMixin
from home.models import BasePage


class QuizPage(PluggablePageMixin, BasePage):
    """A quiz placed in a course's lesson sequence. The participant-facing views hang off it.

    The model imports no view: its routes come from `courses.quiz.views.page_routes` through the
    core's `PAGE_ROUTES` hook, like a course page's; `courses.quiz.sitting` decides.
    """

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    # Every route reads the quiz: fetched with the page when routing finds it (home/routing.py).
    route_select_related = ["quiz"]

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
    must_submit = models.BooleanField(
        _("must be submitted for completion"),
        default=False,
        help_text=_(
            "The course is complete only once the participant has submitted this quiz, whatever their score "
            "(e.g. the post-test). To require a pass as well, use “required for completion” with the course's rule."
        ),
    )
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("quiz"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("must_submit")]),
        FieldPanel("introduction"),
    ]

    class Meta:
        verbose_name = _("quiz page")
        verbose_name_plural = _("quiz pages")

    @cached_property
    def course(self):
        return CoursePage.objects.get(path=self.path[: -self.steplen])  # the parent, in one query

    def serve(self, request, *args, **kwargs):
        """Quizzes are for enrolled participants and course staff; others are sent to log in or enrol."""
        request.quiz_staff = False
        if not active_enrolment(request.user, self.course):
            request.quiz_staff = is_course_staff(request.user, self.course)
            if not request.quiz_staff:
                return self.refuse(request)
        return super().serve(request, *args, **kwargs)

    def refuse(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response = TemplateResponse(request, "quiz/quiz_locked.html", {"page": self, "course": self.course})
        response.status_code = 403
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.course
        return context

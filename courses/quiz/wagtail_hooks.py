"""The quiz engine in the Wagtail admin: one "Quizzes" menu with the bank, the quizzes and the results.

Questions, categories and quizzes are translatable snippets (wagtail-localize adds "Translate");
the admin forms check a question against its choices. "Quiz results" is for course staff.
"""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from courses import hooks as course_hooks
from courses.access import facilitated_courses, is_course_staff
from courses.demo import semarang_course
from courses.models import CoursePage
from courses.quiz import admin_bank, admin_overrides, admin_results, demo, integration, views
from courses.quiz.forms import QuestionAdminForm, QuizAdminForm
from courses.quiz.history import register_quiz_log_actions
from courses.quiz.models import Question, QuestionCategory, Quiz, QuizPage
from home import converters  # noqa: F401 (registers the "id" path converter)
from home import hooks as home_hooks


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    list_display = ["name", "parent"]
    ordering = ["name"]


class QuestionIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("quiz.add_question"):
            buttons = [
                *buttons,
                HeaderButton(
                    _("Import questions"), url=reverse("wagtailsnippets_quiz_question:import"), icon_name="upload"
                ),
            ]
        return buttons


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    index_view_class = QuestionIndexView
    list_display = [
        "text",
        Column("kind", label=_("Type"), accessor="get_kind_display"),
        # Not sortable: a search cannot be sorted by a relation (the backend sorts by indexed fields only).
        Column("category", label=capfirst(Question._meta.get_field("category").verbose_name)),
        "points",
    ]
    list_filter = ["kind", "category"]
    # No `search_fields`: the admin searches the model's own index (see PersonViewSet in home/wagtail_hooks.py).
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionAdminForm)

    def get_urlpatterns(self):
        import_view = admin_bank.QuestionImportView.as_view(index_url_name=self.get_url_name("list"))
        return [*super().get_urlpatterns(), path("import/", import_view, name="import")]


def preview_button(quiz, **kwargs):
    return Button(
        _("Preview as participant"),
        url=reverse("wagtailsnippets_quiz_quiz:participant_preview", args=[quiz.pk]),
        icon_name="view",
        **kwargs,
    )


def warn_of_revealed_answers(request, quiz):
    """Warn when, in a course that places `quiz`, an earlier quiz gives away a later one's answers."""
    for course, earlier, later in integration.answer_key_conflicts(quiz):
        messages.warning(
            request,
            gettext(
                "In “%(course)s”, “%(earlier)s” and the later “%(later)s” share questions, and “%(earlier)s” "
                "shows its correct answers before “%(later)s” closes. Set “show correct answers and "
                "explanations” of “%(earlier)s” to a later moment (e.g. after the course's post-test)."
            )
            % {"course": course.title, "earlier": earlier.title, "later": later.title},
        )


class QuizEditView(EditView):
    def get(self, request, *args, **kwargs):
        warn_of_revealed_answers(request, self.object)  # shown on the form, before anything is changed
        return super().get(request, *args, **kwargs)

    @property
    def header_more_buttons(self):
        return [*super().header_more_buttons, preview_button(self.object, priority=5)]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    edit_view_class = QuizEditView
    list_display = [
        "title",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "pass_mark",
        BooleanColumn("draft", label=_("Draft")),
    ]
    list_filter = ["kind", "draft"]
    # No `search_fields`: the admin searches the model's own index (see PersonViewSet in home/wagtail_hooks.py).
    edit_handler = ObjectList(Quiz.panels, base_form_class=QuizAdminForm)

    def get_urlpatterns(self):
        preview_view = admin_bank.QuizPreviewView.as_view(
            index_url_name=self.get_url_name("list"), edit_url_name=self.get_url_name("edit")
        )
        return [
            *super().get_urlpatterns(),
            path("preview-as-participant/<id:pk>/", preview_view, name="participant_preview"),
        ]


@hooks.register("register_snippet_listing_buttons")
def quiz_preview_listing_button(snippet, user, next_url=None):
    if isinstance(snippet, Quiz):
        yield preview_button(snippet, priority=15)


class CourseStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return facilitated_courses(request.user).exists()


class QuizResultsViewSet(ViewSet):
    """Marking, learning gain, item analysis, overrides and exports, for the staff of each course."""

    name = "quiz_results"
    url_prefix = "quizzes/results"
    icon = "clipboard-list"
    menu_label = _("Quiz results")
    menu_item_class = CourseStaffMenuItem

    def get_urlpatterns(self):
        course = "<id:course_id>"
        quiz = f"{course}/quizzes/<id:page_id>"
        override = f"{quiz}/overrides/<id:override_id>"
        return [
            path("", admin_results.ResultsIndexView.as_view(), name="index"),
            path(f"{course}/", admin_results.AttemptsView.as_view(), name="attempts"),
            path(f"{course}/attempts/<id:attempt_id>/", admin_results.AttemptView.as_view(), name="attempt"),
            path(f"{course}/learning-gain/", admin_results.LearningGainView.as_view(), name="learning_gain"),
            path(
                f"{course}/learning-gain/export/<str:table>/<str:file_format>/",
                admin_results.LearningGainExportView.as_view(),
                name="learning_gain_export",
            ),
            path(f"{quiz}/", admin_results.ItemAnalysisView.as_view(), name="analysis"),
            path(f"{quiz}/overrides/", admin_overrides.OverridesView.as_view(), name="overrides"),
            path(f"{override}/", admin_overrides.OverrideEditView.as_view(), name="override"),
            path(f"{override}/delete/", admin_overrides.OverrideDeleteView.as_view(), name="override_delete"),
            path(f"{quiz}/export/<str:file_format>/", admin_results.ExportView.as_view(), name="export"),
        ]


class QuizzesGroup(SnippetViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "tasks"
    menu_name = "quizzes"
    menu_order = 160
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet, QuizResultsViewSet)


register_snippet(QuizzesGroup)


@hooks.register("register_page_header_buttons")
def quiz_results_button(page, user, view_name, next_url=None):
    """ "Quiz results" on a course's and a quiz page's header, for the course's staff."""
    specific_class = page.specific_class
    if specific_class is CoursePage:
        course = page.specific_deferred
    elif specific_class is QuizPage:
        course = page.get_parent().specific_deferred
    else:
        return
    if is_course_staff(user, course):
        url = reverse("quiz_results:attempts", args=[course.pk])
        if specific_class is QuizPage:
            url += f"?quiz={page.pk}"
        yield Button(_("Quiz results"), url, icon_name="clipboard-list", priority=6)


hooks.register("register_log_actions", register_quiz_log_actions)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_after_saving_a_quiz(request, instance):
    if isinstance(instance, Quiz):
        warn_of_revealed_answers(request, instance)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_after_placing_a_quiz(request, page):
    if isinstance(page.specific_deferred, QuizPage):
        warn_of_revealed_answers(request, page.specific_deferred.quiz)


# The quiz's contributions to the courses core (`courses.hooks`) ----------------------------------

hooks.register(course_hooks.COMPLETION_REQUIREMENTS, integration.quizzes_passed)
hooks.register(course_hooks.COMPLETION_REQUIREMENTS, integration.quizzes_submitted)
hooks.register(course_hooks.FINAL_SCORE, integration.final_score)
hooks.register(course_hooks.COURSE_SEQUENCE, integration.course_sequence)
hooks.register(course_hooks.PAGE_ROUTES, views.page_routes)
hooks.register(course_hooks.COURSE_PAGE_ROWS, integration.course_quiz_rows)
hooks.register(course_hooks.DASHBOARD_ROWS, integration.dashboard_quizzes)
hooks.register(course_hooks.STAFF_TASKS, integration.essays_to_mark)
hooks.register(course_hooks.GRADEBOOK_COLUMNS, integration.gradebook_scores, order=10)
hooks.register(course_hooks.PERSONAL_DATA, integration.quiz_personal_data)


@hooks.register(home_hooks.LOAD_DEMO_DATA, order=400)
def load_demo_quizzes(stdout, tree):
    demo.load(stdout, semarang_course())

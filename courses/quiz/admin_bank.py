"""The question bank's tools in the Wagtail admin: the quiz as a participant sees it, and the question import.

The bank is the editors' (model permissions, see `courses.quiz.permissions`); the preview is also
open to the staff of a course that uses the quiz. `courses.quiz.wagtail_hooks` mounts both on the
quiz and question snippet viewsets.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from courses.access import forbidden, is_course_staff
from courses.checked_import import CheckedImportMixin
from courses.quiz.choices import AnswerOrder, QuestionKind
from courses.quiz.forms import QuestionFileForm
from courses.quiz.history import QUESTION_IMPORTED
from courses.quiz.importing import ImportedQuestion, QuestionImportError, import_questions, parse_question_file
from courses.quiz.models import Choice, Question, Quiz, QuizPage
from courses.quiz.sitting import attempts_allowed


@dataclass
class PreviewQuestion:
    """What a participant sees of a question: no correct answers, no explanation."""

    number: int
    kind: str
    text: str
    points: int
    figure: object
    figure_alt: str
    choices: list  # texts, in the order shown
    random_order: bool

    @property
    def input_type(self):
        return {
            QuestionKind.SHORT: "text",
            QuestionKind.ESSAY: "textarea",
            QuestionKind.MULTIPLE: "checkbox",
        }.get(self.kind, "radio")


def preview_question(number, question, choices):
    texts = [choice.text for choice in choices]
    if question.answer_order == AnswerOrder.CONTENT:
        texts.sort(key=str.casefold)
    return PreviewQuestion(
        number=number,
        kind=question.kind,
        text=question.text,
        points=question.points,
        figure=question.figure,
        figure_alt=question.figure_alt,
        choices=texts,
        random_order=question.answer_order == AnswerOrder.RANDOM,
    )


class QuizPreviewView(WagtailAdminTemplateMixin, View):
    """The quiz as a participant sees it, in the quiz's language: every question and choice, nothing marked."""

    template_name = "quiz/admin/preview.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Preview as participant")
    index_url_name = None
    edit_url_name = None

    def dispatch(self, request, pk):
        self.quiz = get_object_or_404(Quiz.objects.select_related("locale"), pk=pk)
        if not self.may_preview(request.user):
            return forbidden(request, _("Only editors and the staff of a course using this quiz can preview it."))
        return super().dispatch(request)

    def may_preview(self, user):
        if user.has_perm("quiz.view_quiz") or user.has_perm("quiz.change_quiz"):
            return True
        pages = QuizPage.objects.filter(quiz__translation_key=self.quiz.translation_key)
        return any(is_course_staff(user, page.course) for page in pages)

    def get_page_subtitle(self):
        return self.quiz.title

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items
        if self.index_url_name:
            items = items + [{"url": reverse(self.index_url_name), "label": _("Quizzes")}]
        if self.edit_url_name and self.request.user.has_perm("quiz.change_quiz"):
            items = items + [{"url": reverse(self.edit_url_name, args=[self.quiz.pk]), "label": self.quiz.title}]
        return items + [{"url": "", "label": self.page_title}]

    def localised(self, questions):
        """The quiz's language version of each question, falling back to the question itself."""
        questions = list(questions)
        translated = {
            question.translation_key: question
            for question in Question.objects.filter(
                translation_key__in=[question.translation_key for question in questions], locale=self.quiz.locale
            ).select_related("figure")
        }
        return [translated.get(question.translation_key, question) for question in questions]

    def get(self, request):
        fixed = self.localised(row.question for row in self.quiz.fixed_questions.select_related("question"))
        rules = list(self.quiz.bank_rules.select_related("category"))
        fixed_keys = [question.translation_key for question in fixed]
        pools = {
            rule.pk: list(
                Question.objects.filter(
                    category__translation_key=rule.category.translation_key, locale=self.quiz.locale
                )
                .exclude(translation_key__in=fixed_keys)
                .select_related("figure")
                .order_by("pk")
            )
            for rule in rules
        }
        everything = fixed + [question for pool in pools.values() for question in pool]
        choices = defaultdict(list)
        for choice in Choice.objects.filter(question__in=everything).order_by("sort_order", "pk"):
            choices[choice.question_id].append(choice)
        number = 0
        questions = []
        for question in fixed:
            number += 1
            questions.append(preview_question(number, question, choices[question.pk]))
        banks = []
        for rule in rules:
            pool = []
            for question in pools[rule.pk]:
                number += 1
                pool.append(preview_question(number, question, choices[question.pk]))
            banks.append({"rule": rule, "questions": pool})
        context = self.get_context_data(
            quiz=self.quiz,
            questions=questions,
            banks=banks,
            attempts=attempts_allowed(self.quiz),
        )
        return self.render_to_response(context)


class QuestionImportView(CheckedImportMixin, WagtailAdminTemplateMixin, View):
    """Upload a file, see every problem by line, confirm a clean file: questions in the source language."""

    template_name = "quiz/admin/import.html"
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"
    index_url_name = None
    form_class = QuestionFileForm
    parse_error = QuestionImportError
    preview_template = "quiz/admin/import_preview.html"
    preview_caption = gettext_lazy("Questions to import")
    nothing_saved_text = gettext_lazy("Nothing was imported. Correct these lines and upload the file again:")
    upload_heading = gettext_lazy("Upload a question file")
    upload_intro = gettext_lazy(
        "Questions are imported in Indonesian, the source language; translate them afterwards with “Translate”. "
        "Missing categories are created."
    )
    confirm_label = gettext_lazy("Import these questions")
    preview_heading = ngettext_lazy(
        "The file is correct: %(counter)s question will be imported.",
        "The file is correct: %(counter)s questions will be imported.",
        "counter",
    )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("quiz.add_question"):
            return forbidden(request, _("Only editors can import questions into the bank."))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def token_salt(self):
        return f"courses.quiz.import:{self.request.user.pk}"

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items
        if self.index_url_name:
            items = items + [{"url": reverse(self.index_url_name), "label": _("Questions")}]
        return items + [{"url": "", "label": self.page_title}]

    def render(self, form, status=200, **extra):
        return self.render_to_response(self.get_context_data(form=form, **extra), status=status)

    def parse(self, name, content):
        result = parse_question_file(name, content)
        return result.questions, result.errors

    def save(self, data):
        """Create the questions and record each in its history (one admin request shares one log uuid)."""
        with transaction.atomic():
            created = import_questions([ImportedQuestion(**row) for row in data])
            for question in created:
                log(question, QUESTION_IMPORTED, user=self.request.user)
        return _("%(count)s questions imported.") % {"count": len(created)}

    def done_url(self):
        return reverse(self.index_url_name) if self.index_url_name else self.request.path

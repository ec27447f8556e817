"""The staff side of the quiz engine in the Wagtail admin.

Results views (attempts and marking, learning gain, item analysis, overrides, exports) work on a
course page in the source language and its quiz pages, and first check
`courses.access.is_course_staff`: facilitators reach only their own courses (403 otherwise),
editors and admins every course. The participant preview and the question import belong to the
question bank, which editors manage (model permissions, see `courses.quiz.permissions`).

The numbers come from `courses.quiz.analysis` and `courses.quiz.exports`, marking from
`courses.quiz.sitting.mark_answer`, the files from `courses.reports`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.access import facilitated_courses, forbidden, is_course_staff, manages_all_courses
from courses.admin_views import CourseSectionsMixin, export, participant_name
from courses.charts import Bar, grouped_bar_chart, horizontal_bar_chart
from courses.checked_import import CheckedImportMixin
from courses.models import CoursePage, Enrolment
from courses.models.pages import source_language
from courses.quiz import analysis
from courses.quiz.choices import AnswerOrder, AttemptState, QuestionKind
from courses.quiz.exports import attempt_table
from courses.quiz.forms import MarkForm, OverrideForm, QuestionFileForm
from courses.quiz.importing import ImportedQuestion, QuestionImportError, import_questions, parse_question_file
from courses.quiz.models import Answer, Choice, Question, Quiz, QuizOverride, QuizPage
from courses.quiz.sitting import attempts_allowed, mark_answer, source_questions

ICON = "tasks"
ATTEMPTS_PER_PAGE = 50
FILE_FORMATS = (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))


def source_version(model, pk):
    """The source-language version of a translatable page or snippet (the admin works on those)."""
    instance = get_object_or_404(model, pk=pk)
    return (
        model.objects.filter(translation_key=instance.translation_key, locale__language_code=source_language()).first()
        or instance
    )


class QuizAdminView(WagtailAdminTemplateMixin, View):
    header_icon = ICON


# Results: the course's quizzes ----------------------------------------------------------------


class ResultsIndexView(QuizAdminView):
    """The courses the user manages that have quizzes, with what waits for marking."""

    template_name = "quiz/admin/results_index.html"
    page_title = gettext_lazy("Quiz results")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request):
        courses = list(facilitated_courses(request.user))
        if not courses and not manages_all_courses(request.user):
            return forbidden(request)
        rows = []
        for course in courses:
            placements = analysis.quiz_placements(course)
            if not placements:
                continue
            attempts = analysis.course_attempts(course, [page.quiz.quiz_key for page in placements])
            rows.append(
                {
                    "course": course,
                    "placements": placements,
                    "needs_marking": attempts.filter(needs_marking=True, state=AttemptState.SUBMITTED).count(),
                    "url": reverse("quiz_results:attempts", args=[course.pk]),
                }
            )
        return self.render_to_response(self.get_context_data(rows=rows))


class CourseResultsView(CourseSectionsMixin, QuizAdminView):
    """Base for the results of one course: resolves the course, checks staff rights, draws the tabs."""

    url_prefix = "quiz_results:"
    index_url_name = "quiz_results:index"
    index_label = gettext_lazy("Quiz results")
    home_section = "attempts"

    def dispatch(self, request, course_id, *args, **kwargs):
        self.course = source_version(CoursePage, course_id)
        if not is_course_staff(request.user, self.course):
            return forbidden(request)
        self.placements = analysis.quiz_placements(self.course)
        return super().dispatch(request, *args, **self.resolve(**kwargs))

    def resolve(self, **kwargs):
        """Look up what the URL names beyond the course (Http404 when it is not in the course).

        Returns the URL arguments left for the handler.
        """
        return kwargs

    @cached_property
    def placement_by_key(self):
        placements = {}
        for page in self.placements:
            placements.setdefault(page.quiz.quiz_key, page)
        return placements

    def sections(self):
        return [("attempts", _("Attempts and marking")), ("learning_gain", _("Learning gain"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quizzes"] = [
            {
                "page": page,
                "quiz": page.quiz,
                "analysis_url": self.url("analysis", page.pk),
                "overrides_url": self.url("overrides", page.pk),
                "attempts_url": self.url("attempts", quiz=page.pk),
                "export_urls": [
                    (label, self.url("export", page.pk, file_format)) for file_format, label in FILE_FORMATS
                ],
            }
            for page in self.placements
        ]
        return context


class AttemptsView(CourseResultsView):
    """The marking list: attempts by quiz and by participant; exam papers keep every attempt."""

    template_name = "quiz/admin/attempts.html"
    section = "attempts"
    section_label = gettext_lazy("Attempts and marking")
    states = {
        "in_progress": gettext_lazy("In progress"),
        "submitted": gettext_lazy("Submitted"),
        "needs_marking": gettext_lazy("Needs marking"),
    }

    def placement_for(self, page_id):
        """The course's quiz page named by `page_id`, in either language."""
        if not page_id.isdigit():
            return None
        key = QuizPage.objects.filter(pk=int(page_id)).values_list("translation_key", flat=True).first()
        return next((page for page in self.placements if page.translation_key == key), None)

    def get(self, request):
        quizzes = [page.quiz for page in self.placements]
        attempts = analysis.staff_attempts(self.course, quizzes)
        participants = (
            get_user_model()
            .objects.filter(pk__in=attempts.values("user_id"))
            .select_related("participant_profile")
            .order_by("participant_profile__full_name", "email")
        )
        selected = {"quiz": request.GET.get("quiz", ""), "user": request.GET.get("user", ""), "state": ""}
        placement = self.placement_for(selected["quiz"])
        if placement is not None:
            attempts = attempts.filter(quiz_key=placement.quiz.quiz_key)
            selected["quiz"] = str(placement.pk)
        else:
            selected["quiz"] = ""
        if selected["user"].isdigit():
            attempts = attempts.filter(user_id=int(selected["user"]))
        else:
            selected["user"] = ""
        state = request.GET.get("state", "")
        if state == "needs_marking":
            attempts = attempts.filter(state=AttemptState.SUBMITTED, needs_marking=True)
        elif state in AttemptState.values:
            attempts = attempts.filter(state=state)
        selected["state"] = state if state in self.states else ""
        attempts = attempts.select_related("user__participant_profile").order_by(
            "user__participant_profile__full_name", "user__email", "quiz_key", "number"
        )
        paginator = WagtailPaginator(attempts, ATTEMPTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        rows = [
            {
                "attempt": attempt,
                "name": participant_name(attempt.user),
                "placement": self.placement_by_key.get(attempt.quiz_key),
                "url": self.url("attempt", attempt.pk),
                "user_url": self.url("attempts", user=attempt.user_id),
            }
            for attempt in page.object_list
        ]
        context = self.get_context_data(
            rows=rows,
            items=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            participants=[(user.pk, participant_name(user)) for user in participants],
            states=list(self.states.items()),
            selected=selected,
            filtered=any(selected.values()),
        )
        return self.render_to_response(context)


@dataclass
class ReviewedQuestion:
    """One question of an attempt as the marker sees it."""

    number: int
    key: str
    question: Question
    answer: Answer | None
    choices: list = field(default_factory=list)  # (choice, chosen)
    form: MarkForm | None = None

    @property
    def written(self):
        return self.question.kind in {QuestionKind.SHORT, QuestionKind.ESSAY}

    @property
    def waits_for_marking(self):
        return (
            self.question.kind == QuestionKind.ESSAY
            and self.answer is not None
            and self.answer.points is None
            and bool(self.answer.text.strip())
        )


class AttemptView(CourseResultsView):
    """Every question of one attempt with the answer given; a marker scores essays and may override any grade."""

    template_name = "quiz/admin/attempt.html"
    section = "attempts"

    def resolve(self, attempt_id):
        quizzes = [page.quiz for page in self.placements]
        self.attempt = get_object_or_404(
            analysis.course_attempts(self.course, [quiz.quiz_key for quiz in quizzes]).select_related(
                "user__participant_profile"
            ),
            pk=attempt_id,
        )
        self.placement = self.placement_by_key[self.attempt.quiz_key]
        return {}

    def get_page_subtitle(self):
        return _("%(name)s, attempt %(number)s") % {
            "name": participant_name(self.attempt.user),
            "number": self.attempt.number,
        }

    def questions(self, data=None, marked_key=None):
        keys = [str(key) for key in self.attempt.question_keys]
        questions = {str(key): question for key, question in source_questions(keys).items()}
        choices = {
            str(choice.translation_key): choice
            for choice in Choice.objects.filter(question__in=list(questions.values()))
        }
        answers = {str(answer.question_key): answer for answer in self.attempt.answers.select_related("marked_by")}
        reviewed = []
        for number, key in enumerate(keys, start=1):
            question, answer = questions.get(key), answers.get(key)
            if question is None:
                continue
            chosen = {str(choice_key) for choice_key in (answer.choice_keys if answer else [])}
            item = ReviewedQuestion(number, key, question, answer)
            item.choices = [
                (choices[choice_key], choice_key in chosen)
                for choice_key in self.attempt.choice_orders.get(key, [])
                if choice_key in choices
            ]
            if answer is not None and self.attempt.is_submitted:
                initial = {"points": answer.points, "feedback": answer.feedback}
                bound = data if key == marked_key else None
                item.form = MarkForm(bound, initial=initial, prefix=f"q{number}", max_points=question.points)
            reviewed.append(item)
        return reviewed

    def render(self, questions, status=200):
        context = self.get_context_data(
            attempt=self.attempt,
            name=participant_name(self.attempt.user),
            placement=self.placement,
            questions=questions,
            back_url=self.url("attempts", quiz=self.placement.pk),
        )
        return self.render_to_response(context, status=status)

    def get(self, request):
        return self.render(self.questions())

    def post(self, request):
        if not self.attempt.is_submitted:
            messages.error(request, _("An attempt in progress cannot be marked."))
            return redirect(self.url("attempt", self.attempt.pk))
        key = request.POST.get("question", "")
        questions = self.questions(request.POST, marked_key=key)
        item = next((item for item in questions if item.key == key and item.form is not None), None)
        if item is None:
            messages.error(request, _("That answer cannot be marked."))
            return redirect(self.url("attempt", self.attempt.pk))
        if not item.form.is_valid():
            return self.render(questions, status=400)
        attempt = mark_answer(
            item.answer, item.form.cleaned_data["points"], by=request.user, feedback=item.form.cleaned_data["feedback"]
        )
        messages.success(
            request,
            _("Question %(number)s marked. The attempt now scores %(score)s of %(max)s (%(percent)s%%).")
            % {"number": item.number, "score": attempt.score, "max": attempt.max_score, "percent": attempt.percent},
        )
        return redirect(f"{self.url('attempt', self.attempt.pk)}#question-{item.number}")


class LearningGainView(CourseResultsView):
    """Pre- and post-test scores per participant type, the normalised gain and both score distributions."""

    template_name = "quiz/admin/learning_gain.html"
    section = "learning_gain"
    section_label = gettext_lazy("Learning gain")

    def chart(self, group):
        bands = [
            (
                analysis.band_label(low, high),
                [
                    Bar(analysis.band_label(low, high), pre, str(pre)),
                    Bar(analysis.band_label(low, high), post, str(post)),
                ],
            )
            for (low, high), pre, post in zip(analysis.SCORE_BANDS, group.pre_bands, group.post_bands, strict=True)
        ]
        title = _("Score distribution: %(group)s") % {"group": group.label}
        description = _(
            "Number of participants in each 10-point score band, pre-test (%(pre)s participants) "
            "and post-test (%(post)s participants)."
        ) % {"pre": len(group.pre), "post": len(group.post)}
        return {
            "title": title,
            "svg": grouped_bar_chart(
                f"chart-gain-{group.key or 'not-stated'}", title, description, bands, [_("Pre-test"), _("Post-test")]
            ),
        }

    def get(self, request):
        report = analysis.learning_gain(self.course, self.placements)
        charts = [self.chart(group) for group in report.groups if group.pre or group.post]
        return self.render_to_response(self.get_context_data(report=report, charts=charts))


# Results: one quiz of the course --------------------------------------------------------------


class PlacementView(CourseResultsView):
    """Base for the pages of one quiz placed in the course."""

    def resolve(self, page_id, **kwargs):
        page = get_object_or_404(QuizPage, pk=page_id)
        self.placement = next((p for p in self.placements if p.translation_key == page.translation_key), None)
        if self.placement is None:
            raise Http404
        self.quiz = self.placement.quiz
        return kwargs

    def get_page_title(self):
        return f"{self.course.title}: {self.quiz.title}"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1:-1] = [{"url": self.url("analysis", self.placement.pk), "label": self.quiz.title}]
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = [("analysis", _("Item analysis")), ("overrides", _("Overrides"))]
        context["placement"] = self.placement
        context["quiz"] = self.quiz
        context["quiz_sections"] = [
            {"label": label, "url": self.url(name, self.placement.pk), "current": name == self.section}
            for name, label in sections
        ]
        context["export_urls"] = [
            (label, self.url("export", self.placement.pk, file_format)) for file_format, label in FILE_FORMATS
        ]
        context["attempts_url"] = self.url("attempts", quiz=self.placement.pk)
        return context


class ItemAnalysisView(PlacementView):
    template_name = "quiz/admin/analysis.html"
    section = "analysis"
    section_label = gettext_lazy("Item analysis")

    def get(self, request):
        report = analysis.item_analysis(self.course, self.quiz)
        bars = [
            Bar(
                f"{item.number}. {item.question.text}",
                float(item.facility or 0) * 100,
                f"{round((item.facility or 0) * 100)}% ({item.correct}/{item.given})",
            )
            for item in report.items
        ]
        chart = horizontal_bar_chart(
            "chart-facility",
            _("Share correct per question"),
            _("Share of the analysed attempts that answered each question correctly, from 0 to 100%."),
            bars,
            maximum=100,
        )
        return self.render_to_response(self.get_context_data(report=report, chart=chart))


class OverrideMixin:
    @cached_property
    def participants(self):
        enrolled = Enrolment.objects.filter(course_key=self.course.course_key).values("user_id")
        return (
            get_user_model()
            .objects.filter(pk__in=enrolled)
            .select_related("participant_profile")
            .order_by("participant_profile__full_name", "email")
        )

    def overrides(self):
        return (
            QuizOverride.objects.filter(quiz_key=self.quiz.quiz_key, user__in=self.participants)
            .select_related("user__participant_profile")
            .order_by("user__participant_profile__full_name", "user__email")
        )


class OverridesView(OverrideMixin, PlacementView):
    """Exceptions for single participants: extra time, more attempts, a later close."""

    template_name = "quiz/admin/overrides.html"
    section = "overrides"
    section_label = gettext_lazy("Overrides")

    def render(self, form, status=200):
        rows = [
            {
                "override": override,
                "name": participant_name(override.user),
                "attempts": attempts_allowed(self.quiz, override),
                "minutes": self.quiz.time_limit_minutes + override.extra_minutes
                if self.quiz.time_limit_minutes
                else None,
                "url": self.url("override", self.placement.pk, override.pk),
                "delete_url": self.url("override_delete", self.placement.pk, override.pk),
            }
            for override in self.overrides()
        ]
        context = self.get_context_data(form=form, rows=rows, allowed=attempts_allowed(self.quiz))
        return self.render_to_response(context, status=status)

    def new_form(self, data=None):
        return OverrideForm(data, instance=QuizOverride(quiz_key=self.quiz.quiz_key), participants=self.participants)

    def get(self, request):
        return self.render(self.new_form())

    def post(self, request):
        form = self.new_form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        override = form.save()
        messages.success(request, _("Override saved for %(name)s.") % {"name": participant_name(override.user)})
        return redirect(self.url("overrides", self.placement.pk))


class OverrideEditView(OverrideMixin, PlacementView):
    template_name = "quiz/admin/override_edit.html"
    section = "overrides"

    def resolve(self, page_id, override_id):
        super().resolve(page_id)
        self.override = get_object_or_404(self.overrides(), pk=override_id)
        return {}

    def get_page_subtitle(self):
        return _("Override for %(name)s") % {"name": participant_name(self.override.user)}

    def form(self, data=None):
        return OverrideForm(data, instance=self.override, participants=self.participants)

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("Override saved for %(name)s.") % {"name": participant_name(self.override.user)})
        return redirect(self.url("overrides", self.placement.pk))


class OverrideDeleteView(OverrideEditView):
    http_method_names = ["post"]

    def post(self, request):
        name = participant_name(self.override.user)
        self.override.delete()
        messages.success(request, _("Override removed for %(name)s.") % {"name": name})
        return redirect(self.url("overrides", self.placement.pk))


class ExportView(PlacementView):
    def get(self, request, file_format):
        header, rows = attempt_table(self.course, self.quiz)
        return export(header, rows, f"{self.course.slug}-{self.quiz.slug}-attempts", file_format, _("Attempts"))


# The question bank ----------------------------------------------------------------------------


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


class QuizPreviewView(QuizAdminView):
    """The quiz as a participant sees it, in the quiz's language: every question and choice, nothing marked."""

    template_name = "quiz/admin/preview.html"
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


class QuestionImportView(CheckedImportMixin, QuizAdminView):
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
        created = import_questions([ImportedQuestion(**row) for row in data])
        return _("%(count)s questions imported.") % {"count": len(created)}

    def done_url(self):
        return reverse(self.index_url_name) if self.index_url_name else self.request.path

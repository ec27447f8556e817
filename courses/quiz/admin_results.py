"""Quiz results in the Wagtail admin, for the staff of each course: marking, learning gain, item analysis, exports.

Every view works on a course page in the source language (`CoursePage.source_for`) and its quiz
pages, and first checks `courses.access.is_course_staff`: facilitators reach only their own
courses (403 otherwise), editors and admins every course. The overrides of one quiz build on
`PlacementView` in `courses.quiz.admin_overrides`; the bank's tools are in `courses.quiz.admin_bank`.

The numbers come from `courses.quiz.analysis` and `courses.quiz.exports`, marking from
`courses.quiz.sitting.mark_answer`, the files from `courses.reports`.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.access import facilitated_courses, forbidden, is_course_staff, manages_all_courses
from courses.admin_views import CourseSectionsMixin, export, participant_name
from courses.charts import Bar, grouped_bar_chart, horizontal_bar_chart
from courses.models import CoursePage
from courses.quiz import analysis
from courses.quiz.choices import AttemptState, QuestionKind
from courses.quiz.exports import attempt_table, learning_gain_groups_table, learning_gain_participants_table
from courses.quiz.forms import MarkForm
from courses.quiz.models import Answer, Choice, Question, QuizPage
from courses.quiz.sitting import mark_answer, source_questions
from home.converters import parse_id

ICON = "tasks"
ATTEMPTS_PER_PAGE = 50
FILE_FORMATS = (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))


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
        self.course = CoursePage.source_for(get_object_or_404(CoursePage, pk=course_id))
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
        page_id = parse_id(page_id)
        if page_id is None:
            return None
        key = QuizPage.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
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
        if (user_id := parse_id(selected["user"])) is not None:
            attempts = attempts.filter(user_id=user_id)
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


GAIN_GROUPS, GAIN_PARTICIPANTS = "groups", "participants"  # the learning-gain page's exported tables


class LearningGainView(CourseResultsView):
    """Hake's class gain per participant type, every participant's scores and gain, and the score distributions."""

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
            "Number of participants in each 10-point score band, pre-test and post-test, "
            "of the %(n)s participants who took both tests."
        ) % {"n": group.n}
        return {
            "title": title,
            "svg": grouped_bar_chart(
                f"chart-gain-{group.key or 'not-stated'}", title, description, bands, [_("Pre-test"), _("Post-test")]
            ),
        }

    def means_chart(self, report):
        """Mean pre- and post-test % of each group's participants with both scores: the table's numbers."""
        compared = [group for group in report.groups if group.n]
        if not compared:
            return None
        title = _("Mean scores of the participants who took both tests")
        description = _("Mean pre-test and post-test score in percent, for each group, as in the table.")
        bars = [
            (
                f"{group.label} (n = {group.n})",
                [
                    Bar(str(group.label), float(group.mean_pre), f"{group.mean_pre}%"),
                    Bar(str(group.label), float(group.mean_post), f"{group.mean_post}%"),
                ],
            )
            for group in compared
        ]
        return {
            "title": title,
            "svg": grouped_bar_chart("chart-means", title, description, bars, [_("Pre-test"), _("Post-test")]),
        }

    def get(self, request):
        report = analysis.learning_gain(self.course, self.placements)
        charts = [self.chart(group) for group in report.groups if group.n]
        export_urls = [
            (
                table_label,
                [(label, self.url("learning_gain_export", table, file_format)) for file_format, label in FILE_FORMATS],
            )
            for table, table_label in ((GAIN_GROUPS, _("Groups")), (GAIN_PARTICIPANTS, _("Participants")))
        ]
        return self.render_to_response(
            self.get_context_data(
                report=report, charts=charts, means_chart=self.means_chart(report), gain_export_urls=export_urls
            )
        )


class LearningGainExportView(CourseResultsView):
    """The learning-gain page's two tables as CSV or XLSX: the groups, and every participant."""

    tables = {GAIN_GROUPS: learning_gain_groups_table, GAIN_PARTICIPANTS: learning_gain_participants_table}

    def get(self, request, table, file_format):
        if table not in self.tables:
            raise Http404
        header, rows = self.tables[table](analysis.learning_gain(self.course, self.placements))
        return export(header, rows, f"{self.course.slug}-learning-gain-{table}", file_format, _("Learning gain"))


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


class ExportView(PlacementView):
    def get(self, request, file_format):
        header, rows = attempt_table(self.course, self.quiz)
        return export(header, rows, f"{self.course.slug}-{self.quiz.slug}-attempts", file_format, _("Attempts"))

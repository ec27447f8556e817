"""What a participant sees of a quiz: its introduction, the paper, saving, submitting, the review.

Called by the routes of `QuizPage`, whose `serve()` has already let in only active participants
and course staff, and by the autosave URL (`autosave`), which checks the same itself. The rules are
elsewhere (`courses.quiz.sitting` for taking, `integration` for a participant's standing); this
module checks that an attempt is the requester's own and shapes what each page shows. Whether an
answer was right, the answer key and explanations are read only where the quiz lets the
participant see them.
"""

import json
import math
from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.access import is_course_staff
from courses.choices import EnrolmentStatus
from courses.models import CoursePage, Enrolment
from courses.quiz.choices import QuestionKind, ReviewContent
from courses.quiz.integration import standing_for
from courses.quiz.models import Answer, Attempt, Choice, Question, QuizPage
from courses.quiz.sitting import (
    MAX_TEXT_LENGTH,
    QuizError,
    answers_released,
    for_answering,
    prepare_paper,
    review_allowed,
    save_answer,
    start_or_resume,
    submit,
)
from courses.quiz.sources import source_first
from home import converters  # noqa: F401 (registers the "id" path converter)

MAX_SEQ = 2_000_000_000  # Answer.client_seq is a PositiveIntegerField
MAX_CHOICES = 50


# The paper, as the page shows it ---------------------------------------------------------------


@dataclass
class ChoiceView:
    key: str
    text: str
    chosen: bool
    correct: bool | None = None  # filled only in a review that shows the answer key


@dataclass
class QuestionView:
    number: int
    key: str
    kind: str
    text: str
    figure: object
    figure_alt: str
    choices: list
    answer: Answer | None
    max_points: int
    is_correct: bool | None = None  # filled only when the quiz shows it
    explanation: str = ""
    accepted_answers: list = field(default_factory=list)

    @property
    def input_type(self):
        return "checkbox" if self.kind == QuestionKind.MULTIPLE else "radio"

    @property
    def has_choices(self):
        return self.kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE}

    @property
    def answer_text(self):
        return self.answer.text if self.answer else ""

    @property
    def answered(self):
        return self.answer is not None and bool(self.answer.choice_keys or self.answer.text.strip())

    @property
    def points(self):
        return self.answer.points if self.answer else 0


def in_locale(rows, locale_id):
    """{translation_key: row}, preferring `locale_id` and falling back to the source (`source_first` order)."""
    chosen = {}
    for row in source_first(rows):
        key = str(row.translation_key)
        if key not in chosen or row.locale_id == locale_id:
            chosen[key] = row
    return chosen


def build_paper(attempt, locale_id, show_correct=False, show_key=False):
    """The attempt's questions in its order, in the reader's language, with the answers given.

    Three queries whatever the number of questions. `show_correct` adds whether each answer was
    right; `show_key` adds the correct choices, accepted answers and explanations.
    """
    keys = attempt.question_keys
    questions = Question.objects.filter(translation_key__in=keys).select_related("figure")
    if not show_key:
        questions = questions.defer("explanation", "accepted_answers")
    questions = in_locale(questions.prefetch_related("figure__renditions"), locale_id)
    choice_keys = [choice for key in keys for choice in attempt.choice_orders.get(key, [])]
    choice_fields = ["translation_key", "locale", "text"] + (["is_correct"] if show_key else [])
    choices = in_locale(Choice.objects.filter(translation_key__in=choice_keys).only(*choice_fields), locale_id)
    answers = {str(answer.question_key): answer for answer in attempt.answers.all()}
    paper = []
    for number, key in enumerate(keys, start=1):
        question, answer = questions[key], answers.get(key)
        chosen = set(answer.choice_keys) if answer else set()
        paper.append(
            QuestionView(
                number=number,
                key=key,
                kind=question.kind,
                text=question.text,
                figure=question.figure,
                figure_alt=question.figure_alt,
                choices=[
                    ChoiceView(
                        key=choice_key,
                        text=choices[choice_key].text,
                        chosen=choice_key in chosen,
                        correct=choices[choice_key].is_correct if show_key else None,
                    )
                    for choice_key in attempt.choice_orders.get(key, [])
                    if choice_key in choices
                ],
                answer=answer,
                max_points=question.points,
                is_correct=answer.is_correct if show_correct and answer else None,
                explanation=question.explanation if show_key else "",
                accepted_answers=question.accepted_answer_list if show_key else [],
            )
        )
    return paper


# Helpers ---------------------------------------------------------------------------------------


def own_attempt(page, request, attempt_id):
    """The requester's own attempt at this page's quiz; anyone else's is a 404, never data."""
    attempt = Attempt.objects.filter(pk=attempt_id, user=request.user, quiz_key=page.quiz.quiz_key).first()
    if attempt is None:
        raise Http404
    return attempt


def attempt_url(page, attempt, request=None):
    return page.get_url(request) + page.reverse_subpage("attempt", args=[attempt.pk])


def check_mode(quiz):
    """Quizzes that show whether each answer is right as it is saved; such an answer is then final."""
    return not quiz.answers_at_end


def remaining_seconds(attempt, now):
    if attempt.deadline is None:
        return None
    return max(0, math.ceil((attempt.deadline - now).total_seconds()))


def error_page(page, request, error, attempt=None):
    context = {"page": page, "course": page.course, "error": str(error), "attempt": attempt}
    if attempt is not None:
        context["attempt_url"] = attempt_url(page, attempt, request)
    response = TemplateResponse(request, "quiz/quiz_error.html", context)
    response.status_code = error.status
    return response


# Views -----------------------------------------------------------------------------------------


def intro(page, request, error=None):
    """The quiz's introduction: its rules, the participant's attempts and grade, and start or resume."""
    quiz = page.quiz
    staff = getattr(request, "quiz_staff", None)
    if staff is None:  # previews skip serve()
        staff = is_course_staff(request.user, page.course)
    if quiz.draft and not staff:
        raise Http404
    now = timezone.now()
    standing = standing_for(request.user, quiz, now) if request.user.is_authenticated else None
    if standing is not None and error is None:
        prepare_paper(request.user, quiz, standing)
    attempts = []
    if standing is not None:
        for attempt in reversed(standing.attempts):
            attempts.append(
                {
                    "attempt": attempt,
                    "url": attempt_url(page, attempt, request),
                    "result_visible": review_allowed(quiz, attempt, now, standing.override),
                }
            )
    response = page.render(
        request,
        context_overrides={
            "quiz": quiz,
            "standing": standing,
            "attempts": attempts,
            "is_course_staff": staff,
            "start_error": str(error) if error else "",
        },
    )
    if error is not None:
        response.status_code = error.status
    return response


def start(page, request):
    if request.method != "POST":
        return redirect(page.get_url(request))
    try:
        attempt = start_or_resume(
            request.user,
            page.quiz,
            course_key=page.course.course_key,
            trial=bool(getattr(request, "quiz_staff", False)),  # serve(): staff without an active enrolment
        )
    except QuizError as error:
        return intro(page, request, error=error)
    return redirect(attempt_url(page, attempt, request))


def attempt(page, request, attempt_id):
    """The whole paper on one page while the attempt runs; the result and review once submitted."""
    quiz = page.quiz
    current = own_attempt(page, request, attempt_id)
    now = timezone.now()
    if not current.is_submitted and current.deadline and now > current.deadline:
        try:
            submit(current, quiz, now=now)  # graded as submitted at the deadline
        except QuizError:
            current.refresh_from_db()
    if current.is_submitted:
        return result(page, request, current, now)
    paper = build_paper(current, page.locale_id, show_correct=check_mode(quiz))
    seconds = remaining_seconds(current, now)
    return page.render(
        request,
        template="quiz/attempt_page.html",
        context_overrides={
            "quiz": quiz,
            "attempt": current,
            "paper": paper,
            "answered_count": sum(question.answered for question in paper),
            "check_mode": check_mode(quiz),
            "answer_url": page.get_url(request) + page.reverse_subpage("answer", args=[current.pk]),
            "remaining_seconds": seconds,
            "remaining_minutes": None if seconds is None else math.ceil(seconds / 60),
            # The browser numbers answers from here, so a new device's answers count as the newest.
            "seq_floor": max((question.answer.client_seq for question in paper if question.answer), default=0),
        },
    )


def result(page, request, current, now):
    quiz = page.quiz
    standing = standing_for(request.user, quiz, now)
    visible = review_allowed(quiz, current, now, standing.override)
    # Whether each answer was right gives the key away as surely as the key: both wait for the release.
    released = visible and answers_released(quiz, current, now, standing.override)
    show_answers = released and quiz.review_content in {ReviewContent.ANSWERS, ReviewContent.FULL}
    show_key = released and quiz.review_content == ReviewContent.FULL
    return page.render(
        request,
        template="quiz/result_page.html",
        context_overrides={
            "quiz": quiz,
            "attempt": current,
            "standing": standing,
            "result_visible": visible,
            "paper": build_paper(current, page.locale_id, show_correct=show_answers, show_key=show_key)
            if show_answers
            else [],
            "show_key": show_key,
            "answers_held_back": visible and not released and quiz.review_content != ReviewContent.SCORE,
            "answer_release": quiz.releases_answers,
        },
    )


def answer(page, request, attempt_id):
    """Saving one answer without JavaScript: a plain form post, then back to the question."""
    current = own_attempt(page, request, attempt_id)
    url = attempt_url(page, current, request)
    if request.method != "POST":
        return redirect(url)
    question_key = request.POST.get("question", "")
    try:
        if question_key not in current.question_keys:
            raise QuizError(_("That question is not part of this attempt."))
        number = current.question_keys.index(question_key) + 1
        saved, _stored = save_answer(
            current, question_key, request.POST.getlist("choice")[:MAX_CHOICES], request.POST.get("text", "")
        )
    except QuizError as error:
        return error_page(page, request, error, current)
    text = _("Your answer to question %(number)s is saved.") % {"number": number}
    if check_mode(page.quiz) and saved.is_correct is not None:
        text += " " + (_("It is correct.") if saved.is_correct else _("It is not correct."))
    messages.success(request, text)
    return redirect(f"{url}#question-{number}")


def parse_answer(body):
    """The autosave payload, checked for shape: (question_key, choice_keys, text, seq)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise QuizError(_("The answer could not be read.")) from error
    except RecursionError as error:  # brackets nested thousands deep: never an answer this page sends
        raise QuizError(_("The answer could not be read: it is nested too deeply.")) from error
    if not isinstance(data, dict):
        raise QuizError(_("The answer could not be read."))
    question_key, choice_keys = data.get("question_key"), data.get("choice_keys", [])
    text, seq = data.get("text", ""), data.get("seq")
    if (
        not isinstance(question_key, str)
        or not isinstance(choice_keys, list)
        or len(choice_keys) > MAX_CHOICES
        or not all(isinstance(key, str) for key in choice_keys)
        or not isinstance(text, str)
        or len(text) > MAX_TEXT_LENGTH
        or isinstance(seq, bool)
        or not isinstance(seq, int)
        or not 0 < seq <= MAX_SEQ
    ):
        raise QuizError(_("The answer could not be read."))
    return question_key, choice_keys, text, seq


def autosave_attempt(request, attempt_id, question_key):
    """The requester's attempt, locked, with whether they may still answer in it and what decides the answer.

    One query (`sitting.for_answering`, plus the enrolment): taking a quiz needs an active
    enrolment in the attempt's course (course staff, who may try a quiz out, are recognised with a
    few more). Call it inside a transaction.
    """
    active = Enrolment.objects.filter(
        user=OuterRef("user"), course_key=OuterRef("course_key"), status=EnrolmentStatus.APPROVED
    )
    attempts = Attempt.objects.filter(pk=attempt_id, user=request.user)
    attempt = for_answering(attempts, question_key).annotate(enrolled=Exists(active)).first()
    if attempt is None or attempt.enrolled or attempt.course_key is None:
        return attempt
    course = CoursePage.source_for(attempt.course_key)
    attempt.enrolled = course is not None and is_course_staff(request.user, course)
    return attempt


@require_POST
def autosave(request, attempt_id):
    """Autosave (JSON). Each answer carries the browser's sequence number, so replays and late arrivals change nothing.

    The response says whether it was stored and the number the server holds; it says whether the
    answer is right only in quizzes that show that as answers are given. Five queries: the session,
    the user, the attempt locked with all it takes to decide, the question with its choices, the write.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in to save your answers.")}, status=403)
    try:
        parsed, unreadable = parse_answer(request.body), None
    except QuizError as error:
        parsed, unreadable = None, error
    try:
        with transaction.atomic():
            current = autosave_attempt(request, attempt_id, parsed[0] if parsed else "")
            if current is None:
                return JsonResponse({"error": _("There is no such attempt.")}, status=404)
            if not current.enrolled:
                return JsonResponse({"error": _("Only enrolled participants can take this quiz.")}, status=403)
            if unreadable is not None:
                raise unreadable
            question_key, choice_keys, text, seq = parsed
            saved, stored = save_answer(current, question_key, choice_keys, text, seq=seq, locked=current)
    except QuizError as error:
        body = {"error": str(error)}
        if error.status == 409:
            current.refresh_from_db()
            body["submitted"] = current.is_submitted
            body["time_up"] = error.time_up
        return JsonResponse(body, status=error.status)
    body = {"saved": stored, "seq": saved.client_seq}
    if current.quiz_answers_at_end is False and saved.is_correct is not None:
        body["correct"] = saved.is_correct
    return JsonResponse(body)


def submit_attempt(page, request, attempt_id):
    current = own_attempt(page, request, attempt_id)
    url = attempt_url(page, current, request)
    if request.method != "POST":
        return redirect(url)
    if current.is_submitted:
        return error_page(page, request, QuizError(_("This attempt is already submitted."), status=409), current)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm that you want to submit your answers."))
        return redirect(f"{url}#submit")
    try:
        submit(current, page.quiz)
    except QuizError as error:
        return error_page(page, request, error, current)
    messages.success(request, _("Your answers are submitted."))
    return redirect(url)


QUIZ_ROUTES = [
    path("", intro, name="index"),
    path("start/", start, name="start"),
    path("attempt/<id:attempt_id>/", attempt, name="attempt"),
    path("attempt/<id:attempt_id>/answer/", answer, name="answer"),
    path("attempt/<id:attempt_id>/submit/", submit_attempt, name="submit"),
]


def page_routes(page_class):
    """`PAGE_ROUTES`: a quiz page's sub-routes, each called as `view(page, request, **kwargs)`."""
    return QUIZ_ROUTES if issubclass(page_class, QuizPage) else []

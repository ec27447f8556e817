"""Taking a quiz: drawing the paper, saving answers as they come, submitting, marking.

Every rule that protects an attempt lives here: only the attempt's questions and their own
choices are accepted, answers arrive at most once and in order (the browser numbers them), a
submitted attempt never changes, and the deadline is the server's.
"""

import datetime
import random
import uuid

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.completion import recheck_completion
from courses.models import CoursePage
from courses.quiz.choices import AnswerOrder, AnswerRelease, AttemptState, QuestionKind, QuizKind, ReviewTiming
from courses.quiz.grading import attempt_result, grade_answer
from courses.quiz.models import Answer, Attempt, Choice, Question, Quiz, QuizOverride, QuizPage
from courses.quiz.sources import source_first, source_version, source_versions

MAX_TEXT_LENGTH = 20_000


class QuizError(Exception):
    """A refusal with the HTTP status a view should answer with.

    `time_up` marks the refusals of an attempt that can take no more answers (deadline passed, quiz
    closed), so the browser submits what it has.
    """

    def __init__(self, message, status=400, time_up=False):
        super().__init__(message)
        self.status = status
        self.time_up = time_up


def override_for(user, quiz):
    return QuizOverride.objects.filter(user=user, quiz_key=quiz.quiz_key).first()


def closes_at(quiz, override=None):
    return override.close_at if override and override.close_at else quiz.close_at


def attempts_allowed(quiz, override=None):
    if quiz.max_attempts == 0:
        return None
    return quiz.max_attempts + (override.extra_attempts if override else 0)


def source_questions(keys):
    """Questions by translation key, in the source language (grading is language-independent)."""
    return source_versions(Question, keys)


def draw_paper(quiz, rng=None):
    """The questions of a new attempt (keys, in order) and the order of each question's choices.

    A fixed number of queries: the fixed questions, one per bank rule, the questions, their choices.
    """
    rng = rng or random.SystemRandom()
    keys = [row.question.translation_key for row in quiz.fixed_questions.select_related("question")]
    for rule in quiz.bank_rules.select_related("category"):
        pool = list(
            Question.objects.filter(category__translation_key=rule.category.translation_key, locale_id=quiz.locale_id)
            .exclude(translation_key__in=keys)
            .values_list("translation_key", flat=True)
        )
        keys += rng.sample(pool, min(rule.count, len(pool)))
    if quiz.random_order:
        rng.shuffle(keys)
    if quiz.max_questions:
        keys = keys[: quiz.max_questions]
    questions = source_questions(keys)
    prefetch_related_objects(list(questions.values()), "choices")  # one query for every question's choices
    choice_orders = {}
    for key in keys:
        question = questions[key]
        choices = list(question.choices.all())
        if question.answer_order == AnswerOrder.RANDOM:
            rng.shuffle(choices)
        elif question.answer_order == AnswerOrder.CONTENT:
            choices.sort(key=lambda choice: choice.text.casefold())
        choice_orders[str(key)] = [str(choice.translation_key) for choice in choices]
    return [str(key) for key in keys], choice_orders


# The lobby: a participant who opens the quiz page before pressing "Mulai" (or before the quiz
# opens) gets a paper drawn then and kept in the cache, so that a class starting together costs an
# INSERT each instead of the draw's queries. A paper is only a draw: kept for half an hour at
# most, it is what the participant would have had by starting then; taken once.
PREPARED_PAPER_SECONDS = 30 * 60


def prepared_paper_key(user, quiz):
    return f"quiz-paper:{quiz.pk}:{user.pk}"


def prepare_paper(user, quiz, standing):
    """Draw the participant's next paper ahead of the start, when they will be able to start one."""
    if standing.in_progress is not None or quiz.draft or standing.attempts_left == 0:
        return
    if not (standing.is_open or standing.opens_later):
        return
    key = prepared_paper_key(user, quiz)
    if cache.get(key) is None:
        cache.set(key, draw_paper(quiz), PREPARED_PAPER_SECONDS)


def take_prepared_paper(user, quiz):
    """The paper the lobby drew for this participant, or a new draw."""
    key = prepared_paper_key(user, quiz)
    paper = cache.get(key)
    if paper is None:
        return draw_paper(quiz)
    transaction.on_commit(lambda: cache.delete(key))
    return paper


def start_or_resume(user, quiz, course_key=None, now=None, trial=False):
    """The participant's attempt in progress, or a new one when the quiz allows it.

    `trial`: the user is course staff trying the quiz out, not an enrolled participant; the attempt
    is marked so that results, analysis and exports leave it out.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempts = list(
            Attempt.objects.select_for_update().filter(user=user, quiz_key=quiz.quiz_key).order_by("number")
        )
        current = next((attempt for attempt in attempts if attempt.state == AttemptState.IN_PROGRESS), None)
        if current is not None:
            if current.deadline and now > current.deadline:
                submit(current, quiz, now=now)
            else:
                return current
        if quiz.draft:
            raise QuizError(_("This quiz is not available yet."), status=404)
        override = override_for(user, quiz)
        if not quiz.is_open(now, closes_at(quiz, override)):
            raise QuizError(_("This quiz is not open now."), status=403)
        allowed = attempts_allowed(quiz, override)
        if allowed is not None and len(attempts) >= allowed:
            raise QuizError(_("You have used all your attempts at this quiz."), status=403)
        keys, orders = take_prepared_paper(user, quiz)
        deadline = None
        if quiz.time_limit_minutes:
            minutes = quiz.time_limit_minutes + (override.extra_minutes if override else 0)
            deadline = now + datetime.timedelta(minutes=minutes)
            close = closes_at(quiz, override)
            if close:
                deadline = min(deadline, close)
        return Attempt.objects.create(
            user=user,
            quiz_key=quiz.quiz_key,
            course_key=course_key,
            number=len(attempts) + 1,
            question_keys=keys,
            choice_orders=orders,
            deadline=deadline,
            trial=trial,
        )


def for_answering(attempts, question_key):
    """`attempts` locked, each with what decides whether it takes an answer to `question_key`.

    One query: the quiz's rules (source language), the participant's override and the answer
    already given to that question come as subqueries.
    """
    try:
        question_key = uuid.UUID(str(question_key))
    except ValueError:
        question_key = None  # not a question of any attempt: save_answer() refuses it
    quiz = source_first(Quiz.objects.filter(translation_key=OuterRef("quiz_key")))
    override = QuizOverride.objects.filter(user_id=OuterRef("user_id"), quiz_key=OuterRef("quiz_key"))
    given = Answer.objects.filter(attempt=OuterRef("pk"), question_key=question_key)
    return attempts.select_for_update(of=("self",)).annotate(
        quiz_answers_at_end=Subquery(quiz.values("answers_at_end")[:1]),
        quiz_close_at=Subquery(quiz.values("close_at")[:1]),
        override_close_at=Subquery(override.values("close_at")[:1]),
        answer_pk=Subquery(given.values("pk")[:1]),
        answer_seq=Subquery(given.values("client_seq")[:1]),
    )


def for_grading(question_key, has_choices):
    """(question, its choices) in the source language, in one query."""
    if not has_choices:
        return source_version(Question, question_key), []
    source = source_first(Question.objects.filter(translation_key=question_key)).values("pk")[:1]
    choices = list(Choice.objects.filter(question_id=Subquery(source)).select_related("question"))
    if not choices:
        return source_version(Question, question_key), []
    return choices[0].question, choices


def save_answer(attempt, question_key, choice_keys=(), text="", seq=0, now=None, locked=None):
    """Store one answer. Returns (answer, stored): a repeated or older sequence number is ignored.

    Refused once the attempt is submitted, its deadline has passed or the quiz has closed for the
    participant (their own close date when staff set one). In a quiz that shows whether each answer
    is right as it is saved (`answers_at_end` off), an answer is final once checked: only a replay
    of the same sequence number is accepted, and answered as before.

    `locked`: the attempt already fetched with `for_answering()` in the caller's transaction.
    Three queries: the locked attempt, the question with its choices, the answer written.
    """
    now = now or timezone.now()
    question_key = str(question_key)
    choice_keys = [str(key) for key in choice_keys]
    if question_key not in attempt.question_keys:
        raise QuizError(_("That question is not part of this attempt."))
    allowed_choices = set(attempt.choice_orders.get(question_key, []))
    if not set(choice_keys) <= allowed_choices:
        raise QuizError(_("That answer does not belong to this question."))
    if len(text) > MAX_TEXT_LENGTH:
        raise QuizError(_("The answer is too long."))
    with transaction.atomic(savepoint=locked is None):
        locked = locked or for_answering(Attempt.objects.filter(pk=attempt.pk), question_key).get()
        if locked.state != AttemptState.IN_PROGRESS:
            raise QuizError(_("This attempt is already submitted."), status=409)
        if locked.deadline and now > locked.deadline:
            raise QuizError(
                _("Time is up; answers given after the deadline are not counted."), status=409, time_up=True
            )
        close = locked.override_close_at or locked.quiz_close_at
        if close and now > close:
            raise QuizError(_("This quiz has closed; answers are no longer accepted."), status=409, time_up=True)
        checked_one_by_one = locked.quiz_answers_at_end is False
        if checked_one_by_one and not choice_keys and not text.strip():
            raise QuizError(_("Choose or write an answer first."))
        question, choices = for_grading(question_key, bool(allowed_choices))
        if question.kind in {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE} and len(choice_keys) > 1:
            raise QuizError(_("Choose one answer."))
        grade = grade_answer(question, choices, choice_keys, text)
        answer = Answer(
            attempt=locked,
            question_key=question_key,
            choice_keys=choice_keys,
            text=text,
            points=grade.points,
            is_correct=grade.is_correct,
        )
        if locked.answer_pk is None:
            try:
                with transaction.atomic():
                    answer.client_seq = seq
                    answer.save(force_insert=True)
                    return answer, True
            except IntegrityError:
                # Another tab's answer was committed while this one waited for the attempt's lock:
                # on PostgreSQL the subquery of `for_answering` read the table before that wait.
                given = (
                    Answer.objects.filter(attempt=locked, question_key=question_key).values("pk", "client_seq").get()
                )
                locked.answer_pk, locked.answer_seq = given["pk"], given["client_seq"]
        return replace_answer(answer, locked, seq, checked_one_by_one)


def replace_answer(answer, locked, seq, checked_one_by_one):
    """Save `answer` over the one already given (`locked.answer_pk`), unless its sequence number is older."""
    if seq and seq <= locked.answer_seq:
        return Answer.objects.get(pk=locked.answer_pk), False
    if checked_one_by_one:
        raise QuizError(_("You have already answered this question."), status=409)
    answer.pk, answer.client_seq = locked.answer_pk, max(seq, locked.answer_seq or 0)
    # One UPDATE of what an answer changes; a marker's mark and feedback stay.
    answer.save(update_fields=["choice_keys", "text", "client_seq", "points", "is_correct", "saved_at"])
    return answer, True


def apply_result(attempt, quiz):
    questions = source_questions(attempt.question_keys)
    answers = {str(answer.question_key): answer for answer in attempt.answers.all()}
    result = attempt_result({str(key): question for key, question in questions.items()}, answers, quiz.pass_mark)
    attempt.score, attempt.max_score, attempt.percent = result.score, result.max_score, result.percent
    attempt.needs_marking, attempt.passed = result.needs_marking, result.passed
    return result


def submit(attempt, quiz, now=None):
    """Grade and close the attempt; a late submission counts as made at the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.state != AttemptState.IN_PROGRESS:
            raise QuizError(_("This attempt is already submitted."), status=409)
        apply_result(locked, quiz)
        locked.state = AttemptState.SUBMITTED
        locked.submitted_at = min(now, locked.deadline) if locked.deadline else now
        locked.save()
    attempt.refresh_from_db()
    transaction.on_commit(lambda: attempt_submitted(attempt))
    return attempt


def mark_answer(answer, points, by, feedback=""):
    """A marker scores an essay (or overrides an automatic grade); the attempt's score is recomputed."""
    question = source_version(Question, answer.question_key)
    points = max(0, min(points, question.points))
    with transaction.atomic():
        answer.points, answer.is_correct = points, points == question.points
        answer.marked_by, answer.marked_at, answer.feedback = by, timezone.now(), feedback
        answer.save()
        attempt = Attempt.objects.select_for_update().get(pk=answer.attempt_id)
        quiz = source_version(Quiz, attempt.quiz_key)
        apply_result(attempt, quiz)
        attempt.save()
    transaction.on_commit(lambda: attempt_submitted(attempt))
    return attempt


LOOK_UP = object()


def review_allowed(quiz, attempt, now=None, override=LOOK_UP):
    """Whether the participant may see their submitted attempt's result now.

    "After the quiz closes" means after it closes for them: their override's close date counts.
    Pass the participant's `override` (None when they have none) when it is at hand; otherwise it
    is looked up, only for quizzes that review after closing.
    """
    if not attempt.is_submitted:
        return False
    if quiz.review_timing == ReviewTiming.AFTER_CLOSE:
        if override is LOOK_UP:
            override = override_for(attempt.user_id, quiz)
        close = closes_at(quiz, override)
        return close is not None and (now or timezone.now()) > close
    return True


def closed_for(quiz, user_id, now, override=LOOK_UP):
    """The quiz has closed for this participant (their override's close date counts)."""
    if override is LOOK_UP:
        override = override_for(user_id, quiz)
    close = closes_at(quiz, override)
    return close is not None and now > close


def post_tests(course_key):
    """The quizzes of the course's live post-test pages (drafts, which nobody takes, left out)."""
    course = CoursePage.source_for(course_key) if course_key is not None else None
    if course is None:
        return []
    pages = QuizPage.objects.child_of(course).live().select_related("quiz").filter(quiz__kind=QuizKind.POST_TEST)
    return [page.quiz for page in pages if not page.quiz.draft]


def post_test_done(user_id, course_key, now):
    """Every post-test of the course is submitted by the participant or closed for them (True without one)."""
    for quiz in post_tests(course_key):
        submitted = Attempt.objects.filter(user_id=user_id, quiz_key=quiz.quiz_key, state=AttemptState.SUBMITTED)
        if not submitted.exists() and not closed_for(quiz, user_id, now):
            return False
    return True


def answers_released(quiz, attempt, now=None, override=LOOK_UP):
    """Whether the review of a submitted attempt may show correct answers, accepted answers and explanations.

    Follows the quiz's `answer_release` (a pre-test by default waits for the course's post-test, so
    that its review does not hand out the post-test's answers); the result itself must be visible too.
    """
    now = now or timezone.now()
    if not review_allowed(quiz, attempt, now, override):
        return False
    release = quiz.releases_answers
    if release == AnswerRelease.NEVER:
        return False
    if release == AnswerRelease.AFTER_CLOSE:
        return closed_for(quiz, attempt.user_id, now, override)
    if release == AnswerRelease.AFTER_POST_TEST:
        return post_test_done(attempt.user_id, attempt.course_key, now)
    return True


def attempt_submitted(attempt):
    """A result changed (submission or marking): the participant may have completed the course."""
    if attempt.course_key is not None:
        recheck_completion(attempt.user, attempt.course_key)

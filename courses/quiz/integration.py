"""Quizzes in their course: a participant's standing, the completion rule, the final score, “My courses” and
the course page.

The core asks for these through its hooks (`courses.hooks`); `courses.quiz.wagtail_hooks` registers
them. Everything that decides whether a quiz is passed goes through `Standing`.
"""

import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DecimalField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.completion import RequirementResult
from courses.models import CoursePage, children_of_any
from courses.quiz.choices import AnswerRelease, AttemptState, GradingMethod, QuizKind
from courses.quiz.grading import final_percent
from courses.quiz.models import Attempt, Choice, Question, Quiz, QuizOverride, QuizPage
from courses.quiz.sitting import attempts_allowed, closes_at, review_allowed
from courses.quiz.sources import source_versions
from home.content_cache import remember_many

DASHBOARD_TEMPLATE = "quiz/dashboard_quizzes.html"


@dataclass
class Standing:
    """Where one participant stands in one quiz, from their attempts (oldest first)."""

    quiz: object
    attempts: list
    override: object = None
    now: object = None
    submitted: list = field(init=False)
    in_progress: object = field(init=False)

    def __post_init__(self):
        self.now = self.now or timezone.now()
        self.submitted = [attempt for attempt in self.attempts if attempt.state == AttemptState.SUBMITTED]
        self.in_progress = next((a for a in self.attempts if a.state == AttemptState.IN_PROGRESS), None)

    @property
    def allowed(self):
        return attempts_allowed(self.quiz, self.override)

    @property
    def attempts_left(self):
        return None if self.allowed is None else max(0, self.allowed - len(self.attempts))

    @property
    def time_limit_minutes(self):
        if not self.quiz.time_limit_minutes:
            return None
        return self.quiz.time_limit_minutes + (self.override.extra_minutes if self.override else 0)

    @property
    def closes_at(self):
        return closes_at(self.quiz, self.override)

    @property
    def is_open(self):
        return not self.quiz.draft and self.quiz.is_open(self.now, self.closes_at)

    @property
    def opens_later(self):
        return self.quiz.open_at is not None and self.now < self.quiz.open_at

    @property
    def can_start(self):
        """A new attempt can begin (resuming one in progress is always possible)."""
        return self.in_progress is None and self.is_open and (self.attempts_left is None or self.attempts_left > 0)

    @property
    def grade(self):
        """The grade shown to the participant, by the quiz's grading method; provisional while marking waits."""
        return final_percent([attempt.percent for attempt in self.submitted], self.quiz.grading_method)

    @property
    def awaiting_marking(self):
        return any(attempt.needs_marking for attempt in self.submitted)

    @property
    def passed(self):
        """The grade reaches the pass mark, counting an attempt that waits for marking as failed until marked."""
        percents = [Decimal(0) if attempt.needs_marking else attempt.percent for attempt in self.submitted]
        grade = final_percent(percents, self.quiz.grading_method)
        return grade is not None and grade >= self.quiz.pass_mark

    @property
    def result_visible(self):
        return bool(self.submitted) and review_allowed(self.quiz, self.submitted[-1], self.now, self.override)

    @property
    def to_do(self):
        """Something the participant can act on: an attempt to continue, or one to start (again)."""
        if self.in_progress is not None:
            return True
        if not self.can_start:
            return False
        return not self.submitted or (self.result_visible and not self.passed)

    @property
    def status(self):
        """One short phrase for listings."""
        if self.in_progress is not None:
            return _("in progress")
        if not self.submitted:
            return _("not started")
        if not self.result_visible:
            return _("submitted; result after the quiz closes")
        if self.passed:
            return _("passed")
        if self.awaiting_marking:
            return _("waiting for marking")
        return _("not passed")


def attempts_by_quiz(user, quiz_keys):
    grouped = {}
    for attempt in Attempt.objects.filter(user=user, quiz_key__in=list(quiz_keys)).order_by("number"):
        grouped.setdefault(attempt.quiz_key, []).append(attempt)
    return grouped


def standing_for(user, quiz, now=None):
    """One participant's standing in one quiz (two queries), for the quiz's own pages."""
    attempts = list(Attempt.objects.filter(user=user, quiz_key=quiz.quiz_key).order_by("number"))
    override = QuizOverride.objects.filter(user=user, quiz_key=quiz.quiz_key).first()
    return Standing(quiz, attempts, override, now)


def quiz_pages(course):
    """The course's live quiz pages in lesson-sequence (tree) order, with their quizzes."""
    return QuizPage.objects.child_of(course).live().select_related("quiz").order_by("path")


# Completion ------------------------------------------------------------------------------------


def quizzes_passed(enrolment, course):
    """Every required quiz of the course is passed. Draft quizzes, which nobody can take, are left out."""
    if not course.require_quizzes_passed:
        return None
    quizzes = [page.quiz for page in quiz_pages(course).filter(required=True) if not page.quiz.draft]
    attempts = attempts_by_quiz(enrolment.user_id, {quiz.quiz_key for quiz in quizzes}) if quizzes else {}
    passed = sum(Standing(quiz, attempts.get(quiz.quiz_key, [])).passed for quiz in quizzes)
    return RequirementResult(
        _("Required quizzes passed"),
        passed == len(quizzes),
        _("%(done)s of %(total)s") % {"done": passed, "total": len(quizzes)},
    )


def quizzes_submitted(enrolment, course):
    """Every quiz page marked "must be submitted" (typically the post-test) is submitted, whatever the score."""
    quizzes = [page.quiz for page in quiz_pages(course).filter(must_submit=True) if not page.quiz.draft]
    if not quizzes:
        return None
    attempts = attempts_by_quiz(enrolment.user_id, {quiz.quiz_key for quiz in quizzes})
    submitted = sum(bool(Standing(quiz, attempts.get(quiz.quiz_key, [])).submitted) for quiz in quizzes)
    post_tests_only = all(quiz.kind == QuizKind.POST_TEST for quiz in quizzes)
    return RequirementResult(
        _("Post-test submitted") if post_tests_only else _("Required quizzes submitted"),
        submitted == len(quizzes),
        _("%(done)s of %(total)s") % {"done": submitted, "total": len(quizzes)},
    )


def final_score(user_id, course):
    """The mean grade of the course's required quizzes (of all its quizzes when none is required), or None."""
    pages = [page for page in quiz_pages(course) if not page.quiz.draft]
    pages = [page for page in pages if page.required] or pages
    attempts = attempts_by_quiz(user_id, {page.quiz.quiz_key for page in pages}) if pages else {}
    grades = [
        grade
        for page in pages
        if (grade := Standing(page.quiz, attempts.get(page.quiz.quiz_key, [])).grade) is not None
    ]
    if not grades:
        return None
    return (sum(Decimal(grade) for grade in grades) / len(grades)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def course_sequence(course):
    """The quiz pages that join the course's lessons in its sequence (drafts, which nobody can take, left out)."""
    return [page for page in quiz_pages(course) if not page.quiz.draft]


# Listings --------------------------------------------------------------------------------------


@dataclass
class QuizRow:
    page: QuizPage
    standing: Standing

    @property
    def quiz(self):
        return self.page.quiz

    @property
    def url(self):
        return self.page.url


def course_quiz_rows(course, user, with_standing):
    """The course page's rows for its quizzes (drafts left out); standings only for members."""
    pages = [page for page in quiz_pages(course) if not page.quiz.draft]
    attempts, overrides = {}, {}
    if with_standing and pages:
        keys = {page.quiz.quiz_key for page in pages}
        attempts = attempts_by_quiz(user, keys)
        overrides = {row.quiz_key: row for row in QuizOverride.objects.filter(user=user, quiz_key__in=list(keys))}
    rows = []
    for page in pages:
        key = page.quiz.quiz_key
        standing = Standing(page.quiz, attempts.get(key, []), overrides.get(key)) if with_standing else None
        done = standing is not None and standing.result_visible and standing.passed
        rows.append({"lesson": page, "quiz": QuizRow(page, standing), "done": done})
    return rows


LISTED_PAGES_KEY = "quiz:listed-pages:1:{course_pk}"


def listed_quiz_pages(courses):
    """{course page pk: its live quiz pages with their quizzes, drafts left out}, for listings.

    The same for every participant, so kept in the cache until the next publish or quiz change
    (home/content_cache.py). Completion and grading read the database (`quiz_pages`).
    """
    keyed = {LISTED_PAGES_KEY.format(course_pk=course.pk): course for course in courses}

    def build(missing):
        chosen = [keyed[key] for key in missing]
        by_course = {}
        for page in QuizPage.objects.live().filter(children_of_any(chosen)).select_related("quiz").order_by("path"):
            if not page.quiz.draft:
                by_course.setdefault(page.path[: -QuizPage.steplen], []).append(page)
        return {key: by_course.get(keyed[key].path, []) for key in missing}

    return {keyed[key].pk: pages for key, pages in remember_many(keyed, build).items()}


def dashboard_quizzes(user, items):
    """“My courses”: quizzes still to do and results, for all the participant's courses in two queries (attempts,
    overrides) and the quiz listing from the content cache."""
    active = [item for item in items if item.enrolment.is_active]
    if not active:
        return
    pages_by_course = listed_quiz_pages([item.course for item in active])
    pages = [page for item in active for page in pages_by_course[item.course.pk]]
    if not pages:
        return
    keys = {page.quiz.quiz_key for page in pages}
    attempts = attempts_by_quiz(user, keys)
    overrides = {row.quiz_key: row for row in QuizOverride.objects.filter(user=user, quiz_key__in=list(keys))}
    now = timezone.now()
    by_course = {}
    for page in pages:
        standing = Standing(page.quiz, attempts.get(page.quiz.quiz_key, []), overrides.get(page.quiz.quiz_key), now)
        by_course.setdefault(page.path[: -QuizPage.steplen], []).append(QuizRow(page, standing))
    for item in active:
        rows = by_course.get(item.course.path, [])
        if not rows:
            continue
        item.extras["quizzes"] = {
            "template": DASHBOARD_TEMPLATE,
            "course": item.course,
            "to_do": [row for row in rows if row.standing.to_do],
            "results": [row for row in rows if row.standing.submitted],
        }


# Shared questions ------------------------------------------------------------------------------


def reveals_before(earlier, later):
    """The earlier quiz's review may show its answer key while the later quiz is still open."""
    release = earlier.releases_answers
    if release == AnswerRelease.NEVER:
        return False
    if release == AnswerRelease.AFTER_POST_TEST:
        return later.kind != QuizKind.POST_TEST
    if release == AnswerRelease.AFTER_CLOSE:
        return earlier.close_at is None or later.close_at is None or earlier.close_at < later.close_at
    return True


def question_sources(quiz):
    """What the quiz asks: its fixed questions' keys and the bank categories it draws from."""
    return set(quiz.fixed_questions.values_list("question__translation_key", flat=True)) | {
        ("category", key) for key in quiz.bank_rules.values_list("category__translation_key", flat=True)
    }


def answer_key_conflicts(quiz):
    """[(course, earlier quiz, later quiz)]: in a course that places `quiz`, two quizzes share questions (or
    draw from the same bank category) and the earlier one reveals its answers before the later one closes."""
    conflicts = []
    placements = QuizPage.objects.filter(quiz__translation_key=quiz.translation_key)
    courses = {CoursePage.source_for(page.course) for page in placements}  # each course once, whatever the language
    for course in sorted(courses, key=lambda course: course.path):
        quizzes = [page.quiz for page in QuizPage.objects.child_of(course).select_related("quiz").order_by("path")]
        sources = {placed.pk: question_sources(placed) for placed in quizzes}
        for index, earlier in enumerate(quizzes):
            for later in quizzes[index + 1 :]:
                involved = quiz.translation_key in {earlier.translation_key, later.translation_key}
                if involved and sources[earlier.pk] & sources[later.pk] and reveals_before(earlier, later):
                    conflicts.append((course, earlier, later))
    return conflicts


# The facilitator's home and the progress sheet --------------------------------------------------


def essays_to_mark(user, courses):
    """`STAFF_TASKS`: submitted attempts waiting for a marker, per course, in one query."""
    by_key = {course.course_key: course for course in courses}
    rows = (
        Attempt.objects.filter(
            course_key__in=list(by_key), state=AttemptState.SUBMITTED, needs_marking=True, trial=False
        )
        .order_by()
        .values_list("course_key")
        .annotate(n=Count("pk"))
    )
    return [
        (
            by_key[course_key],
            _("Essays to mark"),
            count,
            f"{reverse('quiz_results:attempts', args=[by_key[course_key].pk])}?state=needs_marking",
        )
        for course_key, count in rows
    ]


def grade_expression(course, quiz):
    """The participant's grade in `quiz` (its grading method over their submitted attempts), per enrolment row."""
    attempts = Attempt.objects.filter(
        Q(course_key=course.course_key) | Q(course_key__isnull=True),
        user=OuterRef("user_id"),
        quiz_key=quiz.quiz_key,
        state=AttemptState.SUBMITTED,
        trial=False,
        percent__isnull=False,
    )
    if quiz.grading_method == GradingMethod.LAST:
        grade = attempts.order_by("-number").values("percent")
    elif quiz.grading_method == GradingMethod.AVERAGE:
        grade = attempts.order_by().values("user").annotate(grade=Avg("percent")).values("grade")
    else:
        grade = attempts.order_by("-percent").values("percent")
    return Subquery(grade[:1], output_field=DecimalField(max_digits=7, decimal_places=2))


def percent_display(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


def gradebook_scores(course):
    """`GRADEBOOK_COLUMNS`: the pre- and post-test scores (the course's first of each, in course order)."""
    pages = list(quiz_pages(course))
    columns = []
    for kind, name, label in (
        (QuizKind.PRE_TEST, "quiz_pre_test", _("Pre-test (%)")),
        (QuizKind.POST_TEST, "quiz_post_test", _("Post-test (%)")),
    ):
        page = next((page for page in pages if page.quiz.kind == kind), None)
        if page is not None:
            columns.append((name, label, grade_expression(course, page.quiz), percent_display))
    return columns


def quiz_personal_data(user):
    """The participant's quiz attempts and answers, for their data export (`courses.personal_data`).

    Each answer with the question and the choices as the participant read them (source language) and
    what they typed. The result (score, pass, each answer's points and the marker's feedback) is in only
    once the quiz lets them see it (`review_allowed`), so the export never shows earlier what the quiz
    itself holds back; correct answers are not the participant's data and are never in it.
    """
    attempts = list(Attempt.objects.filter(user=user).prefetch_related("answers").order_by("started_at", "pk"))
    if not attempts:
        return {"quiz_attempts": []}
    quizzes = source_versions(Quiz, {attempt.quiz_key for attempt in attempts})
    question_keys = {answer.question_key for attempt in attempts for answer in attempt.answers.all()}
    questions = source_versions(Question, question_keys)
    choice_keys = {
        key for attempt in attempts for answer in attempt.answers.all() for key in (answer.choice_keys or [])
    }
    choices = source_versions(Choice, choice_keys)
    overrides = {override.quiz_key: override for override in QuizOverride.objects.filter(user=user)}
    now = timezone.now()
    rows = []
    for attempt in attempts:
        quiz = quizzes.get(attempt.quiz_key)
        released = quiz is not None and review_allowed(quiz, attempt, now, overrides.get(attempt.quiz_key))
        row = {
            "quiz": quiz.title if quiz is not None else str(attempt.quiz_key),
            "course": str(attempt.course_key) if attempt.course_key else None,
            "attempt": attempt.number,
            "state": attempt.state,
            "started": attempt.started_at.isoformat(),
            "submitted": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
            "result_released": released,
            "answers": [],
        }
        if released:
            row.update(score=_number(attempt.score), max_score=_number(attempt.max_score))
            row.update(percent=_number(attempt.percent), passed=attempt.passed)
        for answer in sorted(attempt.answers.all(), key=lambda answer: answer.saved_at):
            question = questions.get(answer.question_key)
            item = {
                "question": question.text if question is not None else str(answer.question_key),
                "choices": [
                    choices[key].text if key in choices else str(key)
                    for key in (uuid.UUID(str(key)) for key in answer.choice_keys or [])
                ],
                "text": answer.text,
                "saved": answer.saved_at.isoformat(),
            }
            if released:
                item.update(points=_number(answer.points), correct=answer.is_correct, feedback=answer.feedback)
            row["answers"].append(item)
        rows.append(row)
    return {"quiz_attempts": rows}


def _number(value):
    return None if value is None else float(value)

"""How answers and attempts are graded. Server-side only; the same in every language.

Choices and questions are identified by their translation keys and `is_correct` is
synchronised across translations, so an attempt taken in English grades exactly like one taken
in Indonesian.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from courses.quiz.choices import GradingMethod, MultipleScoring, QuestionKind

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    points: Decimal | None  # None: waits for a marker
    is_correct: bool | None


def normalise(text):
    """Short answers match ignoring case and extra spaces."""
    return " ".join((text or "").casefold().split())


def grade_answer(question, choices, choice_keys, text=""):
    """Grade one answer to `question`, whose `choices` are its Choice rows."""
    points = Decimal(question.points)
    chosen = {str(key) for key in choice_keys}
    correct = {str(choice.translation_key) for choice in choices if choice.is_correct}
    if question.kind in {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE}:
        right = len(chosen) == 1 and chosen == correct
        return Grade(points if right else Decimal(0), right)
    if question.kind == QuestionKind.MULTIPLE:
        if question.multiple_scoring == MultipleScoring.PARTIAL and correct:
            # Each right choice earns 1/k of the points, each wrong one costs as much; never below zero.
            share = (len(chosen & correct) - len(chosen - correct)) / len(correct)
            earned = (points * Decimal(max(0.0, share))).quantize(TWO_PLACES, ROUND_HALF_UP)
            return Grade(earned, chosen == correct)
        return Grade(points if chosen == correct else Decimal(0), chosen == correct)
    if question.kind == QuestionKind.SHORT:
        right = normalise(text) in {normalise(answer) for answer in question.accepted_answer_list} and bool(
            normalise(text)
        )
        return Grade(points if right else Decimal(0), right)
    return Grade(None, None)  # essay: marked by staff


@dataclass(frozen=True)
class AttemptResult:
    score: Decimal
    max_score: Decimal
    percent: Decimal
    needs_marking: bool
    passed: bool | None


def attempt_result(questions, answers, pass_mark):
    """Totals of an attempt from its questions (by key) and its answers (by question key).

    Unanswered questions score nothing; unmarked essays make the result provisional.
    """
    score = Decimal(0)
    max_score = Decimal(0)
    needs_marking = False
    for key, question in questions.items():
        max_score += Decimal(question.points)
        answer = answers.get(key)
        if question.kind == QuestionKind.ESSAY and answer is not None and answer.points is None and answer.text.strip():
            needs_marking = True
        elif answer is not None and answer.points is not None:
            score += answer.points
    percent = (100 * score / max_score).quantize(TWO_PLACES, ROUND_HALF_UP) if max_score else Decimal(0)
    passed = None if needs_marking else percent >= pass_mark
    return AttemptResult(score, max_score, percent, needs_marking, passed)


def final_percent(percents, method):
    """The grade a participant keeps from several submitted attempts (oldest first)."""
    if not percents:
        return None
    if method == GradingMethod.LAST:
        return percents[-1]
    if method == GradingMethod.AVERAGE:
        return (sum(percents) / len(percents)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return max(percents)

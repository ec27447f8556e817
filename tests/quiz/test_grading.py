from decimal import Decimal
from types import SimpleNamespace

import pytest

from courses.quiz.choices import GradingMethod, MultipleScoring, QuestionKind
from courses.quiz.grading import attempt_result, final_percent, grade_answer


def question(kind, points=1, scoring=MultipleScoring.ALL_OR_NOTHING, accepted=""):
    return SimpleNamespace(
        kind=kind,
        points=points,
        multiple_scoring=scoring,
        accepted_answer_list=[line for line in accepted.splitlines() if line],
    )


def choices(*correct_flags):
    return [SimpleNamespace(translation_key=f"c{n}", is_correct=flag) for n, flag in enumerate(correct_flags)]


def test_single_choice():
    options = choices(False, True, False)
    assert grade_answer(question(QuestionKind.SINGLE, 2), options, ["c1"]).points == 2
    assert grade_answer(question(QuestionKind.SINGLE, 2), options, ["c0"]).points == 0
    assert grade_answer(question(QuestionKind.SINGLE, 2), options, ["c1", "c0"]).is_correct is False
    assert grade_answer(question(QuestionKind.SINGLE, 2), options, []).points == 0


def test_multiple_all_or_nothing_and_partial():
    options = choices(True, True, False, False)
    strict = question(QuestionKind.MULTIPLE, 4)
    assert grade_answer(strict, options, ["c0", "c1"]).points == 4
    assert grade_answer(strict, options, ["c0"]).points == 0
    partial = question(QuestionKind.MULTIPLE, 4, MultipleScoring.PARTIAL)
    assert grade_answer(partial, options, ["c0"]).points == Decimal("2.00")
    assert grade_answer(partial, options, ["c0", "c2"]).points == Decimal("0.00")  # a wrong pick cancels a right one
    assert grade_answer(partial, options, ["c2", "c3"]).points == Decimal("0.00")  # never below zero
    assert grade_answer(partial, options, ["c0", "c1"]).is_correct is True


@pytest.mark.parametrize(
    ("given", "right"), [("Kota HAM", True), ("  kota   ham ", True), ("KOTA HAM", True), ("kota", False), ("", False)]
)
def test_short_answer_ignores_case_and_spaces(given, right):
    assert (
        grade_answer(question(QuestionKind.SHORT, accepted="Kota HAM\nhuman rights city"), [], [], given).is_correct
        is right
    )


def test_essay_waits_for_marker():
    grade = grade_answer(question(QuestionKind.ESSAY, 5), [], [], "Jawaban panjang")
    assert grade.points is None and grade.is_correct is None


def test_attempt_result_and_pass_mark():
    questions = {
        "a": question(QuestionKind.SINGLE, 1),
        "b": question(QuestionKind.SINGLE, 3),
        "c": question(QuestionKind.ESSAY, 2),
    }
    answers = {"a": SimpleNamespace(points=Decimal(1), text=""), "b": SimpleNamespace(points=Decimal(0), text="")}
    result = attempt_result(questions, answers, pass_mark=60)
    assert (result.score, result.max_score, result.percent, result.passed) == (1, 6, Decimal("16.67"), False)
    answers["c"] = SimpleNamespace(points=None, text="esai")
    assert attempt_result(questions, answers, 60).passed is None  # provisional until marked


def test_final_grade_methods():
    percents = [Decimal(40), Decimal(90), Decimal(70)]
    assert final_percent(percents, GradingMethod.HIGHEST) == 90
    assert final_percent(percents, GradingMethod.LAST) == 70
    assert final_percent(percents, GradingMethod.AVERAGE) == Decimal("66.67")
    assert final_percent([], GradingMethod.HIGHEST) is None

"""The participant's data download holds their quiz attempts and answers; a result the quiz holds back stays out."""

import datetime

import pytest

from django.utils import timezone

from courses.personal_data import export_personal_data
from courses.quiz.sitting import save_answer, start_or_resume, submit
from tests.factories import make_course
from tests.quiz.builders import choice_key, make_question, make_quiz
from tests.quiz.test_taking import enrolled, make_quiz_page


@pytest.fixture
def course(site_tree):
    return make_course(site_tree.courses["id"])


def sit(user, quiz, course, answers):
    attempt = start_or_resume(user, quiz, course_key=course.course_key)
    for seq, (question, choices, text) in enumerate(answers, start=1):
        save_answer(attempt, question.translation_key, choices, text, seq=seq)
    submit(attempt, quiz)
    return attempt


def test_the_download_holds_each_attempt_with_its_questions_and_answers(course):
    single = make_question("Siapa pengemban kewajiban HAM?", options=("Negara", "Warga"), correct=0)
    short = make_question("Sebutkan satu hak sipil.", kind="short", accepted_answers="hak hidup")
    quiz = make_quiz([single, short], title="Pre-test Kota HAM", review_content="full")
    make_quiz_page(course, quiz)
    user = enrolled(course)
    sit(user, quiz, course, [(single, [choice_key(single, "Warga")], ""), (short, [], "hak hidup")])

    [attempt] = export_personal_data(user)["quiz_attempts"]
    assert attempt["quiz"] == "Pre-test Kota HAM" and attempt["attempt"] == 1 and attempt["state"] == "submitted"
    assert attempt["result_released"] is True and attempt["score"] == 1.0 and attempt["max_score"] == 2.0
    answers = {answer["question"]: answer for answer in attempt["answers"]}
    assert answers["Siapa pengemban kewajiban HAM?"]["choices"] == ["Warga"]
    assert answers["Siapa pengemban kewajiban HAM?"]["correct"] is False
    assert answers["Sebutkan satu hak sipil."]["text"] == "hak hidup"
    assert "Negara" not in str(attempt)  # the correct answer is not the participant's data


def test_a_result_held_back_until_the_quiz_closes_stays_out_of_the_download(course):
    question = make_question("Siapa pengemban kewajiban HAM?", options=("Negara", "Warga"), correct=0)
    quiz = make_quiz([question], review_timing="after_close", close_at=timezone.now() + datetime.timedelta(days=3))
    make_quiz_page(course, quiz)
    user = enrolled(course)
    sit(user, quiz, course, [(question, [choice_key(question, "Negara")], "")])

    [attempt] = export_personal_data(user)["quiz_attempts"]
    assert attempt["result_released"] is False
    assert "score" not in attempt and "passed" not in attempt
    assert attempt["answers"] == [
        {
            "question": "Siapa pengemban kewajiban HAM?",
            "choices": ["Negara"],
            "text": "",
            "saved": attempt["answers"][0]["saved"],
        }
    ]


def test_no_attempts_is_an_empty_list(course):
    assert export_personal_data(enrolled(course))["quiz_attempts"] == []

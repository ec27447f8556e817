import datetime
import threading
from decimal import Decimal

import pytest

from django.db import connection
from django.utils import timezone

from courses.quiz.models import Answer, Attempt, QuizOverride
from courses.quiz.sitting import QuizError, mark_answer, save_answer, start_or_resume, submit
from home.localize import translate_with_strings
from tests.factories import UserFactory
from tests.quiz.builders import choice_key, make_category, make_question, make_quiz


@pytest.fixture
def quiz(db):
    questions = [make_question(f"Pertanyaan {n}", correct=1) for n in range(3)]
    return make_quiz(questions)


@pytest.fixture
def user(db):
    return UserFactory(username="peserta")


def test_attempt_draws_fixed_and_bank_questions_and_resumes(db, user):
    category = make_category()
    bank = [make_question(f"Bank {n}", category=category) for n in range(10)]
    fixed = make_question("Tetap")
    quiz = make_quiz([fixed], bank=[(category, 4)], random_order=True)
    attempt = start_or_resume(user, quiz)
    assert len(attempt.question_keys) == 5 and str(fixed.translation_key) in attempt.question_keys
    assert set(attempt.question_keys) - {str(fixed.translation_key)} <= {str(q.translation_key) for q in bank}
    again = start_or_resume(user, quiz)
    assert again.pk == attempt.pk and again.question_keys == attempt.question_keys


def test_two_participants_get_different_papers_of_equal_weight(db):
    category = make_category()
    for n in range(30):
        make_question(f"Bank {n}", category=category)
    quiz = make_quiz(bank=[(category, 5)])
    papers = [set(start_or_resume(UserFactory(username=f"u{n}"), quiz).question_keys) for n in range(4)]
    assert all(len(paper) == 5 for paper in papers)
    assert len({frozenset(paper) for paper in papers}) > 1


def test_max_questions_limits_the_paper(db, user):
    quiz = make_quiz([make_question(f"Q{n}") for n in range(6)], max_questions=4)
    assert len(start_or_resume(user, quiz).question_keys) == 4


def test_answers_are_checked_and_idempotent(quiz, user):
    attempt = start_or_resume(user, quiz)
    first, second = (quiz.fixed_questions.all()[n].question for n in range(2))
    other = make_question("Bukan bagian kuis")
    with pytest.raises(QuizError):
        save_answer(attempt, other.translation_key, [choice_key(other, "B")], seq=1)
    with pytest.raises(QuizError):
        save_answer(attempt, first.translation_key, [choice_key(second, "B")], seq=1)  # a choice of another question
    with pytest.raises(QuizError):
        save_answer(attempt, first.translation_key, [choice_key(first, "A"), choice_key(first, "B")], seq=1)
    answer, stored = save_answer(attempt, first.translation_key, [choice_key(first, "B")], seq=5)
    assert stored and answer.points == 1
    answer, stored = save_answer(attempt, first.translation_key, [choice_key(first, "A")], seq=5)  # replayed number
    assert not stored
    answer, stored = save_answer(attempt, first.translation_key, [choice_key(first, "C")], seq=3)  # arrived late
    assert not stored
    assert Answer.objects.get().choice_keys == [choice_key(first, "B")]


def test_submitted_attempt_never_changes(quiz, user):
    attempt = start_or_resume(user, quiz)
    question = quiz.fixed_questions.first().question
    save_answer(attempt, question.translation_key, [choice_key(question, "B")], seq=1)
    submit(attempt, quiz)
    assert attempt.percent == Decimal("33.33") and attempt.passed is False
    with pytest.raises(QuizError) as error:
        save_answer(attempt, question.translation_key, [choice_key(question, "A")], seq=2)
    assert error.value.status == 409
    with pytest.raises(QuizError):
        submit(attempt, quiz)
    with pytest.raises(QuizError) as error:
        start_or_resume(user, quiz)  # single attempt
    assert error.value.status == 403


def test_time_limit_is_enforced_on_the_server(quiz, user):
    quiz.time_limit_minutes = 10
    quiz.save()
    start = timezone.now()
    attempt = start_or_resume(user, quiz, now=start)
    assert attempt.deadline == start + datetime.timedelta(minutes=10)
    question = quiz.fixed_questions.first().question
    save_answer(
        attempt, question.translation_key, [choice_key(question, "B")], seq=1, now=start + datetime.timedelta(minutes=9)
    )
    late = start + datetime.timedelta(minutes=15)
    with pytest.raises(QuizError):
        save_answer(attempt, question.translation_key, [choice_key(question, "A")], seq=2, now=late)
    submit(attempt, quiz, now=late)
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == 1


def test_overdue_attempt_is_submitted_when_resumed(quiz, user):
    quiz.time_limit_minutes, quiz.max_attempts = 5, 2
    quiz.save()
    start = timezone.now() - datetime.timedelta(hours=1)
    first = start_or_resume(user, quiz, now=start)
    second = start_or_resume(user, quiz)
    first.refresh_from_db()
    assert first.is_submitted and second.number == 2


def test_overrides_give_time_attempts_and_a_later_close(quiz, user):
    quiz.time_limit_minutes, quiz.close_at = 10, timezone.now() - datetime.timedelta(days=1)
    quiz.save()
    with pytest.raises(QuizError):
        start_or_resume(user, quiz)
    QuizOverride.objects.create(
        quiz_key=quiz.quiz_key,
        user=user,
        extra_minutes=20,
        extra_attempts=1,
        close_at=timezone.now() + datetime.timedelta(days=1),
    )
    now = timezone.now()
    attempt = start_or_resume(user, quiz, now=now)
    assert attempt.deadline == now + datetime.timedelta(minutes=30)
    submit(attempt, quiz)
    assert start_or_resume(user, quiz).number == 2  # the extra attempt


def test_draft_and_unopened_quizzes_refuse(quiz, user):
    quiz.draft = True
    quiz.save()
    with pytest.raises(QuizError):
        start_or_resume(user, quiz)
    quiz.draft, quiz.open_at = False, timezone.now() + datetime.timedelta(days=1)
    quiz.save()
    with pytest.raises(QuizError):
        start_or_resume(user, quiz)


def test_essay_is_marked_and_the_score_recomputed(db, user):
    essay = make_question("Jelaskan peta jalan kota HAM.", kind="essay", points=4)
    single = make_question("Pilih satu")
    quiz = make_quiz([essay, single])
    attempt = start_or_resume(user, quiz)
    save_answer(attempt, essay.translation_key, text="Peta jalan memetakan masalah dan potensi.", seq=1)
    save_answer(attempt, single.translation_key, [choice_key(single, "B")], seq=2)
    submit(attempt, quiz)
    assert attempt.needs_marking and attempt.passed is None
    marked = mark_answer(Answer.objects.get(question_key=essay.translation_key), Decimal(3), by=user, feedback="Baik")
    assert not marked.needs_marking and marked.score == 4 and marked.percent == 80 and marked.passed


def test_english_attempt_grades_identically(quiz, user, locales):
    question = quiz.fixed_questions.first().question
    english = translate_with_strings(
        question, locales["en"], {question.text: "Question", "A": "A-en", "B": "B-en", "C": "C-en"}
    )[0]
    english_right = english.choices.get(text="B-en")
    assert english_right.translation_key == question.choices.get(text="B").translation_key
    attempt = start_or_resume(user, quiz)
    answer, _stored = save_answer(attempt, question.translation_key, [english_right.translation_key], seq=1)
    assert answer.is_correct


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking under concurrency is tested on PostgreSQL")
def test_concurrent_submissions_are_safe(django_db_blocker):
    questions = [make_question(f"Q{n}") for n in range(3)]
    quiz = make_quiz(questions)
    users = [UserFactory(username=f"c{n}") for n in range(8)]
    attempts = [start_or_resume(user, quiz) for user in users]
    outcomes = []

    def take(attempt):
        from django.db import connections

        try:
            # The second tab may find the attempt already submitted while it is still saving.
            for seq, question in enumerate(questions, start=1):
                save_answer(attempt, question.translation_key, [choice_key(question, "B")], seq=seq)
            submit(attempt, quiz)
            outcomes.append("submitted")
        except QuizError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=take, args=(attempt,)) for attempt in attempts for _tab in range(2)
    ]  # two tabs each
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("submitted") == len(users) and outcomes.count("refused") == len(users)
    assert all(attempt.percent == 100 for attempt in Attempt.objects.all())
    assert Answer.objects.count() == len(users) * len(questions)


def test_a_checked_answer_is_final_when_each_answer_is_shown(quiz, user):
    question = quiz.fixed_questions.first().question
    attempt = start_or_resume(user, quiz)
    changed, stored = save_answer(attempt, question.translation_key, [choice_key(question, "A")], seq=1)
    changed, stored = save_answer(attempt, question.translation_key, [choice_key(question, "B")], seq=2)
    assert stored and changed.choice_keys == [choice_key(question, "B")]  # answers at the end: change freely

    quiz.answers_at_end = False
    quiz.save()
    other = quiz.fixed_questions.all()[1].question
    with pytest.raises(QuizError) as empty:
        save_answer(attempt, other.translation_key, [], seq=3)
    assert empty.value.status == 400
    answer, stored = save_answer(attempt, other.translation_key, [choice_key(other, "A")], seq=3)
    assert stored and answer.is_correct is False
    for seq in (4, 0):  # a newer answer, or one without a number (the form without JavaScript)
        with pytest.raises(QuizError) as refused:
            save_answer(attempt, other.translation_key, [choice_key(other, "B")], seq=seq)
        assert refused.value.status == 409 and "sudah menjawab" in str(refused.value)
    replay, stored = save_answer(attempt, other.translation_key, [choice_key(other, "A")], seq=3)
    assert not stored and replay.pk == answer.pk
    assert Answer.objects.get(attempt=attempt, question_key=other.translation_key).choice_keys == [
        choice_key(other, "A")
    ]


def test_answers_are_refused_after_the_quiz_closes_without_a_time_limit(quiz, user):
    close = timezone.now() + datetime.timedelta(days=1)
    quiz.close_at = close
    quiz.save()
    question = quiz.fixed_questions.first().question
    attempt = start_or_resume(user, quiz)
    assert attempt.deadline is None
    save_answer(attempt, question.translation_key, [choice_key(question, "A")], seq=1, now=close)
    after = close + datetime.timedelta(minutes=1)
    with pytest.raises(QuizError) as refused:
        save_answer(attempt, question.translation_key, [choice_key(question, "B")], seq=2, now=after)
    assert refused.value.status == 409 and refused.value.time_up
    assert Answer.objects.get(attempt=attempt).choice_keys == [choice_key(question, "A")]

    override = QuizOverride.objects.create(
        quiz_key=quiz.quiz_key, user=user, close_at=close + datetime.timedelta(hours=2)
    )
    answer, stored = save_answer(attempt, question.translation_key, [choice_key(question, "B")], seq=2, now=after)
    assert stored and answer.choice_keys == [choice_key(question, "B")]
    override.close_at = close - datetime.timedelta(hours=2)  # an earlier close for this participant counts too
    override.save()
    with pytest.raises(QuizError):
        save_answer(attempt, question.translation_key, [choice_key(question, "C")], seq=3, now=close)


def test_review_after_close_honours_the_participants_close_date(quiz, user):
    from courses.quiz.integration import standing_for
    from courses.quiz.sitting import review_allowed

    now = timezone.now()
    quiz.review_timing, quiz.close_at = "after_close", now + datetime.timedelta(days=1)
    quiz.save()
    attempt = submit(start_or_resume(user, quiz, now=now), quiz, now=now)
    later = now + datetime.timedelta(days=2)
    assert not review_allowed(quiz, attempt, now) and review_allowed(quiz, attempt, later)

    override = QuizOverride.objects.create(quiz_key=quiz.quiz_key, user=user, close_at=now + datetime.timedelta(days=5))
    assert not review_allowed(quiz, attempt, later)
    assert not standing_for(user, quiz, later).result_visible
    assert review_allowed(quiz, attempt, now + datetime.timedelta(days=6))
    override.close_at = now - datetime.timedelta(minutes=1)  # closed early for this participant
    override.save()
    assert review_allowed(quiz, attempt, now) and standing_for(user, quiz, now).result_visible
    assert not review_allowed(quiz, attempt, now, override=None)  # without the override: the quiz's date

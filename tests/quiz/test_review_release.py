"""When a review may show the answer key: a pre-test keeps it until the post-test, each moment a quiz can
choose, the admin's warning about a quiz that gives away a later one's answers, and the rule "post-test
submitted" for completion."""

import datetime

import pytest

from django.contrib.messages import constants, get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.completion import evaluate
from courses.models import Enrolment
from courses.quiz.integration import answer_key_conflicts
from courses.quiz.models import QuizOverride
from courses.quiz.permissions import ensure_quiz_permissions
from home.groups import EDITORS
from tests.factories import make_course, staff_user
from tests.quiz.builders import choice_key, make_question, make_quiz
from tests.quiz.test_taking import SECRET, autosave, client_for, enrolled, make_quiz_page, start, url


@pytest.fixture
def course(site_tree):
    return make_course(site_tree.courses["id"])


@pytest.fixture
def questions(db):
    return [
        make_question(f"Soal {n}?", options=(f"Salah {n}", f"Benar {n}"), explanation=f"{SECRET} {n}")
        for n in range(1, 3)
    ]


@pytest.fixture
def pre_page(course, questions):
    return make_quiz_page(course, make_quiz(questions, kind="pre_test", review_content="full"))


@pytest.fixture
def post_page(course, questions):
    quiz = make_quiz(
        questions, title="Post-test Kota HAM", slug="posttest", kind="post_test", review_content="full", max_attempts=2
    )
    return make_quiz_page(course, quiz, title="Post-test", slug="post-test")


@pytest.fixture
def participant(course):
    return enrolled(course)


def take(client, page, questions):
    attempt = start(client, page)
    for n, question in enumerate(questions, start=1):
        autosave(client, attempt, question.translation_key, [choice_key(question, f"Benar {n}")], seq=n)
    client.post(url(page, "submit", attempt.pk), {"confirm": "1"})
    return attempt


def review(client, page, attempt):
    return client.get(url(page, "attempt", attempt.pk)).content.decode()


def shows_key(body):
    return "is-correct" in body and f"{SECRET} 1" in body


def test_pre_test_review_keeps_the_answers_until_the_post_test_is_submitted(
    pre_page, post_page, participant, questions
):
    client = client_for(participant)
    attempt = take(client, pre_page, questions)
    before = review(client, pre_page, attempt)
    assert "2 dari 2 poin" in before  # the score still shows
    assert not shows_key(before) and "Benar 1" not in before and "Jawaban Anda</h2>" not in before
    assert 'class="quiz-held-back"' in before

    take(client, post_page, questions)
    after = review(client, pre_page, attempt)
    assert shows_key(after) and 'class="quiz-held-back"' not in after


def test_pre_test_review_shows_the_answers_once_the_post_test_closed_for_the_participant(
    pre_page, post_page, participant, questions
):
    client = client_for(participant)
    attempt = take(client, pre_page, questions)
    post = post_page.quiz
    post.close_at = timezone.now() + datetime.timedelta(days=1)
    post.save()
    assert not shows_key(review(client, pre_page, attempt))
    QuizOverride.objects.create(
        user=participant, quiz_key=post.quiz_key, close_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert shows_key(review(client, pre_page, attempt))


@pytest.mark.parametrize(
    ("release", "close_in_days", "shown"),
    [
        ("never", None, False),
        ("after_submit", None, True),
        ("after_close", 2, False),
        ("after_close", -1, True),
        ("after_post_test", None, False),
        ("", None, False),  # by kind: a pre-test waits for the post-test
    ],
)
def test_each_release_moment(pre_page, post_page, participant, questions, release, close_in_days, shown):
    quiz = pre_page.quiz
    quiz.answer_release = release
    quiz.max_attempts = 0
    quiz.save()
    client = client_for(participant)
    attempt = take(client, pre_page, questions)
    if close_in_days is not None:
        quiz.close_at = timezone.now() + datetime.timedelta(days=close_in_days)
        quiz.save()
    body = review(client, pre_page, attempt)
    assert "2 dari 2 poin" in body
    assert shows_key(body) is shown and ("Benar 1" in body) is shown


def test_a_quiz_by_kind_reveals_after_submitting_and_a_course_without_post_test_releases(course, questions):
    quiz = make_quiz(questions, review_content="full")
    assert quiz.releases_answers == "after_submit"
    pre_page = make_quiz_page(course, make_quiz(questions, slug="pre2", kind="pre_test", review_content="full"))
    participant = enrolled(course)
    client = client_for(participant)
    assert shows_key(review(client, pre_page, take(client, pre_page, questions)))


def test_admin_warns_when_an_earlier_quiz_reveals_a_later_ones_answers(pre_page, post_page, questions):
    pre = pre_page.quiz
    assert answer_key_conflicts(pre) == []  # a pre-test waits for the post-test
    ensure_quiz_permissions(sender=None)
    editor = staff_user("editor", EDITORS)
    data = nested_form_data(
        {
            "title": pre.title,
            "slug": pre.slug,
            "kind": "pre_test",
            "category": "",
            "description": "",
            "fixed_questions": inline_formset(
                [{"id": row.pk, "question": row.question_id} for row in pre.fixed_questions.all()]
            ),
            "bank_rules": inline_formset([]),
            "max_questions": "",
            "answers_at_end": "on",
            "max_attempts": "1",
            "grading_method": "highest",
            "exam_paper": "on",
            "time_limit_minutes": "",
            "open_at": "",
            "close_at": "",
            "pass_mark": "60",
            "success_text": "",
            "fail_text": "",
            "review_content": "full",
            "review_timing": "immediately",
            "answer_release": "after_submit",
        }
    )
    response = client_for(editor).post(reverse("wagtailsnippets_quiz_quiz:edit", args=[pre.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    pre.refresh_from_db()
    assert pre.answer_release == "after_submit"
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.WARNING]
    assert len(warnings) == 1 and pre.title in warnings[0] and "Post-test" in warnings[0]
    assert answer_key_conflicts(post_page.quiz) == [(pre_page.course, pre, post_page.quiz)]
    # The edit form of either quiz says so before anything is changed (the course is named only there).
    for quiz in (pre, post_page.quiz):
        form = client_for(editor).get(reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk])).content.decode()
        assert pre_page.course.title in form

    # A quiz that asks other questions shares nothing: no warning.
    other = make_quiz([make_question("Lain?")], slug="lain", review_content="full")
    make_quiz_page(pre_page.course, other, title="Latihan", slug="latihan")
    assert answer_key_conflicts(other) == []
    form = client_for(editor).get(reverse("wagtailsnippets_quiz_quiz:edit", args=[other.pk])).content.decode()
    assert pre_page.course.title not in form

    # Held back until the post-test, or never: no warning either.
    for release in ("after_post_test", "never"):
        pre.answer_release = release
        pre.save()
        assert answer_key_conflicts(pre) == []
    # After the pre-test closes, which is before the post-test closes: a warning.
    pre.answer_release, pre.close_at = "after_close", timezone.now()
    pre.save()
    post = post_page.quiz
    post.close_at = timezone.now() + datetime.timedelta(days=30)
    post.save()
    assert answer_key_conflicts(pre) == [(pre_page.course, pre, post)]


def requirement(enrolment, course):
    with translation.override("en"):
        return [(str(result.label), result.met, str(result.detail)) for result in evaluate(enrolment, course)]


def test_completion_rule_post_test_submitted(course, pre_page, post_page, participant, questions):
    enrolment = Enrolment.objects.get(user=participant)
    assert requirement(enrolment, course) == []  # no quiz page must be submitted: no rule
    post_page.must_submit = True
    post_page.save_revision().publish()
    assert requirement(enrolment, course) == [("Post-test submitted", False, "0 of 1")]
    client = client_for(participant)
    take(client, pre_page, questions)
    assert requirement(enrolment, course) == [("Post-test submitted", False, "0 of 1")]
    attempt = start(client, post_page)
    client.post(url(post_page, "submit", attempt.pk), {"confirm": "1"})  # nothing answered: 0 %, not passed
    assert requirement(enrolment, course) == [("Post-test submitted", True, "1 of 1")]


def test_a_quiz_holding_its_answers_back_cannot_tell_right_from_wrong_as_answers_are_saved(questions):
    pre = make_quiz(questions, kind="pre_test", answers_at_end=False)
    with pytest.raises(ValidationError) as refused:
        pre.full_clean()
    assert "answers_at_end" in refused.value.message_dict
    pre.answer_release = "after_submit"
    pre.full_clean()
    make_quiz(questions, slug="latihan", answers_at_end=False).full_clean()  # a quiz shows its key after submitting

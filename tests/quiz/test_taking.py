"""A participant takes a quiz through its pages: with and without JavaScript, resuming, against
forged requests, against the clock, in English, and as the course sees it afterwards."""

import datetime
import json
from decimal import Decimal

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.choices import EnrolmentStatus
from courses.completion import evaluate
from courses.models import CourseCompletion, Enrolment
from courses.quiz.models import Answer, Attempt, Question, QuizPage
from courses.quiz.sitting import mark_answer
from home.localize import translate_with_strings
from home.site_tree import publish
from tests.factories import UserFactory, make_course, make_lesson
from tests.quiz.builders import choice_key, make_category, make_question, make_quiz

SECRET = "PENJELASAN-RAHASIA"
# Savepoints included, whatever the size of the quiz and its bank. A first answer to a question is
# inserted inside a savepoint of its own (2 of the 10): see `sitting.save_answer` on two tabs racing.
START_QUERIES, SAVE_QUERIES, LOAD_QUERIES = 12, 10, 13


def make_quiz_page(course, quiz, title="Pre-test Kota HAM", slug="pre-test", **fields):
    page = QuizPage(title=title, slug=slug, quiz=quiz, **fields)
    course.add_child(instance=page)
    return publish(page)


def enrolled(course, username="peserta"):
    user = UserFactory(username=username)
    Enrolment.objects.create(user=user, course_key=course.course_key, status=EnrolmentStatus.APPROVED)
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(page, name="", *args):
    return page.url + (page.reverse_subpage(name, args=args) if name else "")


def start(client, page):
    response = client.post(url(page, "start"))
    assert response.status_code == 302, response.content[:500]
    return Attempt.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def save_url(attempt):
    return reverse("quiz_save_answer", args=[attempt.pk])


def autosave(client, attempt, question_key, choice_keys=(), text="", seq=1):
    return client.post(
        save_url(attempt),
        json.dumps(
            {"question_key": str(question_key), "choice_keys": [str(k) for k in choice_keys], "text": text, "seq": seq}
        ),
        content_type="application/json",
    )


@pytest.fixture
def course(site_tree):
    return make_course(site_tree.courses["id"])


@pytest.fixture
def questions(db):
    return [
        make_question(
            f"Pertanyaan nomor {n}?",
            correct=1,
            options=(f"Salah {n}", f"Benar {n}", f"Keliru {n}"),
            explanation=f"{SECRET} {n}",
        )
        for n in range(1, 4)
    ]


@pytest.fixture
def quiz(questions):
    return make_quiz(questions, review_content="full")


@pytest.fixture
def page(course, quiz):
    return make_quiz_page(course, quiz)


@pytest.fixture
def participant(course):
    return enrolled(course)


@pytest.fixture
def client(participant):
    return client_for(participant)


def test_only_active_participants_and_staff_reach_the_quiz(page, course, participant):
    anonymous = Client().get(url(page))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    outsider = client_for(UserFactory(username="luar"))
    assert outsider.get(url(page)).status_code == 403
    assert outsider.post(url(page, "start")).status_code == 403
    pending = enrolled(course, "menunggu")
    Enrolment.objects.filter(user=pending).update(status=EnrolmentStatus.PENDING)
    assert client_for(pending).get(url(page)).status_code == 403
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    assert client_for(admin).get(url(page)).status_code == 200
    assert client_for(participant).get(url(page)).status_code == 200


def test_autosave_needs_the_attempt_owner_still_enrolled(client, page, participant, questions):
    attempt = start(client, page)
    question = questions[0]
    answer = [choice_key(question, "Benar 1")]
    assert autosave(Client(), attempt, question.translation_key, answer).status_code == 403  # logged out
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(participant)
    assert autosave(strict, attempt, question.translation_key, answer).status_code == 403  # no CSRF token
    Enrolment.objects.filter(user=participant).update(status=EnrolmentStatus.WITHDRAWN)
    withdrawn = autosave(client, attempt, question.translation_key, answer)
    assert withdrawn.status_code == 403 and withdrawn.json()["error"] and not Answer.objects.exists()

    admin = client_for(UserFactory(username="admin", is_superuser=True, is_staff=True))  # staff try quizzes out
    trial = start(admin, page)
    assert autosave(admin, trial, question.translation_key, answer).json() == {"saved": True, "seq": 1}


def test_taking_the_quiz_without_javascript(client, page, questions):
    intro = client.get(url(page)).content.decode()
    assert "Pre-test Kota HAM" in intro and "0 dari 1 terpakai" in intro and "Mulai kuis" in intro

    attempt = start(client, page)
    paper = client.get(url(page, "attempt", attempt.pk)).content.decode()
    positions = [paper.index(f"Pertanyaan nomor {n}?") for n in range(1, 4)]
    assert positions == sorted(positions)  # the attempt's order (as entered here)
    assert paper.count('class="quiz-question"') == 3 and paper.count("Simpan jawaban") == 3
    assert 'name="choice" value="' in paper and "checked" not in paper

    first = questions[0]
    response = client.post(
        url(page, "answer", attempt.pk),
        {"question": str(first.translation_key), "choice": choice_key(first, "Benar 1")},
    )
    assert response.status_code == 302 and response["Location"].endswith("#question-1")
    paper = client.get(response["Location"]).content.decode()
    assert "Jawaban Anda untuk soal 1 tersimpan." in paper
    assert f'value="{choice_key(first, "Benar 1")}" id="q1-c2" checked' in paper

    unconfirmed = client.post(url(page, "submit", attempt.pk))
    assert unconfirmed.status_code == 302 and not Attempt.objects.get().is_submitted
    response = client.post(url(page, "submit", attempt.pk), {"confirm": "1"}, follow=True)
    result = response.content.decode()
    assert "1 dari 3 poin (33,33%)" in result and "Belum lulus" in result
    assert "is-correct" in result and f"{SECRET} 1" in result  # this quiz shows the full review
    assert Attempt.objects.get().percent == Decimal("33.33")

    intro = client.get(url(page)).content.decode()
    assert "1 dari 1 terpakai" in intro and url(page, "start") not in intro and "semua kesempatan" in intro
    assert client.post(url(page, "start")).status_code == 403


def test_resume_after_disconnect_on_another_device(participant, page, questions):
    page.quiz.random_order, page.quiz.time_limit_minutes, page.quiz.max_attempts = True, 30, 2
    page.quiz.save()
    phone = client_for(participant)
    attempt = start(phone, page)
    second = questions[1]
    autosave(phone, attempt, second.translation_key, [choice_key(second, "Keliru 2")], seq=4)
    before = phone.get(url(page, "attempt", attempt.pk)).content.decode()

    laptop = client_for(participant)  # a new session, as after a dropped connection or on another device
    assert "Lanjutkan percobaan Anda" in laptop.get(url(page)).content.decode()
    assert start(laptop, page).pk == attempt.pk
    after = laptop.get(url(page, "attempt", attempt.pk)).content.decode()
    order = [str(q.translation_key) for q in questions]
    assert sorted(order, key=after.index) == sorted(order, key=before.index) == attempt.question_keys
    assert f'value="{choice_key(second, "Keliru 2")}" id="q' in after and "checked" in after
    assert 'data-seq-floor="4"' in after  # the new device numbers its answers after the old one's
    assert "Sisa waktu:" in after and 'data-remaining-seconds="' in after
    assert Attempt.objects.count() == 1


def test_autosave_is_idempotent_and_in_order(client, page, questions):
    attempt = start(client, page)
    question = questions[0]
    right, wrong = choice_key(question, "Benar 1"), choice_key(question, "Salah 1")
    first = autosave(client, attempt, question.translation_key, [right], seq=3)
    assert first.status_code == 200 and first.json() == {"saved": True, "seq": 3}
    replay = autosave(client, attempt, question.translation_key, [right], seq=3)
    assert replay.json() == {"saved": False, "seq": 3}
    late = autosave(client, attempt, question.translation_key, [wrong], seq=2)
    assert late.json() == {"saved": False, "seq": 3}
    assert Answer.objects.count() == 1 and Answer.objects.get().choice_keys == [right]
    newer = autosave(client, attempt, question.translation_key, [wrong], seq=7)
    assert newer.json() == {"saved": True, "seq": 7} and Answer.objects.get().choice_keys == [wrong]


@pytest.mark.parametrize(
    "payload", ["[" * 100_000 + "]" * 100_000, '{"question_key": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001]
)
def test_deeply_nested_autosave_is_refused_with_a_reason(client, page, questions, payload):
    attempt = start(client, page)

    response = client.post(save_url(attempt), payload, content_type="application/json")

    assert response.status_code == 400
    with translation.override("id"):  # the participant's language
        reason = translation.gettext("The answer could not be read: it is nested too deeply.")
    assert response.json() == {"error": reason}
    assert not Answer.objects.exists()


def test_forged_requests_are_refused_and_change_nothing(client, page, questions, course):
    attempt = start(client, page)
    first, second = questions[0], questions[1]
    autosave(client, attempt, first.translation_key, [choice_key(first, "Benar 1")], seq=1)
    stranger = make_question("Bukan bagian kuis ini")
    snapshot = list(Answer.objects.values_list("question_key", "choice_keys", "client_seq"))

    other = client_for(enrolled(course, "peserta2"))
    assert other.get(url(page, "attempt", attempt.pk)).status_code == 404
    assert autosave(other, attempt, first.translation_key, [choice_key(first, "Salah 1")], seq=9).status_code == 404
    assert other.post(url(page, "answer", attempt.pk), {"question": str(first.translation_key)}).status_code == 404
    assert other.post(url(page, "submit", attempt.pk), {"confirm": "1"}).status_code == 404

    refusals = [
        autosave(client, attempt, stranger.translation_key, [choice_key(stranger, "B")], seq=5),
        autosave(client, attempt, first.translation_key, [choice_key(second, "Benar 2")], seq=5),
        autosave(
            client,
            attempt,
            first.translation_key,
            [choice_key(first, "Salah 1"), choice_key(first, "Benar 1")],
            seq=5,
        ),
        autosave(client, attempt, first.translation_key, [choice_key(first, "Salah 1")], seq=0),
        client.post(save_url(attempt), "not json", content_type="application/json"),
        client.post(save_url(attempt), json.dumps({"question_key": 1, "seq": 5}), content_type="application/json"),
        client.post(url(page, "answer", attempt.pk), {"question": str(stranger.translation_key)}),
        client.post(
            url(page, "answer", attempt.pk),
            {"question": str(first.translation_key), "choice": choice_key(second, "Salah 2")},
        ),
    ]
    assert [response.status_code for response in refusals] == [400] * len(refusals)
    assert list(Answer.objects.values_list("question_key", "choice_keys", "client_seq")) == snapshot
    assert client.get(save_url(attempt)).status_code == 405

    assert client.post(url(page, "submit", attempt.pk), {"confirm": "1"}).status_code == 302
    submitted = Attempt.objects.get()
    again = client.post(url(page, "submit", attempt.pk), {"confirm": "1"})
    late = autosave(client, attempt, first.translation_key, [choice_key(first, "Salah 1")], seq=10)
    plain = client.post(
        url(page, "answer", attempt.pk),
        {"question": str(first.translation_key), "choice": choice_key(first, "Salah 1")},
    )
    assert (again.status_code, late.status_code, plain.status_code) == (409, 409, 409)
    assert late.json()["submitted"] is True
    assert list(Answer.objects.values_list("question_key", "choice_keys", "client_seq")) == snapshot
    assert (
        Attempt.objects.get().submitted_at == submitted.submitted_at
        and Attempt.objects.get().percent == submitted.percent
    )


def test_late_answers_are_refused_and_the_attempt_graded_at_the_deadline(client, page, questions):
    page.quiz.time_limit_minutes = 20
    page.quiz.save()
    attempt = start(client, page)
    first = questions[0]
    autosave(client, attempt, first.translation_key, [choice_key(first, "Benar 1")], seq=1)
    deadline = timezone.now() - datetime.timedelta(minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)

    late = autosave(client, attempt, questions[1].translation_key, [choice_key(questions[1], "Benar 2")], seq=2)
    assert late.status_code == 409 and late.json()["time_up"] is True and late.json()["submitted"] is False
    response = client.post(url(page, "submit", attempt.pk), {"confirm": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at == deadline and attempt.score == 1 and Answer.objects.count() == 1


def test_an_overdue_attempt_is_submitted_when_reopened(client, page, questions):
    page.quiz.time_limit_minutes = 20
    page.quiz.save()
    attempt = start(client, page)
    deadline = timezone.now() - datetime.timedelta(seconds=5)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    result = client.get(url(page, "attempt", attempt.pk)).content.decode()
    assert "Hasil Anda" in result and "0 dari 3 poin" in result
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.submitted_at == deadline


def test_several_attempts_and_the_grade_kept(client, page, questions):
    page.quiz.max_attempts, page.quiz.grading_method = 2, "highest"
    page.quiz.save()
    first = start(client, page)
    for seq, question in enumerate(questions, start=1):
        autosave(client, first, question.translation_key, [choice_key(question, f"Benar {seq}")], seq=seq)
    client.post(url(page, "submit", first.pk), {"confirm": "1"})
    second = start(client, page)
    assert second.number == 2 and second.pk != first.pk
    client.post(url(page, "submit", second.pk), {"confirm": "1"})
    intro = client.get(url(page)).content.decode()
    assert "2 dari 2 terpakai" in intro and "100%" in intro and "Lulus" in intro and "nilai tertinggi" in intro
    assert client.post(url(page, "start")).status_code == 403


def test_draft_closed_and_unopened_quizzes(client, page, participant):
    quiz = page.quiz
    quiz.draft = True
    quiz.save()
    assert client.get(url(page)).status_code == 404
    assert client.post(url(page, "start")).status_code == 404
    quiz.draft, quiz.close_at = False, timezone.now() - datetime.timedelta(days=1)
    quiz.save()
    intro = client.get(url(page)).content.decode()
    assert "Kuis ini sudah ditutup." in intro and url(page, "start") not in intro
    assert client.post(url(page, "start")).status_code == 403
    quiz.close_at, quiz.open_at = None, timezone.now() + datetime.timedelta(days=1)
    quiz.save()
    assert "belum dibuka" in client.get(url(page)).content.decode()
    assert client.post(url(page, "start")).status_code == 403
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    ("content", "timing", "shows_score", "shows_answers", "shows_key"),
    [
        ("score", "immediately", True, False, False),
        ("answers", "immediately", True, True, False),
        ("full", "immediately", True, True, True),
        ("full", "after_close", False, False, False),
    ],
)
def test_review_shows_what_the_quiz_allows_and_nothing_before(
    client, page, questions, content, timing, shows_score, shows_answers, shows_key
):
    quiz = page.quiz
    quiz.review_content, quiz.review_timing, quiz.success_text, quiz.fail_text = (
        content,
        timing,
        "Selamat, lulus!",
        "Coba lagi.",
    )
    quiz.close_at = timezone.now() + datetime.timedelta(days=3)
    quiz.save()
    attempt = start(client, page)
    responses = [client.get(url(page)), client.get(url(page, "attempt", attempt.pk))]
    for n, question in enumerate(questions, start=1):
        responses.append(
            autosave(client, attempt, question.translation_key, [choice_key(question, f"Benar {n}")], seq=n)
        )
    responses.append(client.get(url(page, "attempt", attempt.pk)))
    for response in responses:  # before submitting: no answer key, no explanation, no verdict
        body = response.content.decode()
        assert "is-correct" not in body and SECRET not in body and "Jawaban Anda benar" not in body
        assert response["Content-Type"] != "application/json" or "correct" not in response.json()
    result = client.post(url(page, "submit", attempt.pk), {"confirm": "1"}, follow=True).content.decode()
    assert ("3 dari 3 poin" in result) is shows_score and ("Selamat, lulus!" in result) is shows_score
    assert ("Jawaban Anda</h2>" in result) is shows_answers
    assert ("is-correct" in result) is shows_key and (f"{SECRET} 1" in result) is shows_key
    if not shows_score:
        assert "setelah kuis ditutup" in result and "3 dari 3" not in result and "100" not in result


def test_right_or_wrong_after_each_answer_when_the_quiz_says_so(client, page, questions):
    page.quiz.answers_at_end = False
    page.quiz.save()
    attempt = start(client, page)
    paper = client.get(url(page, "attempt", attempt.pk)).content.decode()
    assert (
        "Periksa jawaban" in paper and "data-check-mode" in paper and "is-correct" not in paper and SECRET not in paper
    )
    first, second = questions[0], questions[1]
    checked = autosave(client, attempt, first.translation_key, [choice_key(first, "Salah 1")], seq=1)
    assert checked.json() == {"saved": True, "seq": 1, "correct": False}
    assert (
        autosave(client, attempt, first.translation_key, [choice_key(first, "Salah 1")], seq=1).json()["correct"]
        is False
    )
    changed = autosave(client, attempt, first.translation_key, [choice_key(first, "Benar 1")], seq=2)
    assert changed.status_code == 409 and "sudah menjawab" in changed.json()["error"]
    response = client.post(
        url(page, "answer", attempt.pk),
        {"question": str(second.translation_key), "choice": choice_key(second, "Benar 2")},
        follow=True,
    )
    assert "Jawaban itu benar." in response.content.decode()
    assert "Tersimpan. Jawaban Anda salah." in response.content.decode()  # question 1, shown on reload
    assert Answer.objects.get(question_key=first.translation_key).choice_keys == [choice_key(first, "Salah 1")]


def test_english_paper_grades_identically(client, page, questions, locales):
    strings = {}
    for n, question in enumerate(questions, start=1):
        strings.update(
            {
                question.text: f"Question number {n}?",
                f"Salah {n}": f"Wrong {n}",
                f"Benar {n}": f"Right {n}",
                f"Keliru {n}": f"False {n}",
            }
        )
        strings[question.explanation] = f"EXPLANATION {n}"
        translate_with_strings(question, locales["en"], strings)
    english_page, _missing = translate_with_strings(
        page, locales["en"], {"Pre-test Kota HAM": "Pre-test Human Rights City"}
    )
    assert english_page.url.startswith("/en/")

    attempt = start(client, english_page)
    paper = client.get(url(english_page, "attempt", attempt.pk)).content.decode()
    assert "Question number 1?" in paper and "Right 1" in paper and "Pertanyaan nomor" not in paper
    english_right = questions[0].get_translation(locales["en"]).choices.get(text="Right 1")
    assert autosave(client, attempt, questions[0].translation_key, [english_right.translation_key], seq=1).json()[
        "saved"
    ]
    client.post(url(english_page, "submit", attempt.pk), {"confirm": "1"})
    attempt.refresh_from_db()
    assert attempt.score == 1 and attempt.percent == Decimal("33.33")
    indonesian = client.get(url(page, "attempt", attempt.pk)).content.decode()  # the same attempt in the other language
    assert "1 dari 3 poin" in indonesian and "Pertanyaan nomor 1?" in indonesian


def test_saving_and_loading_cost_the_same_queries_for_5_and_50_questions(course, participant):
    client = client_for(participant)
    counts = []
    for size in (5, 50):
        questions = [make_question(f"Soal {size}-{n}") for n in range(size)]
        page = make_quiz_page(
            course, make_quiz(questions, slug=f"kuis-{size}"), title=f"Kuis {size}", slug=f"kuis-{size}"
        )
        attempt = start(client, page)
        question = questions[size // 2]
        first, second = choice_key(question, "A"), choice_key(question, "B")
        client.get(url(page, "attempt", attempt.pk))  # warm caches shared by every page (site, locales)
        with CaptureQueriesContext(connection) as saving:
            assert autosave(client, attempt, question.translation_key, [first], seq=1).json()["saved"]
        with CaptureQueriesContext(connection) as answering:
            response = client.post(
                url(page, "answer", attempt.pk), {"question": str(question.translation_key), "choice": second}
            )
            assert response.status_code == 302
        with CaptureQueriesContext(connection) as loading:  # the paper again, answers and all
            assert client.get(url(page, "attempt", attempt.pk)).status_code == 200
        counts.append((len(loading), len(saving), len(answering)))
    assert counts[0] == counts[1], counts


def requirement(enrolment, course):
    with translation.override("en"):
        return [(result.met, str(result.detail)) for result in evaluate(enrolment, course)][0]


def test_required_quizzes_count_toward_completion(
    course, page, participant, questions, django_capture_on_commit_callbacks
):
    course.require_quizzes_passed = True
    course.save_revision().publish()
    course.refresh_from_db()
    optional = make_quiz_page(
        course, make_quiz([make_question("Opsional")], slug="opsional"), title="Latihan", slug="latihan", required=False
    )
    essay = make_question("Jelaskan peta jalan kota HAM.", kind="essay", points=3)
    post_test = make_quiz_page(
        course, make_quiz([essay], slug="post-test", kind="post_test"), title="Post-test", slug="post-test"
    )
    enrolment = Enrolment.objects.get(user=participant)
    assert requirement(enrolment, course) == (False, "0 of 2")

    client = client_for(participant)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = start(client, page)
        for n, question in enumerate(questions, start=1):
            autosave(client, attempt, question.translation_key, [choice_key(question, f"Benar {n}")], seq=n)
        client.post(url(page, "submit", attempt.pk), {"confirm": "1"})
        essay_attempt = start(client, post_test)
        autosave(client, essay_attempt, essay.translation_key, text="Peta jalan memetakan masalah.", seq=1)
        client.post(url(post_test, "submit", essay_attempt.pk), {"confirm": "1"})
    assert requirement(enrolment, course) == (False, "1 of 2")
    assert not CourseCompletion.objects.exists()  # the essay waits for marking: failed until marked
    assert optional.required is False

    with django_capture_on_commit_callbacks(execute=True):
        mark_answer(Answer.objects.get(question_key=essay.translation_key), 3, by=participant)
    assert CourseCompletion.objects.filter(user=participant, course_key=course.course_key).exists()


def test_course_page_lists_quizzes_in_the_lesson_sequence(client, course, questions, participant):
    make_lesson(course, "Modul 1: Konsep kota HAM")
    quiz_page = make_quiz_page(course, make_quiz(questions), title="Kuis modul 1", slug="kuis-modul-1")
    make_lesson(course, "Modul 2: Peta jalan")
    make_quiz_page(course, make_quiz([questions[0]], slug="draf", draft=True), title="Kuis draf", slug="kuis-draf")
    body = client.get(course.url).content.decode()
    assert body.index("Modul 1: Konsep kota HAM") < body.index("Kuis modul 1") < body.index("Modul 2: Peta jalan")
    assert f'href="{quiz_page.url}"' in body and "belum dimulai" in body and "Kuis draf" not in body
    assert "Kuis modul 1" in Client().get(course.url).content.decode()  # listed, not linked, for visitors


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_lists_quizzes_to_do_and_results_in_constant_queries(site_tree, count, django_assert_max_num_queries):
    user = UserFactory(username="peserta")
    pages = []
    for number in range(count):
        course = make_course(site_tree.courses["id"], slug=f"kursus-{number}")
        Enrolment.objects.create(user=user, course_key=course.course_key, status=EnrolmentStatus.APPROVED)
        question = make_question(f"Soal {number}")
        pages.append(
            (
                make_quiz_page(
                    course, make_quiz([question], slug=f"kuis-{number}"), title=f"Kuis {number}", slug="kuis"
                ),
                question,
            )
        )
    client = client_for(user)
    page, question = pages[0]
    attempt = start(client, page)
    autosave(client, attempt, question.translation_key, [choice_key(question, "B")], seq=1)
    client.post(url(page, "submit", attempt.pk), {"confirm": "1"})
    client.get(reverse("courses_dashboard"))
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("courses_dashboard")).content.decode()
    assert "Hasil kuis" in body and "Kuis 0</a>: 100% · lulus" in body
    assert ("Kuis yang perlu dikerjakan" in body) is (count > 1)
    # As tests/courses/test_course_pages.py: 15 for the courses, 2 for the community, 3 for quizzes,
    # 1 for the participant's certificates.
    assert len(queries) <= 15 + 2 + 3 + 1, [q["sql"][:120] for q in queries]


def test_a_checked_answer_cannot_be_changed_through_the_form_either(client, page, questions):
    page.quiz.answers_at_end = False
    page.quiz.save()
    attempt = start(client, page)
    question = questions[0]
    form = {"question": str(question.translation_key), "choice": choice_key(question, "Salah 1")}
    assert client.post(url(page, "answer", attempt.pk), form).status_code == 302
    form["choice"] = choice_key(question, "Benar 1")
    refused = client.post(url(page, "answer", attempt.pk), form)
    assert refused.status_code == 409 and "sudah menjawab" in refused.content.decode()
    assert Answer.objects.get(attempt=attempt).choice_keys == [choice_key(question, "Salah 1")]


def test_autosave_after_the_quiz_closes_is_refused_without_a_time_limit(client, page, questions):
    attempt = start(client, page)
    question = questions[0]
    assert autosave(client, attempt, question.translation_key, [choice_key(question, "Salah 1")], seq=1).json()["saved"]
    page.quiz.close_at = timezone.now() - datetime.timedelta(minutes=1)
    page.quiz.save()
    refused = autosave(client, attempt, question.translation_key, [choice_key(question, "Benar 1")], seq=2)
    assert refused.status_code == 409 and refused.json()["time_up"] is True  # the browser submits what it has
    assert Answer.objects.get(attempt=attempt).choice_keys == [choice_key(question, "Salah 1")]


def test_lesson_previous_and_next_walk_through_quizzes_in_the_sequence(client, course, questions):
    first = make_lesson(course, "Modul 1: Konsep kota HAM")
    quiz_page = make_quiz_page(course, make_quiz(questions), title="Kuis modul 1", slug="kuis-modul-1")
    second = make_lesson(course, "Modul 2: Peta jalan")
    make_quiz_page(course, make_quiz([questions[0]], slug="draf", draft=True), title="Kuis draf", slug="kuis-draf")
    third = make_lesson(course, "Modul 3: Rencana aksi")

    body = client.get(first.url).content.decode()
    assert f'<a href="{quiz_page.url}" rel="next">Kuis modul 1 →</a>' in body
    body = client.get(second.url).content.decode()
    assert f'<a href="{quiz_page.url}" rel="prev">← Kuis modul 1</a>' in body
    assert f'<a href="{third.url}" rel="next">' in body and "Kuis draf" not in body  # a draft quiz is skipped
    assert "2 dari 3" in body or "2 of 3" in body  # the count is of lessons
    completed = client.post(first.url + first.reverse_subpage("complete"))
    assert completed.status_code == 302 and completed["Location"] == quiz_page.url


def paper_of_size(course, size, bank_size):
    """A quiz page with `size` fixed questions and `size` more drawn from a bank of `bank_size`."""
    category = make_category(f"Bank {size}")
    fixed = [make_question(f"Soal {size}-{n}") for n in range(size)]
    for n in range(bank_size):
        make_question(f"Bank {size}-{n}", category=category)
    quiz = make_quiz(fixed, bank=[(category, size)], slug=f"kuis-{size}")
    return make_quiz_page(course, quiz, title=f"Kuis {size}", slug=f"kuis-{size}")


@pytest.mark.parametrize("size, bank_size", [(3, 6), (30, 120)])
def test_drawing_saving_and_loading_take_constant_queries(
    course, participant, size, bank_size, django_assert_num_queries
):
    """The same counts at both sizes: drawing the paper, saving one answer, loading the next question."""
    client = client_for(participant)
    page = paper_of_size(course, size, bank_size)
    client.get(url(page))  # warm caches shared by every page (site, locales)
    with django_assert_num_queries(START_QUERIES):
        attempt = start(client, page)
    assert len(attempt.question_keys) == 2 * size
    question = Question.objects.get(translation_key=attempt.question_keys[size // 2])
    with django_assert_num_queries(SAVE_QUERIES):
        assert autosave(client, attempt, question.translation_key, [choice_key(question, "A")], seq=1).json()["saved"]
    with django_assert_num_queries(LOAD_QUERIES):  # the paper again, at the next question, answers and all
        assert client.get(url(page, "attempt", attempt.pk)).status_code == 200

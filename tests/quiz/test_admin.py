"""The staff side of quizzes in the Wagtail admin: editing the bank, preview, marking, overrides,
exports, reports and who may see them."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.models import CourseFacilitator
from courses.quiz.choices import AttemptState
from courses.quiz.history import OVERRIDE_CHANGED, OVERRIDE_CREATED, OVERRIDE_REMOVED
from courses.quiz.models import Answer, Attempt, Choice, Question, QuizOverride
from courses.quiz.permissions import ensure_quiz_permissions
from courses.quiz.sitting import QuizError, save_answer, start_or_resume, submit
from courses.staff import FACILITATORS
from home.groups import EDITORS
from tests.factories import UserFactory, make_course, staff_user
from tests.quiz.builders import choice_key, make_question, make_quiz
from tests.quiz.test_analysis import make_quiz_page, participant, scored_attempt, take

SECRET = "PENJELASAN-RAHASIA"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def course(site_tree):
    return make_course(site_tree.courses["id"])


@pytest.fixture
def other_course(site_tree):
    return make_course(site_tree.courses["id"], title="Pelatihan Bisnis dan HAM", slug="pelatihan-bisnis-ham")


@pytest.fixture
def editor(db):
    ensure_quiz_permissions(sender=None)
    return staff_user("editor", EDITORS)


@pytest.fixture
def facilitator(course):
    user = staff_user("fasilitator", FACILITATORS)
    CourseFacilitator.objects.create(page=course, user=user)
    return user


@pytest.fixture
def other_facilitator(other_course):
    user = staff_user("fasilitator-lain", FACILITATORS)
    CourseFacilitator.objects.create(page=other_course, user=user)
    return user


@pytest.fixture
def essay_quiz(course):
    single = make_question("Siapa pemangku kewajiban HAM?", correct=1, options=("Individu", "Negara", "Perusahaan"))
    essay = make_question("Jelaskan peran OPD dalam Kota HAM.", kind="essay", points=4)
    quiz = make_quiz([single, essay], title="Kuis Kota HAM", slug="kuis-kota-ham", pass_mark=60)
    page = make_quiz_page(course, quiz, "kuis")
    return quiz, page, single, essay


def results_url(name, course, *args):
    return reverse(f"quiz_results:{name}", args=[course.pk, *args])


# The bank -------------------------------------------------------------------------------------


def question_form(kind, choices, accepted_answers=""):
    return nested_form_data(
        {
            "kind": kind,
            "points": "1",
            "category": "",
            "sub_category": "",
            "text": "Kapan DUHAM diadopsi?",
            "figure": "",
            "figure_alt": "",
            "choices": inline_formset(
                [{"text": text, "is_correct": "on" if correct else ""} for text, correct in choices]
            ),
            "answer_order": "entered",
            "multiple_scoring": "all_or_nothing",
            "accepted_answers": accepted_answers,
            "explanation": "",
        }
    )


def test_question_form_explains_a_key_that_does_not_fit_the_type(editor):
    client = client_for(editor)
    add_url = reverse("wagtailsnippets_quiz_question:add") + "?locale=id"
    response = client.post(add_url, question_form("single", [("1945", False), ("1948", False)]))
    assert response.status_code == 200
    assert "Answer choices: This question type needs exactly one correct answer." in response.content.decode()
    response = client.post(
        add_url, question_form("true_false", [("Benar", True), ("Salah", False), ("Mungkin", False)])
    )
    assert "Answer choices: A true/false question has exactly two choices." in response.content.decode()
    response = client.post(add_url, question_form("essay", [("1948", True)]))
    assert "essay questions take no choices" in response.content.decode()
    assert not Question.objects.exists()

    response = client.post(add_url, question_form("single", [("1945", False), ("1948", True)]))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.locale.language_code == "id"
    assert [(choice.text, choice.is_correct) for choice in question.choices.all()] == [("1945", False), ("1948", True)]


def test_quiz_form_refuses_the_same_question_twice(editor):
    question = make_question("Soal")
    data = nested_form_data(
        {
            "title": "Kuis",
            "slug": "kuis",
            "kind": "quiz",
            "category": "",
            "description": "",
            "fixed_questions": inline_formset([{"question": question.pk}, {"question": question.pk}]),
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
        }
    )
    response = client_for(editor).post(reverse("wagtailsnippets_quiz_quiz:add") + "?locale=id", data)
    assert response.status_code == 200
    assert "is in the quiz twice" in response.content.decode()


def test_editor_manages_the_bank_in_the_quizzes_menu(editor, essay_quiz):
    quiz = essay_quiz[0]
    client = client_for(editor)
    for model in ("quiz", "question", "questioncategory"):
        assert client.get(reverse(f"wagtailsnippets_quiz_{model}:list")).status_code == 200
    listing = client.get(reverse("wagtailsnippets_quiz_quiz:list")).content.decode()
    preview_url = reverse("wagtailsnippets_quiz_quiz:participant_preview", args=[quiz.pk])
    assert preview_url in listing
    translate_url = reverse("wagtail_localize:submit_snippet_translation", args=["quiz", "quiz", quiz.pk])
    assert translate_url in listing  # wagtail-localize's "Translate"
    assert preview_url in client.get(reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk])).content.decode()
    assert (
        reverse("wagtailsnippets_quiz_question:import")
        in client.get(reverse("wagtailsnippets_quiz_question:list")).content.decode()
    )


def test_preview_shows_the_paper_without_any_answer_key(editor):
    questions = [
        make_question("Siapa pemangku kewajiban HAM?", correct=1, options=("Individu", "Negara"), explanation=SECRET),
        make_question(
            "Pilih prinsip HAM.", kind="multiple", correct=(0, 2), options=("Universal", "Opsional", "Setara")
        ),
        make_question("Singkatan Komnas HAM?", kind="short", accepted_answers="Komisi Nasional HAM"),
        make_question("Jelaskan peran OPD.", kind="essay"),
    ]
    quiz = make_quiz(questions)
    response = client_for(editor).get(reverse("wagtailsnippets_quiz_quiz:participant_preview", args=[quiz.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(question.text) for question in questions]
    assert positions == sorted(positions)
    for text in ("Individu", "Negara", "Universal", "Opsional", "Setara"):
        assert text in html
    assert SECRET not in html and "Komisi Nasional HAM" not in html
    # Right and wrong choices are drawn alike: only their text differs.
    items = re.findall(r"<li>\s*<label>(.*?)</label>\s*</li>", html, re.DOTALL)
    assert len(items) == 5
    shapes = {re.sub(r">\s*[^<]+?\s*$", ">", item.strip()) for item in items}
    assert len(shapes) == 2  # one radio shape, one checkbox shape
    assert "checked" not in html and "is_correct" not in html
    assert 'type="text" disabled' in html and "<textarea" in html


def test_preview_is_for_editors_and_the_quiz_courses_staff(essay_quiz, facilitator, other_facilitator):
    quiz = essay_quiz[0]
    url = reverse("wagtailsnippets_quiz_quiz:participant_preview", args=[quiz.pk])
    assert client_for(facilitator).get(url).status_code == 200
    assert client_for(other_facilitator).get(url).status_code == 403


# Marking --------------------------------------------------------------------------------------


def test_marking_an_essay_recomputes_the_score(course, essay_quiz, facilitator):
    quiz, _page, single, essay = essay_quiz
    user = participant(course, "peserta")
    attempt = start_or_resume(user, quiz, course_key=course.course_key)
    save_answer(attempt, single.translation_key, [choice_key(single, "Negara")])
    save_answer(attempt, essay.translation_key, text="OPD menyusun rencana aksi HAM daerah.")
    submit(attempt, quiz)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.percent, attempt.needs_marking, attempt.passed) == (1, 20, True, None)

    client = client_for(facilitator)
    listing = client.get(results_url("attempts", course) + "?state=needs_marking").content.decode()
    assert "Peserta peserta" in listing and results_url("attempt", course, attempt.pk) in listing

    url = results_url("attempt", course, attempt.pk)
    page = client.get(url).content.decode()
    assert "OPD menyusun rencana aksi HAM daerah." in page and "Needs marking" in page
    response = client.post(url, {"question": str(essay.translation_key), "q2-points": "5", "q2-feedback": ""})
    assert response.status_code == 400  # more than the question's 4 points
    attempt.refresh_from_db()
    assert attempt.needs_marking

    response = client.post(
        url, {"question": str(essay.translation_key), "q2-points": "3", "q2-feedback": "Sebutkan juga anggarannya."}
    )
    assert response.status_code == 302 and response["Location"].endswith("#question-2")
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent) == (Decimal(4), Decimal(5), Decimal(80))
    assert attempt.needs_marking is False and attempt.passed is True
    answer = Answer.objects.get(attempt=attempt, question_key=essay.translation_key)
    assert answer.points == 3 and answer.marked_by == facilitator and answer.feedback == "Sebutkan juga anggarannya."
    assert "scores 4" in client.get(url).content.decode()


def test_any_answer_can_be_regraded_but_not_in_an_attempt_in_progress(course, essay_quiz, editor):
    quiz, _page, single, _essay = essay_quiz
    user = participant(course, "peserta")
    attempt = start_or_resume(user, quiz, course_key=course.course_key)
    save_answer(attempt, single.translation_key, [choice_key(single, "Individu")])
    url = results_url("attempt", course, attempt.pk)
    client = client_for(editor)
    client.post(url, {"question": str(single.translation_key), "q1-points": "1", "q1-feedback": ""})
    assert Answer.objects.get(attempt=attempt).points == 0  # in progress: refused
    submit(attempt, quiz)
    client.post(url, {"question": str(single.translation_key), "q1-points": "1", "q1-feedback": "Bisa diterima."})
    attempt.refresh_from_db()
    assert attempt.score == 1 and Answer.objects.get(attempt=attempt).is_correct is True


def test_marking_list_shows_only_the_latest_attempt_unless_the_quiz_is_an_exam_paper(course, editor):
    quiz = make_quiz([make_question("Soal")], max_attempts=0, exam_paper=False, title="Latihan", slug="latihan")
    make_quiz_page(course, quiz, "latihan")
    user = participant(course, "ulang")
    for number in (1, 2):
        scored_attempt(user, quiz, course, 40 * number, number=number)
    listing = client_for(editor).get(results_url("attempts", course)).content.decode()
    assert results_url("attempt", course, Attempt.objects.get(number=2).pk) in listing
    assert results_url("attempt", course, Attempt.objects.get(number=1).pk) not in listing


# Overrides ------------------------------------------------------------------------------------


def test_override_gives_one_participant_more_attempts_time_and_a_later_close(course, facilitator):
    closed = timezone.now() - datetime.timedelta(days=1)
    quiz = make_quiz([make_question("Soal")], max_attempts=1, time_limit_minutes=30, close_at=closed)
    page = make_quiz_page(course, quiz, "kuis")
    user = participant(course, "terlambat")
    with pytest.raises(QuizError):
        start_or_resume(user, quiz, course_key=course.course_key)

    client = client_for(facilitator)
    url = results_url("overrides", course, page.pk)
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(url, {"user": "", "extra_minutes": "0", "extra_attempts": "0", "close_at": ""})
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "user": user.pk,
            "extra_minutes": "15",
            "extra_attempts": "1",
            "close_at": later.strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    override = QuizOverride.objects.get()
    assert (override.quiz_key, override.user, override.extra_attempts) == (quiz.quiz_key, user, 1)
    assert "Peserta terlambat" in client.get(url).content.decode()

    now = timezone.now()
    first = start_or_resume(user, quiz, course_key=course.course_key, now=now)
    assert first.deadline == now + datetime.timedelta(minutes=45)
    submit(first, quiz, now=now)
    second = start_or_resume(user, quiz, course_key=course.course_key, now=now)
    assert second.number == 2
    submit(second, quiz, now=now)
    with pytest.raises(QuizError):
        start_or_resume(user, quiz, course_key=course.course_key, now=now)
    with pytest.raises(QuizError):  # the others still find the quiz closed
        start_or_resume(participant(course, "lain"), quiz, course_key=course.course_key)

    response = client.post(results_url("override_delete", course, page.pk, override.pk))
    assert response.status_code == 302 and not QuizOverride.objects.exists()


def test_adding_changing_and_removing_an_override_is_in_wagtails_history(course, facilitator):
    quiz = make_quiz([make_question("Soal")], max_attempts=1)
    page = make_quiz_page(course, quiz, "kuis")
    user = participant(course, "terlambat")
    client = client_for(facilitator)
    response = client.post(
        results_url("overrides", course, page.pk), {"user": user.pk, "extra_minutes": "0", "extra_attempts": "1"}
    )
    assert response.status_code == 302
    override = QuizOverride.objects.get()
    response = client.post(
        results_url("override", course, page.pk, override.pk), {"extra_minutes": "10", "extra_attempts": "2"}
    )
    assert response.status_code == 302
    override.refresh_from_db()
    assert (override.extra_minutes, override.extra_attempts) == (10, 2)
    assert client.post(results_url("override_delete", course, page.pk, override.pk)).status_code == 302

    entries = list(ModelLogEntry.objects.filter(object_id=str(override.pk)).order_by("timestamp", "pk"))
    assert [entry.action for entry in entries] == [OVERRIDE_CREATED, OVERRIDE_CHANGED, OVERRIDE_REMOVED]
    assert {entry.user for entry in entries} == {facilitator}
    assert all("Peserta terlambat" in entry.label and quiz.title in entry.label for entry in entries)
    assert [entry.data["extra_attempts"] for entry in entries] == [1, 2, 2]
    assert entries[-1].deleted
    with translation.override("en"):
        assert [entry.message for entry in entries] == [
            "Quiz override added",
            "Quiz override changed",
            "Quiz override removed",
        ]


def test_overrides_are_only_for_the_course_participants(course, other_course, facilitator):
    quiz = make_quiz([make_question("Soal")])
    page = make_quiz_page(course, quiz, "kuis")
    outsider = participant(other_course, "luar")
    response = client_for(facilitator).post(
        results_url("overrides", course, page.pk), {"user": outsider.pk, "extra_minutes": "10", "extra_attempts": "0"}
    )
    assert response.status_code == 400 and not QuizOverride.objects.exists()


# Exports --------------------------------------------------------------------------------------


def test_export_lists_attempts_with_points_per_question(course, essay_quiz, facilitator):
    quiz, page, single, essay = essay_quiz
    sneaky = participant(course, "licik", full_name='=HYPERLINK("http://jahat.example")', organisation="@SUM(A1)")
    take(sneaky, quiz, course, {single: "Negara"})
    writer = participant(course, "penulis", participant_type="activist", full_name="Dewi Anggraini")
    attempt = start_or_resume(writer, quiz, course_key=course.course_key)
    save_answer(attempt, essay.translation_key, text="Jawaban esai.")
    submit(attempt, quiz)

    client = client_for(facilitator)
    response = client.get(results_url("export", course, page.pk, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:12] == [
        "Full name",
        "E-mail",
        "Participant type",
        "Organisation",
        "Attempt",
        "State",
        "Started",
        "Submitted",
        "Score",
        "Maximum score",
        "Percent",
        "Passed",
    ]
    assert header[12].startswith("1. Siapa pemangku") and header[13].startswith("2. Jelaskan peran OPD")
    by_email = {row[1]: row for row in rows[1:]}
    dewi = by_email["penulis@example.org"]
    assert dewi[0] == "Dewi Anggraini" and dewi[2] == "Civil-society activist" and dewi[4] == "1"
    assert dewi[8:12] == ["0", "5", "0", ""] and dewi[12:] == ["0", ""]  # the essay waits for a marker
    sneaky_row = by_email["licik@example.org"]
    assert sneaky_row[0].startswith("'=") and sneaky_row[3] == "'@SUM(A1)"
    assert sneaky_row[8:12] == ["1", "5", "20", "no"] and sneaky_row[12:] == ["1", "0"]

    response = client.get(results_url("export", course, page.pk, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][12].startswith("1. Siapa pemangku")
    sneaky_cells = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "licik@example.org")
    assert sneaky_cells[0].data_type == "s" and sneaky_cells[0].value.startswith("=HYPERLINK")
    assert [cell.value for cell in sneaky_cells[8:]] == [1, 5, 20, "no", 1, 0]
    assert client.get(results_url("export", course, page.pk, "pdf")).status_code == 404


# Reports --------------------------------------------------------------------------------------


def test_learning_gain_page_draws_both_distributions(course, facilitator):
    pre = make_quiz([make_question("Pra")], slug="pre", kind="pre_test", title="Pre-test")
    post = make_quiz([make_question("Pasca")], slug="post", kind="post_test", title="Post-test")
    make_quiz_page(course, pre, "pre-test")
    make_quiz_page(course, post, "post-test")
    user = participant(course, "a1")
    scored_attempt(user, pre, course, 40)
    scored_attempt(user, post, course, 70)
    response = client_for(facilitator).get(results_url("learning_gain", course))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg id="chart-gain-') == 2  # everyone, and civil servants
    assert 'aria-label="40–49, Pre-test: 1"' in html and 'aria-label="70–79, Post-test: 1"' in html
    assert "0.50" in html  # (70 - 40) / (100 - 40)
    means = html[html.index('<svg id="chart-means"') :]
    assert "(n = 1), " in means and ': 40.0%"' in means and ': 70.0%"' in means  # the table's means
    assert "Peserta a1" in html  # every participant is listed with their own scores
    assert '<p class="help-block" id="gain-measure">' in html  # the measure is explained


def test_learning_gain_export_has_the_pages_numbers(course, facilitator):
    pre = make_quiz([make_question("Pra")], slug="pre", kind="pre_test", title="Pre-test")
    post = make_quiz([make_question("Pasca")], slug="post", kind="post_test", title="Post-test")
    make_quiz_page(course, pre, "pre-test")
    make_quiz_page(course, post, "post-test")
    for username, (before, after) in {"x1": (60, 70), "x2": (90, 70), "x3": (50, 70), "x4": (100, 90)}.items():
        user = participant(course, username, "activist")
        scored_attempt(user, pre, course, before)
        scored_attempt(user, post, course, after)
    scored_attempt(participant(course, "x5", "activist"), pre, course, 30)
    client = client_for(facilitator)
    groups = client.get(results_url("learning_gain_export", course, "groups", "csv"))
    people = client.get(results_url("learning_gain_export", course, "participants", "xlsx"))
    rows = list(csv.reader(io.StringIO(groups.content.decode("utf-8-sig"))))
    # Everyone, then the activists: n 4, mean pre (60 + 90 + 50 + 100) / 4 = 75.0, mean post 75.0, gain 0;
    # x5 took the pre-test only.
    assert [row[1:] for row in rows[1:]] == [["4", "75", "75", "0", "1", "0"]] * 2
    sheet = load_workbook(io.BytesIO(people.content)).active
    cells = {row[0]: row[4:7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells == {
        "Peserta x1": (60, 70, 0.25),
        "Peserta x2": (90, 70, -2),
        "Peserta x3": (50, 70, 0.4),
        "Peserta x4": (100, 90, None),
        "Peserta x5": (30, None, None),
    }
    assert client.get(results_url("learning_gain_export", course, "other", "csv")).status_code == 404


def build_cohort(course, quiz, questions, size, offset=0):
    """`size` participants with a submitted attempt each, made directly (fast) with varied answers."""
    keys = [str(question.translation_key) for question in questions]
    orders = {
        str(question.translation_key): [str(choice.translation_key) for choice in question.choices.all()]
        for question in questions
    }
    for number in range(size):
        user = participant(course, f"kohort{offset + number}")
        correct = [(number + index) % 3 != 0 for index in range(len(questions))]
        attempt = Attempt.objects.create(
            user=user,
            quiz_key=quiz.quiz_key,
            course_key=course.course_key,
            number=1,
            state=AttemptState.SUBMITTED,
            question_keys=keys,
            choice_orders=orders,
            score=sum(correct),
            max_score=len(questions),
            percent=Decimal(100 * sum(correct) / len(questions)).quantize(Decimal("0.01")),
            passed=True,
            submitted_at=timezone.now(),
        )
        Answer.objects.bulk_create(
            Answer(
                attempt=attempt,
                question_key=key,
                choice_keys=[orders[key][1] if right else orders[key][0]],
                points=1 if right else 0,
                is_correct=right,
            )
            for key, right in zip(keys, correct, strict=True)
        )


def test_item_analysis_page_costs_the_same_queries_for_10_or_40_participants(course, editor):
    questions = [make_question(f"Soal {n}", correct=1) for n in range(5)]
    quiz = make_quiz(questions)
    page = make_quiz_page(course, quiz, "kuis")
    client = client_for(editor)
    url = results_url("analysis", course, page.pk)
    counts = []
    for size, offset in ((10, 0), (30, 10)):
        build_cohort(course, quiz, questions, size, offset)
        client.get(url)  # warm the session and the site caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert Attempt.objects.count() == 40
    assert counts[0] == counts[1], counts
    assert "Soal 4" in response.content.decode()


# Who may see what -----------------------------------------------------------------------------


def test_course_staff_reach_their_courses_results_and_nobody_else(
    course, essay_quiz, facilitator, other_facilitator, editor
):
    _quiz, page, _single, _essay = essay_quiz
    attempt = scored_attempt(participant(course, "peserta"), essay_quiz[0], course, 50)
    override = QuizOverride.objects.create(quiz_key=essay_quiz[0].quiz_key, user=attempt.user, extra_minutes=5)
    urls = [
        results_url("attempts", course),
        results_url("attempt", course, attempt.pk),
        results_url("learning_gain", course),
        results_url("learning_gain_export", course, "participants", "csv"),
        results_url("analysis", course, page.pk),
        results_url("overrides", course, page.pk),
        results_url("override", course, page.pk, override.pk),
        results_url("export", course, page.pk, "csv"),
    ]
    for user in (facilitator, editor):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)
        assert course.title in client.get(reverse("quiz_results:index")).content.decode()
    stranger = client_for(other_facilitator)
    for url in urls:
        assert stranger.get(url).status_code == 403, url
    assert stranger.post(results_url("override_delete", course, page.pk, override.pk)).status_code == 403
    assert QuizOverride.objects.exists()
    assert course.title not in stranger.get(reverse("quiz_results:index")).content.decode()
    participant_client = client_for(attempt.user)
    assert participant_client.get(urls[0]).status_code == 302  # not an admin user: to the login
    # A facilitator manages results, not the bank.
    client = client_for(facilitator)
    assert client.get(reverse("wagtailsnippets_quiz_question:import")).status_code == 403
    assert client.get(reverse("wagtailsnippets_quiz_question:list")).status_code in {302, 403}


def test_a_quiz_page_of_another_course_is_not_found_through_this_one(course, other_course, editor):
    quiz = make_quiz([make_question("Soal")])
    elsewhere = make_quiz_page(other_course, quiz, "kuis")
    assert client_for(editor).get(results_url("analysis", course, elsewhere.pk)).status_code == 404


def test_editor_group_gets_the_bank_permissions(db):
    ensure_quiz_permissions(sender=None)
    ensure_quiz_permissions(sender=None)  # idempotent
    editor = UserFactory(username="redaktur")
    editor.groups.add(Group.objects.get(name=EDITORS))
    for codename in ("add_quiz", "change_question", "delete_questioncategory", "view_quiz"):
        assert editor.has_perm(f"quiz.{codename}")
    assert not editor.has_perm("quiz.change_quizoverride")


def test_choices_are_kept_in_order_for_the_marker(course, editor):
    question = make_question("Urutan", correct=2, options=("Satu", "Dua", "Tiga"), answer_order="content")
    quiz = make_quiz([question])
    make_quiz_page(course, quiz, "kuis")
    take(participant(course, "urut"), quiz, course, {question: "Tiga"})
    attempt = Attempt.objects.get()
    html = client_for(editor).get(results_url("attempt", course, attempt.pk)).content.decode()
    cells = re.findall(r"<td>(Satu|Dua|Tiga)</td>", html)
    assert cells == ["Dua", "Satu", "Tiga"]  # alphabetical, as the participant saw them
    assert Choice.objects.count() == 3


@pytest.mark.parametrize(
    "list_url, orderings, filters",
    [
        (
            "wagtailsnippets_quiz_quiz:list",
            ["title", "-title", "kind", "pass_mark", "draft", "-pk", "zzz"],
            {"draft": "true"},
        ),
        (
            "wagtailsnippets_quiz_question:list",
            ["text", "-text", "category", "points", "-pk", "zzz"],
            {"kind": "single"},
        ),
    ],
)
def test_a_search_sorted_by_any_column_or_filtered_answers(client, db, list_url, orderings, filters):
    """Searching while a column sorts the list (or an unknown one does) needs those fields in the index."""
    quiz = make_quiz([make_question("Apa itu HAM?")], title="Pre-test HAM")
    client.force_login(UserFactory(username="super", is_superuser=True, is_staff=True))
    for ordering in orderings:
        response = client.get(reverse(list_url), {"q": "HAM", "ordering": ordering})
        assert response.status_code == 200, ordering
    assert client.get(reverse(list_url), {"q": "HAM", **filters}).status_code == 200
    response = client.get(reverse("wagtailsnippets_quiz_quiz:list"), {"q": "Pre-test", "ordering": "title"})
    assert list(response.context["object_list"]) == [quiz]

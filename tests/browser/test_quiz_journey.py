"""A participant takes the pre-test in a real browser: answers, reloads mid-way and finds their
answers, loses the connection and sees an answer wait, gets it back and sees it saved, submits and
reads the review the quiz allows. axe-core checks the quiz pages."""

import pytest
from playwright.sync_api import expect

from django.test import Client

from courses.choices import EnrolmentStatus
from courses.models import Enrolment
from courses.quiz.models import Answer, Attempt, QuizPage
from home.site_tree import ensure_site_tree, publish
from tests.browser.test_reader_journey import assert_accessible
from tests.factories import UserFactory, make_course
from tests.quiz.builders import make_question, make_quiz


def build_pre_test():
    tree = ensure_site_tree(hostname="localhost")
    course = make_course(tree.courses["id"])
    questions = [
        make_question(
            "Siapa pengemban kewajiban utama HAM?",
            correct=1,
            options=("Perusahaan", "Negara", "Individu"),
            explanation="Negara adalah pengemban kewajiban (duty bearer).",
        ),
        make_question(
            "Prinsip kabupaten/kota HAM (pilih semua yang benar)",
            kind="multiple",
            correct=(0, 2),
            options=("Partisipasi", "Sentralisasi", "Non-diskriminasi"),
        ),
        make_question(
            "Kota pertama yang dideklarasikan kota HAM di Indonesia?", kind="short", accepted_answers="Wonosobo"
        ),
        make_question("Semarang menjadi kota HAM pada 2021.", kind="true_false", correct=0, options=("Benar", "Salah")),
    ]
    quiz = make_quiz(questions, kind="pre_test", review_content="full", pass_mark=50)
    page = QuizPage(title="Pre-test Kota HAM", slug="pre-test", quiz=quiz)
    course.add_child(instance=page)
    publish(page)
    user = UserFactory(username="dewi")
    Enrolment.objects.create(user=user, course_key=course.course_key, status=EnrolmentStatus.APPROVED)
    return page, user


def log_in(browser_page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    browser_page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def question(page, number):
    return page.locator(f"#question-{number}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_participant_takes_the_pre_test_through_a_bad_connection(browser_page, live_server):
    quiz_page, user = build_pre_test()
    page = browser_page
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}{quiz_page.url}")
    expect(page.locator("h1")).to_have_text("Pre-test Kota HAM")
    assert_accessible(page)
    page.locator("form[action$='/start/'] button").click()
    expect(page.locator(".quiz-question")).to_have_count(4)
    expect(page.locator("[data-save-button]").first).to_be_hidden()  # JavaScript saves as you answer
    assert_accessible(page)

    question(page, 1).get_by_label("Negara").check()
    expect(question(page, 1).locator("[data-save-state]")).to_have_text("Tersimpan")
    question(page, 2).get_by_label("Partisipasi").check()
    question(page, 2).get_by_label("Non-diskriminasi").check()
    expect(question(page, 2).locator("[data-save-state]")).to_have_text("Tersimpan")
    assert Answer.objects.count() == 2

    page.reload()  # mid-way: the answers are where they were
    expect(question(page, 1).get_by_label("Negara")).to_be_checked()
    expect(question(page, 2).get_by_label("Partisipasi")).to_be_checked()
    expect(question(page, 2).get_by_label("Non-diskriminasi")).to_be_checked()
    expect(question(page, 2).get_by_label("Sentralisasi")).not_to_be_checked()

    page.context.set_offline(True)
    question(page, 4).get_by_label("Benar").check()
    state = question(page, 4).locator("[data-save-state]")
    expect(state).to_have_text("Menunggu dikirim")
    assert Answer.objects.count() == 2
    page.context.set_offline(False)
    expect(state).to_have_text("Tersimpan")
    assert Answer.objects.count() == 3

    # The server cannot be reached and the page is reloaded: the answer kept on the device is put
    # back into the form and sent.
    page.route("**/answers/", lambda route: route.abort())
    answer = question(page, 3).get_by_label("Jawaban Anda")
    answer.fill("wonosobo ")
    answer.blur()
    expect(question(page, 3).locator("[data-save-state]")).to_have_text("Menunggu dikirim")
    page.unroute("**/answers/")
    page.reload()
    expect(question(page, 3).get_by_label("Jawaban Anda")).to_have_value("wonosobo ")
    expect(question(page, 3).locator("[data-save-state]")).to_have_text("Tersimpan")
    assert Answer.objects.count() == 4

    # Submitting while an answer cannot be sent says so next to the button, where the participant looks.
    page.route("**/answers/", lambda route: route.abort())
    answer.fill("Wonosobo")
    answer.blur()
    expect(question(page, 3).locator("[data-save-state]")).to_have_text("Menunggu dikirim")
    page.get_by_label("Saya sudah selesai dan ingin mengirim jawaban saya.").check()
    page.locator("form[data-quiz-submit] button[type=submit]").click()
    notice = page.locator("form[data-quiz-submit] [data-submit-alert]")
    expect(notice).to_be_visible()
    expect(notice).not_to_be_empty()
    expect(page.locator("[data-quiz-alert]")).to_be_hidden()
    assert not Attempt.objects.get().is_submitted
    page.unroute("**/answers/")

    page.locator("form[data-quiz-submit] button[type=submit]").click()
    expect(page.locator(".quiz-result .score")).to_have_text("4 dari 4 poin (100%)")
    expect(page.locator(".explanation").first).to_contain_text("pengemban kewajiban")
    expect(page.locator(".quiz-review li.is-correct").first).to_contain_text("Negara")
    assert_accessible(page)
    attempt = Attempt.objects.get()
    assert attempt.is_submitted and attempt.percent == 100
    assert page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('quiz.')).length") == 0

"""A new participant in a real browser: sign up, verify the e-mail, complete the profile, enrol,
open a lesson, mark it complete and see the progress bar move. axe-core checks each form."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Enrolment, LessonCompletion
from home.site_tree import ensure_site_tree
from tests.browser.test_reader_journey import assert_accessible
from tests.factories import make_course, make_lesson, still_enrolling

PASSWORD = "Kota-HAM-Semarang-2021"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_participant_signs_up_enrols_and_progresses(browser_page, live_server, mailoutbox):
    tree = ensure_site_tree(hostname="localhost")
    course = make_course(tree.courses["id"], sessions=[{}, {}], end_date=still_enrolling())
    make_lesson(course, "Modul 1: Konsep kota HAM")
    page = browser_page

    page.goto(f"{live_server.url}/id/accounts/signup/")
    assert_accessible(page)
    page.fill("input[name=email]", "dewi@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mailoutbox[0].body).group(0)

    page.goto(link)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text(re.compile("Kursus saya|My courses"))

    page.goto(f"{live_server.url}{course.url}")
    page.locator("form[action$='/enrol/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/my-courses/profile/"))
    assert_accessible(page)
    page.fill("input[name=full_name]", "Dewi Anggraini, S.H.")
    page.check("input[name=participant_type][value=asn]")
    page.fill("input[name=organisation]", "Bagian Hukum Setda Kota Semarang")
    page.fill("input[name=regency_city]", "Kota Semarang")
    page.check("input[name=privacy_consent]")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))
    page.locator("form[action$='/enrol/'] button[type=submit]").click()
    expect(page.locator(".enrolment-box")).to_contain_text(re.compile("terdaftar|enrolled", re.IGNORECASE))
    assert Enrolment.objects.get().status == "approved"
    assert_accessible(page)

    page.goto(f"{live_server.url}/id/my-courses/")
    expect(page.locator("progress")).to_have_attribute("value", "0")
    assert_accessible(page)
    page.get_by_role("link", name="Modul 1: Konsep kota HAM").click()
    expect(page.locator("h1")).to_have_text("Modul 1: Konsep kota HAM")
    page.locator("form[action$='/complete/'] button[type=submit]").click()
    assert LessonCompletion.objects.count() == 1
    page.goto(f"{live_server.url}/id/my-courses/")
    expect(page.locator("progress")).to_have_attribute("value", "33")  # 1 of 1 lesson + 0 of 2 sessions

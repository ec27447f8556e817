"""A participant finishes a short course in a real browser, finds the certificate on the dashboard and
downloads its PDF; a visitor with no account verifies it by typing the code on /v/ and reads "valid"."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from courses.certificates.models import Certificate, CourseCertificateSettings
from courses.choices import EnrolmentStatus
from courses.models import Enrolment
from home.site_tree import ensure_site_tree
from tests.browser.test_quiz_journey import log_in
from tests.browser.test_reader_journey import assert_accessible
from tests.factories import make_course, make_lesson, make_participant


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_participant_gets_the_certificate_and_a_visitor_verifies_it(browser_page, live_server, mailoutbox):
    tree = ensure_site_tree(hostname="localhost")
    # One lesson and no sessions: completing the lesson completes the course.
    course = make_course(tree.courses["id"], require_all_lessons=True, learning_hours=8)
    CourseCertificateSettings.objects.create(course_key=course.course_key, issue_certificates=True, code="SMG")
    make_lesson(course, "Modul 1: Konsep kota HAM")
    user = make_participant("dewi", full_name="Dewi Anggraini")
    Enrolment.objects.create(user=user, course_key=course.course_key, status=EnrolmentStatus.APPROVED)
    page = browser_page
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}{course.url}")
    page.get_by_role("link", name="Modul 1: Konsep kota HAM").first.click()
    page.locator("form[action$='/complete/'] button[type=submit]").click()
    page.wait_for_load_state()
    certificate = Certificate.objects.get(holder=user)  # issued on completion (the immediate task backend)
    assert len(mailoutbox) == 1 and certificate.verification_url in mailoutbox[0].body

    page.goto(f"{live_server.url}/id/my-courses/")
    section = page.locator(".dashboard-certificates")
    expect(section).to_contain_text(certificate.number)
    assert_accessible(page)
    with page.expect_download() as download_info:
        section.locator(f"a[href='/certificates/{certificate.pk}/pdf/']").click()
    content = open(download_info.value.path(), "rb").read()
    assert content.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Dewi Anggraini" in text and certificate.number in text

    visitor = page.context.browser.new_context(locale="en-GB")
    try:
        other = visitor.new_page()
        other.goto(f"{live_server.url}/v/")
        assert_accessible(other)
        other.fill("#verify-code", certificate.verification_code)
        other.locator("form[aria-labelledby=by-code] button[type=submit]").click()
        expect(other).to_have_url(re.compile(re.escape(certificate.verification_path) + "$"))
        expect(other.locator(".verify-status")).to_contain_text(re.compile("Valid|Sah|Berlaku", re.IGNORECASE))
        expect(other.locator("main")).to_contain_text("Dewi Anggraini")
        assert_accessible(other)
    finally:
        visitor.close()

"""The Content-Security-Policy in a real browser: nothing on the public pages or in the admin's
page editor is refused by it, the editor still works (its StreamField renders), and its preview
panel shows the page (previews may be framed by the admin; public pages may not)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_reader_journey import TITLE_ID, seed_article
from tests.factories import UserFactory


def collect_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_and_the_page_editor_run_under_the_policy(browser_page, live_server):
    article = seed_article()
    UserFactory(username="csp-editor", is_superuser=True, is_staff=True, password="csp-editor-pass-123")
    page = browser_page
    violations = collect_violations(page)

    page.goto(f"{live_server.url}/id/")
    page.goto(f"{live_server.url}{article.url}")
    expect(page.locator("h1")).to_have_text(TITLE_ID)
    assert violations == [], violations

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "csp-editor")
    page.fill("input[name=password]", "csp-editor-pass-123")
    page.get_by_role("button", name="Sign in").or_(page.get_by_role("button", name="Masuk")).click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    expect(page.locator("[data-streamfield-stream-container], .w-panel").first).to_be_visible()
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(TITLE_ID)
    page.goto(f"{live_server.url}{article.url}")  # with the editor's userbar
    expect(page.locator("wagtail-userbar, .w-userbar, #wagtail-userbar-template").first).to_be_attached()
    assert violations == [], violations

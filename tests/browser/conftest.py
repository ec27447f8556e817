"""Headless Debian chromium for the end-to-end tests; skipped with its reason when it is missing."""

import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(monkeypatch):
    """A desktop-sized page in a fresh chromium, closed again after the test.

    Playwright's sync API keeps an asyncio loop in this thread, and Django refuses database
    access from a thread with a running loop; the test code itself stays synchronous. The
    variable is set only while the browser runs: set for the whole session it would leak into
    the subprocesses other tests start (`check --deploy` flags it).
    """
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()

"""A reader's journey in a real browser: home page, the seed article, English and back.

Every page visited is checked with axe-core; the article is also photographed and checked for
horizontal scrolling at phone width.
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from django.core.management import call_command

from wagtail.models import Locale

from home.localize import translate_with_strings
from home.site_tree import ensure_site_tree
from news.models import NewsArticlePage

SEED_FILE = Path(__file__).resolve().parent.parent / "news" / "data" / "kabar-latuharhary-semarang-kota-ham-2021.txt"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE_ID = "Komnas HAM Dukung Semarang Menuju Kota HAM"
TITLE_EN = "Komnas HAM Supports Semarang on Its Way to Becoming a Human Rights City"
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def seed_article():
    ensure_site_tree(hostname="localhost")
    call_command("import_news", str(SEED_FILE), title=TITLE_ID, date="2021-09-01")
    page = NewsArticlePage.objects.get(title=TITLE_ID, locale__language_code="id")
    translate_with_strings(page, Locale.objects.get(language_code="en"), {page.title: TITLE_EN})
    return page


def assert_accessible(page):
    violations = [
        violation for violation in Axe().run(page).response["violations"] if violation["impact"] in BLOCKING_IMPACTS
    ]
    report = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}\n"
        + "\n".join(f"    {', '.join(node['target'])}: {node['html']}" for node in violation["nodes"])
        for violation in violations
    )
    assert not violations, f"axe-core found serious or critical violations on {page.url}:\n{report}"


def language_link(page, code):
    link = page.locator(f'.language-switcher a[hreflang="{code}"]')
    expect(link).to_have_count(1)
    return link


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_reads_the_seed_article_in_both_languages(browser_page, live_server):
    seed_article()
    page = browser_page

    page.goto(f"{live_server.url}/id/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_accessible(page)

    page.locator("section[aria-labelledby=latest-news]").get_by_role("link", name=TITLE_ID).click()
    expect(page.locator("h1")).to_have_text(TITLE_ID)
    assert re.search(r"/id/[^/]+/[^/]+/$", page.url), page.url
    assert_accessible(page)

    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the article scrolls sideways"
    assert_accessible(page)
    page.screenshot(path=ARTIFACTS / "article-360x800.png")
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=ARTIFACTS / "article-1280x800.png")

    language_link(page, "en").click()
    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url) + "/en/"))
    expect(page.locator("h1")).to_have_text(TITLE_EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    language_link(page, "id").click()
    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url) + "/id/"))
    expect(page.locator("h1")).to_have_text(TITLE_ID)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_accessible(page)

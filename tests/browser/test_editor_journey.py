"""An editor's day in a real browser: translating an article with wagtail-localize ("Translate this
page"), which stays a draft nobody reads until the editor publishes it; and an article restricted to
logged-in readers, which no listing shows an anonymous visitor.

The page editor's preview panel is opened in test_content_security_policy.py; here the editor
previews the English draft, which no reader can open yet.
"""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from wagtail.models import Locale, PageViewRestriction
from wagtail.users.models import UserProfile

from home.groups import EDITORS
from home.site_tree import ensure_site_tree, publish
from tests.browser.test_community_journey import log_in as reader_logs_in
from tests.factories import CategoryFactory, NewsArticlePageFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE_ID = "Komnas HAM Pantau Layanan Kesehatan bagi Kelompok Rentan"
TITLE_EN = "Komnas HAM Monitors Health Services for Vulnerable Groups"
PUBLIC_TITLE = "Anggaran Layanan HAM Kota Semarang Dibahas Terbuka"
PRIVATE_TITLE = "Rapat Internal Anggaran Rahasia Kota Semarang"
OTHER_TITLE = "Penyuluhan HAM bagi Aparatur Desa di Wonosobo"


def article(index_page, title, slug, **fields):
    page = NewsArticlePageFactory.build(
        title=title, slug=slug, date=fields.pop("date", datetime.date(2021, 9, 1)), **fields
    )
    index_page.add_child(instance=page)
    return publish(page)


def editor_logs_in(page, live_server):
    """An editor who reads the admin in English, so the test can follow its labels."""
    user = UserFactory(username="editor-journey", password="editor-journey-pass-123")
    user.groups.add(Group.objects.get(name=EDITORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor-journey")
    page.fill("input[name=password]", "editor-journey-pass-123")
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def anonymous_reader(page):
    """A page in a fresh browser context of the same browser: no session, no cache."""
    return page.context.browser.new_context(viewport={"width": 1280, "height": 800}).new_page()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_translates_an_article_which_stays_a_draft_until_published(browser_page, live_server):
    tree = ensure_site_tree(hostname="localhost")
    source = article(tree.news["id"], TITLE_ID, "pantau-layanan-kesehatan")
    page = browser_page
    reader = anonymous_reader(page)
    editor_logs_in(page, live_server)

    page.goto(f"{live_server.url}/admin/pages/{source.pk}/edit/")
    page.locator("header .w-dropdown__toggle").first.click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_label("English").check()
    screenshot(page, "editor-translate-this-page.png")
    page.locator("main form input[type=submit]").click()
    english = source.get_translation(Locale.objects.get(language_code="en"))
    page.wait_for_url(f"{live_server.url}/admin/pages/{english.pk}/edit/")
    expect(page.get_by_role("button", name="Publish in English")).to_be_visible()
    screenshot(page, "editor-translation-editor.png")

    english.refresh_from_db()
    assert not english.live
    news_en = f"{live_server.url}{tree.news['en'].url}"
    for url in (f"{live_server.url}/en/", news_en):
        reader.goto(url)
        expect(reader.locator("main")).not_to_contain_text(TITLE_ID)
    assert reader.goto(f"{live_server.url}{english.url}").status == 404

    with page.context.expect_page() as preview_tab:
        page.get_by_role("link", name="Preview").click()
    preview = preview_tab.value
    expect(preview.locator("h1")).to_have_text(TITLE_ID)  # the draft, its title not yet translated
    screenshot(preview, "editor-translation-preview.png")
    preview.close()

    page.get_by_role("button", name="Translate", exact=True).first.click()
    page.locator("textarea").first.fill(TITLE_EN)
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text(TITLE_EN, exact=True).first).to_be_visible()
    page.get_by_role("button", name="Publish in English").click()
    expect(page.get_by_text(re.compile(f"Published .{TITLE_EN}. in English"))).to_be_visible()
    screenshot(page, "editor-translation-published.png")

    english.refresh_from_db()
    assert english.live and english.title == TITLE_EN
    reader = anonymous_reader(page)  # browsers keep public pages for a minute (Cache-Control)
    reader.goto(news_en)
    expect(reader.locator("main").get_by_role("link", name=TITLE_EN)).to_be_visible()
    reader.goto(f"{live_server.url}{english.url}")
    expect(reader.locator("h1")).to_have_text(TITLE_EN)
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    screenshot(reader, "reader-published-translation.png")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_article_for_logged_in_readers_stays_out_of_what_anonymous_visitors_see(browser_page, live_server):
    tree = ensure_site_tree(hostname="localhost")
    category = CategoryFactory()
    public = article(tree.news["id"], PUBLIC_TITLE, "anggaran-terbuka", category=category)
    private = article(
        tree.news["id"],
        PRIVATE_TITLE,
        "rapat-internal",
        category=category,
        date=datetime.date(2021, 10, 1),  # the newest: first in every listing if it leaked
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    other = article(tree.news["id"], OTHER_TITLE, "penyuluhan-wonosobo", category=category)
    page = browser_page

    page.goto(f"{live_server.url}{public.url}")
    expect(page.locator("h1")).to_have_text(PUBLIC_TITLE)
    expect(page.locator("aside.related").get_by_role("link", name=other.title)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(PRIVATE_TITLE)
    page.locator("aside.related").scroll_into_view_if_needed()
    screenshot(page, "privacy-anonymous-article.png")
    page.goto(f"{live_server.url}{tree.news['id'].url}")
    expect(page.locator("main").get_by_role("link", name=PUBLIC_TITLE)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(PRIVATE_TITLE)
    page.goto(f"{live_server.url}/id/search/?q=anggaran")
    expect(page.locator("main").get_by_role("link", name=PUBLIC_TITLE)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(PRIVATE_TITLE)
    screenshot(page, "privacy-anonymous-search.png")
    page.goto(f"{live_server.url}{private.url}")
    expect(page).to_have_url(f"{live_server.url}/id/accounts/login/?next={private.url}")

    reader_logs_in(page, live_server, UserFactory(username="pembaca", email="pembaca@latuharhary.test"))
    page.goto(f"{live_server.url}{private.url}")
    expect(page.locator("h1")).to_have_text(PRIVATE_TITLE)
    screenshot(page, "privacy-logged-in-article.png")
    # Listings show only public pages to everyone (they are the same for every reader and cached).
    page.goto(f"{live_server.url}{public.url}")
    expect(page.locator("body")).not_to_contain_text(PRIVATE_TITLE)

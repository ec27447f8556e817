"""The parts of an article, the news index and the home page that every reader sees alike come from the
content cache ({% contentcache %}, home/templatetags/content_cache_tags.py) for readers the page
cache cannot serve: a publish shows on the next visit once it commits, previews and filtered
listings are never stored, and nothing of one reader reaches another."""

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.site_tree import publish
from tests.factories import make_article, make_participant

pytestmark = pytest.mark.usefixtures("content_cache_on")


def queries_and_html(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def committed_publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(page)


def test_an_article_is_rendered_once_then_read_from_the_cache(client, article):
    cold, html = queries_and_html(client, article.url)
    warm, again = queries_and_html(client, article.url)
    assert warm < cold and again == html
    assert "Utari Putri Wardanti" in again and "#kota-ham" in again


def test_a_published_change_shows_on_the_next_visit(client, article, django_capture_on_commit_callbacks):
    client.get(article.url)
    article.title = "Judul yang diperbaiki"
    committed_publish(article, django_capture_on_commit_callbacks)
    assert "Judul yang diperbaiki" in client.get(article.url).content.decode()


def test_a_new_article_joins_the_related_box_the_index_and_the_home_page(
    client, site_tree, article, django_capture_on_commit_callbacks
):
    pages = [article.url, site_tree.news["id"].url, site_tree.home["id"].url]
    for url in pages:
        assert "Kabar terbaru sekategori" not in client.get(url).content.decode()
    newer = make_article(site_tree.news["id"], title="Kabar terbaru sekategori", category=article.category)
    committed_publish(newer, django_capture_on_commit_callbacks)
    for url in pages:
        assert "Kabar terbaru sekategori" in client.get(url).content.decode(), url


def test_the_readers_own_header_is_never_shared(article):
    reader = Client()
    reader.force_login(make_participant("dewi"))
    assert "Kursus saya" in reader.get(article.url).content.decode()
    anonymous = Client()
    anonymous.cookies["csrftoken"] = "b" * 32
    html = anonymous.get(article.url).content.decode()
    assert "Kursus saya" not in html and "Masuk" in html


def test_a_preview_is_never_stored(client, article):
    live_title = article.title
    draft = article.get_latest_revision_as_object()
    draft.title = "Draf yang belum terbit"
    preview = draft.make_preview_request()
    assert "Draf yang belum terbit" in preview.content.decode()
    html = client.get(article.url).content.decode()
    assert "Draf yang belum terbit" not in html and live_title in html


def test_filtered_listings_are_rendered_every_time(client, site_tree, article):
    index = site_tree.news["id"].url
    client.get(index)
    client.get(index, {"category": article.category.slug})
    type(article).objects.filter(pk=article.pk).update(title="Diubah langsung di basis data")
    assert "Diubah langsung di basis data" in client.get(index, {"category": article.category.slug}).content.decode()
    assert "Diubah langsung di basis data" in client.get(index, {"tag": "kota-ham"}).content.decode()
    assert "Diubah langsung di basis data" not in client.get(index).content.decode()  # the cached listing


def test_made_up_page_numbers_are_not_stored(client, site_tree, article):
    from django.core.cache import cache

    client.get(site_tree.news["id"].url)
    stored = len(cache._cache)
    for junk in ("abc", "99999", "-1", "1e3", "²"):
        assert client.get(site_tree.news["id"].url, {"page": junk}).status_code == 200
    assert len(cache._cache) == stored


def test_pages_render_with_the_cache_down(client, site_tree, article, cache_down):
    for url in (article.url, site_tree.news["id"].url, site_tree.home["id"].url):
        response = client.get(url)
        assert response.status_code == 200
    assert article.title in client.get(article.url).content.decode()


def test_each_language_has_its_own_shared_part(client, site_tree, article, locales, django_capture_on_commit_callbacks):
    english = article.copy_for_translation(locales["en"])
    english.title = "Komnas HAM Supports Semarang"
    committed_publish(english, django_capture_on_commit_callbacks)
    assert "Selasa, 31 Agustus 2021" in client.get(article.url).content.decode()
    html = client.get(english.url).content.decode()
    assert "Komnas HAM Supports Semarang" in html and "Tuesday" in html and "Selasa" not in html


def test_a_private_articles_shared_part_is_only_shown_past_its_restriction(site_tree, article):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    reader = Client()
    reader.force_login(make_participant("dewi"))
    assert article.title in reader.get(article.url).content.decode()  # stored
    response = Client().get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]

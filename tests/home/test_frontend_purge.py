"""Publishing purges Varnish through Wagtail's frontend-cache HTTPBackend (network mocked)."""

from unittest import mock

import pytest

from home.localize import translate_with_strings
from home.site_tree import publish
from tests.factories import NewsArticlePageFactory

VARNISH = "http://127.0.0.1:6081"


@pytest.fixture
def purged(settings):
    """The PURGE requests HTTPBackend sends, as (method, URL, Host header)."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": VARNISH}
    }
    sent = []

    def urlopen(request, *args, **kwargs):
        sent.append((request.get_method(), request.full_url, request.get_header("Host")))

    with mock.patch("wagtail.contrib.frontend_cache.backends.http.urlopen", urlopen):
        yield sent


@pytest.fixture
def article(site_tree, locales):
    page = NewsArticlePageFactory.build(title="Pelatihan Kota HAM", slug="pelatihan-kota-ham")
    site_tree.news["id"].add_child(instance=page)
    publish(page)
    translate_with_strings(page, locales["en"], {"Pelatihan Kota HAM": "Human Rights City Training"})
    return page


def paths(sent):
    assert {method for method, _url, _host in sent} == {"PURGE"}
    assert {host for _method, _url, host in sent} == {"testserver"}
    assert all(url.startswith(VARNISH + "/") for _method, url, _host in sent)
    return {url.removeprefix(VARNISH) for _method, url, _host in sent}


def test_publish_purges_the_page_its_translation_and_their_listings(
    purged, article, locales, django_capture_on_commit_callbacks
):
    english = article.get_translation(locales["en"])
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    assert paths(purged) == {
        "/id/",
        "/id/berita/",
        "/id/berita/pelatihan-kota-ham/",
        "/en/",
        "/en/news/",
        f"/en/news/{english.slug}/",
    }


def test_purge_is_sent_only_after_commit(purged, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(article)
    assert purged == []
    for callback in callbacks:
        callback()
    assert "/id/berita/pelatihan-kota-ham/" in paths(purged)


def test_unpublish_purges_both_languages(purged, article, locales, django_capture_on_commit_callbacks):
    english = article.get_translation(locales["en"])
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert {"/id/berita/pelatihan-kota-ham/", f"/en/news/{english.slug}/", "/id/berita/", "/en/news/"} <= paths(purged)


def test_nothing_is_sent_without_a_frontend_cache(settings, article, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    with mock.patch("wagtail.contrib.frontend_cache.backends.http.urlopen") as urlopen:
        with django_capture_on_commit_callbacks(execute=True):
            publish(article)
    urlopen.assert_not_called()


def test_unreachable_varnish_does_not_break_publishing(settings, article, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:9"}
    }
    article.title = "Pelatihan Kota HAM 2021"
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    article.refresh_from_db()
    assert article.live and article.title == "Pelatihan Kota HAM 2021"

"""The anonymous page cache, caching headers and invalidation (home/page_cache.py)."""

from unittest import mock

import pytest

from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from home.localize import translate_with_strings
from home.page_cache import STATUS_HEADER
from home.site_tree import publish
from news.models import NewsIndexPage
from tests.factories import CategoryFactory, UserFactory, make_article, make_course, still_enrolling

PUBLIC = "public, max-age=60, s-maxage=300"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def article(site_tree):
    return make_article(
        site_tree.news["id"],
        title="Komnas HAM Dukung Semarang Menuju Kota HAM",
        slug="semarang-kota-ham",
        category=CategoryFactory(),
    )


@pytest.fixture
def english(article, locales):
    translated, _missing = translate_with_strings(
        article, locales["en"], {article.title: "Komnas HAM Supports Semarang", "Kabar Latuharhary": "Latuharhary News"}
    )
    return translated


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


# Served from the cache


def test_second_anonymous_request_is_a_hit_without_queries(client, page_cache, article):
    first, first_queries = queries_for(client, article.url)
    second, second_queries = queries_for(client, article.url)
    assert first.status_code == second.status_code == 200
    assert first[STATUS_HEADER] == "miss" and first_queries > 0
    assert second[STATUS_HEADER] == "hit" and second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "id"


@pytest.mark.parametrize("page", ["home", "news", "courses"])
def test_listings_are_cached(client, page_cache, site_tree, page):
    url = getattr(site_tree, page)["en"].url
    assert client.get(url)[STATUS_HEADER] == "miss"
    assert queries_for(client, url)[1] == 0


def test_course_page_is_cached_for_anonymous_readers_and_links_to_login(client, page_cache, site_tree):
    course = make_course(site_tree.courses["id"], end_date=still_enrolling())
    first = client.get(course.url)
    assert first[STATUS_HEADER] == "miss" and "csrftoken" not in first.cookies
    html = first.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert f'href="/id/accounts/login/?next={course.url}"' in html
    assert queries_for(client, course.url)[0][STATUS_HEADER] == "hit"


def test_languages_have_their_own_entries_whatever_accept_language_says(client, page_cache, article, english):
    indonesian = client.get(article.url, headers={"Accept-Language": "en"})
    english_page = client.get(english.url, headers={"Accept-Language": "id"})
    assert '<html lang="id">' in indonesian.content.decode()
    assert '<html lang="en">' in english_page.content.decode()
    again, queries = queries_for(client, article.url, **{"Accept-Language": "en"})
    assert queries == 0 and '<html lang="id">' in again.content.decode()
    again, queries = queries_for(client, english.url, **{"Accept-Language": "id"})
    assert queries == 0 and '<html lang="en">' in again.content.decode()


def test_query_parameters(client, page_cache, site_tree, article):
    index = site_tree.news["id"].url
    client.get(index)
    assert queries_for(client, index + "?utm_source=wa&fbclid=abc")[1] == 0  # tracking: same page
    filtered = index + "?category=kabar-latuharhary"
    assert client.get(filtered)[STATUS_HEADER] == "miss"  # a filter is a page of its own
    assert queries_for(client, filtered)[1] == 0
    unknown = client.get(index + "?foo=bar")
    assert unknown.status_code == 200 and STATUS_HEADER not in unknown  # rendered, never stored
    assert unknown["Cache-Control"] == PUBLIC  # proxies key on the whole URL themselves


# Never shared


def test_logged_in_readers_are_never_served_from_or_stored_in_the_cache(client, page_cache, article):
    client.force_login(UserFactory())
    response, queries = queries_for(client, article.url)
    assert STATUS_HEADER not in response and queries > 0
    assert response["Cache-Control"] == "private, no-store"
    assert "My courses" in response.content.decode() or "Kursus saya" in response.content.decode()
    client.logout()
    client.cookies.clear()
    anonymous = client.get(article.url)
    assert anonymous[STATUS_HEADER] == "miss"  # nothing was stored for the logged-in reader
    client.force_login(UserFactory(username="other"))
    response, queries = queries_for(client, article.url)
    assert STATUS_HEADER not in response and queries > 0  # and the anonymous entry is not served


def test_participant_dashboard_is_private_and_unstored(client, page_cache, site_tree):
    client.force_login(UserFactory())
    response = client.get("/id/my-courses/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert STATUS_HEADER not in response and "ETag" not in response


def test_logged_in_course_page_with_enrolment_form_is_private(client, page_cache, site_tree):
    course = make_course(site_tree.courses["id"], end_date=still_enrolling())
    client.force_login(UserFactory())
    response = client.get(course.url)
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store" and STATUS_HEADER not in response


def test_page_with_a_password_form_is_not_cached(client, page_cache, article):
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="rahasia")  # noqa: S106
    response = client.get(article.url)
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "csrftoken" in response.cookies
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert STATUS_HEADER not in response
    client.cookies.clear()
    assert STATUS_HEADER not in client.get(article.url)


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_personal_cookies_bypass_the_cache(client, page_cache, article, cookie):
    client.get(article.url)
    client.cookies[cookie] = "x" * 32
    response, queries = queries_for(client, article.url)
    assert response.status_code == 200 and queries > 0
    assert STATUS_HEADER not in response
    assert "private" in response["Cache-Control"]


def test_a_waiting_message_is_shown_not_cached(client, page_cache, article):
    prime(client, article.url)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "Pendaftaran Anda tersimpan.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    response = client.get(article.url)
    assert "Pendaftaran Anda tersimpan." in response.content.decode()
    assert STATUS_HEADER not in response and "private" in response["Cache-Control"]
    client.cookies.clear()
    assert "Pendaftaran Anda tersimpan." not in client.get(article.url).content.decode()


# Headers


def test_public_page_headers(client, page_cache, article):
    response = client.get(article.url)
    assert response["Cache-Control"] == PUBLIC
    assert response["ETag"] and response["Last-Modified"]
    assert "Cookie" in response["Vary"]


def test_conditional_get_on_a_hit_answers_304_without_queries(client, page_cache, article):
    etag = client.get(article.url)["ETag"]
    response, queries = queries_for(client, article.url, **{"If-None-Match": etag})
    assert response.status_code == 304 and queries == 0
    modified = client.get(article.url)["Last-Modified"]
    assert client.get(article.url, headers={"If-Modified-Since": modified}).status_code == 304


def test_headers_without_the_app_cache(client, article):
    response = client.get(article.url)
    assert response["Cache-Control"] == PUBLIC and response["ETag"]
    assert STATUS_HEADER not in response
    assert "Last-Modified" not in response  # no shared generation to date it by


def test_pages_not_opted_in_get_no_public_header(client, page_cache, site_tree):
    response = client.get("/id/search/?q=ham")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_hashed_static_files_are_cached_for_a_year(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = static("css/site.css")
    assert hashed != "/static/css/site.css"
    response = client.get(hashed)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    plain = client.get("/static/css/site.css")  # the unhashed name may change: short lifetime
    assert plain["Cache-Control"] == "max-age=60, public"


# Invalidation


def prime(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)[STATUS_HEADER] == "hit"


def test_publish_invalidates_both_languages(
    client, page_cache, site_tree, article, english, django_capture_on_commit_callbacks
):
    prime(client, article.url, english.url, site_tree.home["id"].url, site_tree.news["en"].url)
    article.title = "Semarang Menjadi Kota HAM"
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    for url in (article.url, english.url, site_tree.home["id"].url, site_tree.news["en"].url):
        assert client.get(url)[STATUS_HEADER] == "miss", url
    assert "Semarang Menjadi Kota HAM" in client.get(article.url).content.decode()
    assert "Semarang Menjadi Kota HAM" in client.get(site_tree.home["id"].url).content.decode()


def test_invalidation_waits_for_the_commit(client, page_cache, article, django_capture_on_commit_callbacks):
    prime(client, article.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title = "Belum Tersimpan"
        publish(article)
    assert client.get(article.url)[STATUS_HEADER] == "hit"  # not committed yet: nothing changed
    for callback in callbacks:
        callback()
    assert "Belum Tersimpan" in client.get(article.url).content.decode()


def test_translation_published_by_sync_invalidates(
    client, page_cache, site_tree, article, locales, django_capture_on_commit_callbacks
):
    prime(client, site_tree.news["en"].url, article.url)
    with django_capture_on_commit_callbacks(execute=True):
        translate_with_strings(article, locales["en"], {article.title: "Semarang Becomes a Human Rights City"})
    assert "Semarang Becomes a Human Rights City" in client.get(site_tree.news["en"].url).content.decode()
    assert 'hreflang="en"' in client.get(article.url).content.decode().split("<body>")[0]


def test_unpublish_invalidates(client, page_cache, article, django_capture_on_commit_callbacks):
    prime(client, article.url)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(article.url).status_code == 404


def test_delete_invalidates(client, page_cache, article, django_capture_on_commit_callbacks):
    prime(client, article.url)
    url = article.url
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert client.get(url).status_code == 404


def test_move_invalidates(client, page_cache, site_tree, article, django_capture_on_commit_callbacks):
    archive = publish(site_tree.home["id"].add_child(instance=NewsIndexPage(title="Arsip", slug="arsip")))
    prime(client, article.url)
    old_url = article.url
    with django_capture_on_commit_callbacks(execute=True):
        article.move(archive, pos="last-child")
    assert client.get(old_url).status_code != 200
    assert client.get("/id/arsip/semarang-kota-ham/").status_code == 200


def test_snippet_change_invalidates(client, page_cache, article, django_capture_on_commit_callbacks):
    prime(client, article.url)
    category = article.category
    category.name = "Kabar Terbaru"
    with django_capture_on_commit_callbacks(execute=True):
        category.save()
    response = client.get(article.url)
    assert response[STATUS_HEADER] == "miss" and "Kabar Terbaru" in response.content.decode()


@pytest.mark.urls("tests.home.page_cache_urls")
def test_views_opt_in_with_the_decorator(client, page_cache, db):
    first = client.get("/id/verify/ABC123/")
    assert first["Cache-Control"] == PUBLIC and first[STATUS_HEADER] == "miss"
    assert client.get("/id/verify/ABC123/")[STATUS_HEADER] == "hit"
    assert client.get("/id/verify/XYZ789/").content == b"<p>Certificate XYZ789 is valid (id).</p>"
    plain = client.get("/id/plain/ABC123/")
    assert STATUS_HEADER not in plain and "public" not in plain.get("Cache-Control", "")


@pytest.mark.urls("tests.home.page_cache_urls")
def test_unprefixed_verification_path_is_cached_per_reader_language(client, page_cache, db):
    indonesian = client.get("/v/ABC123/", headers={"Accept-Language": "id"})
    english = client.get("/v/ABC123/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert indonesian[STATUS_HEADER] == english[STATUS_HEADER] == "miss"
    assert english.content == b"<p>Certificate ABC123 is valid (en).</p>"
    assert indonesian["Cache-Control"] == PUBLIC and "Accept-Language" in indonesian["Vary"]
    again = client.get("/v/ABC123/", headers={"Accept-Language": "en"})
    assert again[STATUS_HEADER] == "hit" and again.content == english.content
    other = client.get("/elsewhere/ABC123/")  # not a listed path: its language is not in the key
    assert STATUS_HEADER not in other and "public" not in other.get("Cache-Control", "")


def test_certificate_change_invalidates_and_purges_its_verification_page(
    client, page_cache, site_tree, settings, django_capture_on_commit_callbacks
):
    from courses.certificates.issuing import issue_certificate, revoke
    from tests.certificates.conftest import certified_course, completed

    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }
    course = certified_course(site_tree.courses["id"])
    certificate, _created = issue_certificate(completed(course, "dewi"), course)
    prime(client, course.url)
    purged = []
    with mock.patch(
        "wagtail.contrib.frontend_cache.backends.http.urlopen", lambda r, *a, **k: purged.append(r.full_url)
    ):
        with django_capture_on_commit_callbacks(execute=True):
            revoke(certificate, "Data peserta keliru.", UserFactory(username="editor", is_staff=True))
    assert client.get(course.url)[STATUS_HEADER] == "miss"
    assert f"http://127.0.0.1:6081{certificate.verification_path}" in purged

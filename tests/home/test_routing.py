"""home/routing.py: the per-process memo of sites, locales and localized home pages."""

from django.test import RequestFactory
from django.utils import translation

from home import routing
from home.site_tree import publish
from tests.factories import NewsArticlePageFactory


def test_a_site_saved_in_this_process_is_seen_at_once(site_tree):
    assert routing.site_for("testserver", 80).site_name == site_tree.site.site_name
    site_tree.site.site_name = "Komnas HAM (baru)"
    site_tree.site.save()
    assert routing.site_for("testserver", 80).site_name == "Komnas HAM (baru)"


def test_each_request_gets_its_own_site_instance(site_tree):
    first, second = routing.site_for("testserver", 80), routing.site_for("testserver", 80)
    assert first == second and first is not second  # nothing one request caches on it reaches another


def test_another_process_change_is_seen_after_the_memo_expires(site_tree, monkeypatch):
    from wagtail.models import Site

    assert routing.site_for("testserver", 80).site_name == site_tree.site.site_name
    Site.objects.filter(pk=site_tree.site.pk).update(site_name="Diubah proses lain")  # no signal, as elsewhere
    assert routing.site_for("testserver", 80).site_name == site_tree.site.site_name
    now = routing.time.monotonic()
    monkeypatch.setattr(routing.time, "monotonic", lambda: now + routing.MEMO_SECONDS + 1)
    assert routing.site_for("testserver", 80).site_name == "Diubah proses lain"


def test_a_stale_home_page_memo_falls_back_to_wagtails_routing(site_tree, client):
    assert client.get(site_tree.news["id"].url).status_code == 200
    key = next(key for key in routing._memo if key[0] == "root")
    expires, _value = routing._memo[key]
    routing._memo[key] = (expires, (site_tree.home["id"].pk, "/old-home-slug/"))  # as if renamed elsewhere
    assert client.get(site_tree.news["id"].url).status_code == 200


def routed(site_tree, path):
    request = RequestFactory().get(path, HTTP_HOST="testserver")
    request._wagtail_site = routing.site_for("testserver", 80)  # as home.routing.SiteMiddleware gives it
    with translation.override("id"):
        return routing.route_for_request(request, path.removeprefix("/id"))


def test_a_page_that_routes_on_to_its_child_is_not_loaded_in_full(site_tree, django_assert_num_queries):
    index = site_tree.news["id"]
    article = publish(index.add_child(instance=NewsArticlePageFactory.build(slug="kabar-semarang")))
    routed(site_tree, article.url)  # the memo warms: site, locale, home page
    with django_assert_num_queries(2):  # the path's pages, then the article with what it shows
        page, _args, _kwargs = routed(site_tree, article.url)
    assert page.pk == article.pk and page.news_index.pk == index.pk


def test_a_page_that_serves_a_path_its_child_also_matches_is_loaded_in_full(site_tree):
    """A child with a sub-route's slug ("feed") loses to the sub-route, as in Wagtail."""
    index = site_tree.news["id"]
    publish(index.add_child(instance=NewsArticlePageFactory.build(slug="feed")))
    page, _args, _kwargs = routed(site_tree, index.url + "feed/")
    assert page.pk == index.pk and not page.get_deferred_fields()
    assert page.intro == type(page).objects.get(pk=index.pk).intro

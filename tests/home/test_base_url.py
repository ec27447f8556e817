"""One configured base URL feeds every absolute link: robots, sitemap, canonical, short links."""

import pytest

from wagtail.models import Site

from home.base_url import absolute, host_and_port, sync_default_site

BASE = "https://kabar.example.go.id"


@pytest.fixture
def base_url(settings):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE
    return BASE


def test_absolute_and_host_and_port(base_url):
    assert absolute("/id/berita/") == f"{BASE}/id/berita/"
    assert absolute("https://cdn.example.org/x.jpg") == "https://cdn.example.org/x.jpg"
    assert host_and_port() == ("kabar.example.go.id", 443)
    assert host_and_port("http://127.0.0.1:8800") == ("127.0.0.1", 8800)


def test_robots_names_the_real_search_pages_and_the_sitemap(client, site_tree, base_url):
    robots = client.get("/robots.txt").text
    assert "Disallow: /id/search/" in robots and "Disallow: /en/search/" in robots
    assert "/id/cari/" not in robots
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_the_site_record_and_the_sitemap_follow_the_base_url(client, site_tree, base_url):
    sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("kabar.example.go.id", 443)
    sitemap = client.get("/sitemap.xml").text  # asked on another host: the links still name the base URL
    assert f"<loc>{BASE}/id/" in sitemap
    assert "localhost" not in sitemap and "testserver" not in sitemap


def test_canonical_links_use_the_base_url_whatever_host_was_asked(client, site_tree, base_url):
    html = client.get(site_tree.news["id"].url).text
    assert f'<link rel="canonical" href="{BASE}{site_tree.news["id"].url}">' in html

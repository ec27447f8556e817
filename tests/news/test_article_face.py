"""The article page's public face: byline under the headline, writers' pages, breadcrumbs,
share links, "updated on", category descriptions, social tags on index pages."""

import datetime
import json
import re

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from home.site_tree import publish
from news.models import NewsArticlePage, NewsArticleWriter
from tests.factories import CategoryFactory, NewsArticlePageFactory, PersonFactory


def json_ld(html, kind):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def article_by(site_tree, person, **fields):
    article = NewsArticlePageFactory.build(date=datetime.date(2021, 9, 1), **fields)
    article.writers.add(NewsArticleWriter(person=person))
    site_tree.news["id"].add_child(instance=article)
    return publish(article)


def test_byline_links_writers_to_their_page_under_the_headline(client, site_tree):
    writer = PersonFactory(name="Andi Wijaya", bio="Penulis di Biro Humas.")
    article = article_by(site_tree, writer, title="Kabar Semarang")
    other = NewsArticlePageFactory.build(title="Tulisan orang lain")
    site_tree.news["id"].add_child(instance=other)
    publish(other)

    html = client.get(article.url).content.decode()
    author_url = f"{site_tree.news['id'].url}penulis/andi-wijaya/"
    assert writer.slug == "andi-wijaya"
    byline = html.index(f'href="{author_url}"')
    assert html.index("<h1") < byline < html.index('class="body"')
    assert json_ld(html, "NewsArticle")["author"] == [
        {"@type": "Person", "name": "Andi Wijaya", "url": f"http://testserver{author_url}"}
    ]

    response = client.get(author_url)
    assert response.status_code == 200
    page = response.content.decode()
    trail = json_ld(page, "BreadcrumbList")["itemListElement"]
    assert [step["name"] for step in trail][1:] == ["Berita", "Andi Wijaya"]
    assert "<h1>Andi Wijaya</h1>" in page and "Penulis di Biro Humas." in page
    assert "Kabar Semarang" in page and "Tulisan orang lain" not in page
    assert client.get(f"{site_tree.news['id'].url}penulis/tidak-ada/").status_code == 404


def test_people_get_unique_slugs(db):
    first, second = PersonFactory(name="Siti Aminah"), PersonFactory(name="Siti Aminah")
    assert (first.slug, second.slug) == ("siti-aminah", "siti-aminah-2")


def test_breadcrumbs_with_json_ld_and_share_links(client, site_tree):
    article = article_by(site_tree, PersonFactory(), title="Kabar Semarang")
    html = client.get(article.url).content.decode()

    trail = json_ld(html, "BreadcrumbList")["itemListElement"]
    assert [step["item"] for step in trail] == [
        f"http://testserver{url}" for url in (site_tree.home["id"].url, site_tree.news["id"].url, article.url)
    ]
    assert [step["name"] for step in trail][1:] == ["Berita", "Kabar Semarang"]
    assert [step["position"] for step in trail] == [1, 2, 3]
    assert 'aria-label="Breadcrumb"' in html or 'class="breadcrumbs"' in html

    for host in ("https://wa.me/", "https://www.facebook.com/sharer/", "https://x.com/intent/", "https://t.me/share/"):
        assert f'href="{host}' in html
    assert "data-copy-link" in html
    assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]*)"', html))  # no third parties


def test_updated_on_only_when_revised_after_publication(client, site_tree):
    article = article_by(site_tree, PersonFactory(), title="Kabar Semarang")
    html = client.get(article.url).content.decode()
    assert 'class="updated"' not in html  # dated 2021 but live since today: not revised

    article.first_published_at = timezone.now() - datetime.timedelta(days=3)
    article.save()
    assert article.updated_on == timezone.localdate()
    html = client.get(article.url).content.decode()
    assert 'class="updated"' in html and f'datetime="{timezone.localdate():%Y-%m-%d}"' in html


def test_category_page_shows_the_category_description(client, site_tree):
    CategoryFactory(description="Kabar dari kegiatan Komnas HAM di daerah.")
    html = client.get(site_tree.news["id"].url + "?category=kabar-latuharhary").content.decode()
    assert "Kabar dari kegiatan Komnas HAM di daerah." in html
    assert "Kabar dari kegiatan" not in client.get(site_tree.news["id"].url).content.decode()


def test_home_and_index_pages_have_open_graph_and_twitter_tags(client, site_tree):
    for url in (site_tree.home["id"].url, site_tree.news["id"].url):
        html = client.get(url).content.decode()
        assert '<meta property="og:type" content="website">' in html
        assert '<meta property="og:url" content="http://testserver' in html
        assert '<meta name="twitter:card"' in html


def test_print_stylesheet():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    assert "@media print" in css


def test_article_reached_outside_the_index_route_renders_writer_links(rf, site_tree):
    """Previews serve the article without NewsIndexPage.route: its index must still have its routes."""
    writer = PersonFactory(name="Andi Wijaya")
    article = NewsArticlePage.objects.get(pk=article_by(site_tree, writer).pk)
    request = rf.get(article.url)
    request.user = AnonymousUser()
    response = article.serve(request)
    response.render()
    assert f'href="{site_tree.news["id"].url}penulis/andi-wijaya/"' in response.content.decode()

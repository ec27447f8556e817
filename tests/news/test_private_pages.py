"""Private pages stay private: an article behind a view restriction (login, password or groups),
or below a restricted page, is in no public listing an anonymous reader sees."""

import datetime

import pytest

from wagtail.models import PageViewRestriction

from home.navigation import menu_items
from news.models import NewsArticlePage, NewsArticleRelated
from tests.factories import CategoryFactory, make_article

pytestmark = pytest.mark.django_db

PRIVATE_TITLE = "Rapat Internal Penyusunan Anggaran Rahasia"
PUBLIC_TITLE = "Komnas HAM Dukung Semarang Menuju Kota HAM"


def restrict(page, restriction_type=PageViewRestriction.LOGIN, **fields):
    return PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, **fields)


@pytest.fixture
def category(site_tree):
    return CategoryFactory()


@pytest.fixture
def public_article(site_tree, category):
    return make_article(site_tree.news["id"], title=PUBLIC_TITLE, slug="semarang-kota-ham", category=category)


@pytest.fixture
def private_article(site_tree, category):
    article = make_article(
        site_tree.news["id"],
        title=PRIVATE_TITLE,
        slug="rapat-internal",
        lead="Anggaran rahasia untuk tahun depan.",
        category=category,
        date=datetime.date(2021, 10, 1),  # the newest: first in every listing if it leaked
    )
    restrict(article)
    return article


def test_related_articles_of_the_same_category_leave_out_private_ones(client, public_article, private_article):
    html = client.get(public_article.url).content.decode()
    assert PUBLIC_TITLE in html
    assert PRIVATE_TITLE not in html


def test_editor_picked_related_articles_leave_out_private_ones(client, site_tree, public_article, private_article):
    other = make_article(site_tree.news["id"], title="Penyuluhan HAM di Wonosobo")
    NewsArticleRelated.objects.create(page=public_article, article=private_article, sort_order=0)
    NewsArticleRelated.objects.create(page=public_article, article=other, sort_order=1)
    html = client.get(public_article.url).content.decode()
    assert other.title in html
    assert PRIVATE_TITLE not in html


def test_related_articles_leave_out_a_password_protected_one(client, public_article, private_article):
    PageViewRestriction.objects.filter(page=private_article).update(
        restriction_type=PageViewRestriction.PASSWORD,
        password="rahasia",  # noqa: S106
    )
    assert PRIVATE_TITLE not in client.get(public_article.url).content.decode()


def test_home_page_leaves_out_private_articles(client, site_tree, public_article, private_article):
    html = client.get(site_tree.home["id"].url).content.decode()
    assert PUBLIC_TITLE in html
    assert PRIVATE_TITLE not in html


def test_news_index_leaves_out_private_articles(client, site_tree, public_article, private_article):
    html = client.get(site_tree.news["id"].url).content.decode()
    assert PUBLIC_TITLE in html
    assert PRIVATE_TITLE not in html


def test_category_page_leaves_out_private_articles(client, site_tree, category, public_article, private_article):
    html = client.get(site_tree.news["id"].url, {"category": category.slug}).content.decode()
    assert PUBLIC_TITLE in html
    assert PRIVATE_TITLE not in html


def test_feeds_leave_out_private_articles(client, site_tree, category, public_article, private_article):
    for url in (f"{site_tree.news['id'].url}feed/", f"{site_tree.news['id'].url}feed/{category.slug}/"):
        body = client.get(url).content.decode()
        assert PUBLIC_TITLE in body, url
        assert PRIVATE_TITLE not in body, url


def test_sitemap_leaves_out_private_articles(client, public_article, private_article):
    xml = client.get("/sitemap.xml").content.decode()
    assert public_article.url in xml
    assert private_article.url not in xml


def test_search_leaves_out_private_articles(client, public_article, private_article):
    html = client.get("/id/search/", {"q": "Rapat Internal"}).content.decode()
    assert f'href="{private_article.url}"' not in html
    assert PRIVATE_TITLE not in html
    found = client.get("/id/search/", {"q": "Semarang"}).content.decode()
    assert f'href="{public_article.url}"' in found  # the search itself works


def test_articles_below_a_private_index_are_private_too(client, site_tree, public_article):
    restrict(site_tree.news["id"])
    assert not NewsArticlePage.objects.for_listing().filter(pk=public_article.pk).exists()
    assert PUBLIC_TITLE not in client.get(site_tree.home["id"].url).content.decode()


def test_menu_leaves_out_a_private_page(client, site_tree):
    assert any(item["url"] == site_tree.news["id"].url for item in menu_items("id"))
    restrict(site_tree.news["id"])
    assert all(item["url"] != site_tree.news["id"].url for item in menu_items("id"))
    html = client.get(site_tree.home["id"].url).content.decode()
    assert f'<li><a href="{site_tree.news["id"].url}"' not in html


def test_a_cached_listing_drops_an_article_made_private(
    client, settings, site_tree, public_article, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    home = site_tree.home["id"].url
    assert PUBLIC_TITLE in client.get(home).content.decode()
    assert client.get(home)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restrict(public_article)
    assert PUBLIC_TITLE not in client.get(home).content.decode()


def test_public_in_one_query_agrees_with_wagtails_public(site_tree, public_article, private_article):
    below = make_article(site_tree.news["en"], title="Below a private index")
    restrict(site_tree.news["en"], restriction_type=PageViewRestriction.GROUPS)
    ours = set(NewsArticlePage.objects.public_in_one_query().values_list("pk", flat=True))
    assert ours == set(NewsArticlePage.objects.public().values_list("pk", flat=True))
    assert public_article.pk in ours
    assert private_article.pk not in ours and below.pk not in ours

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.site_tree import publish
from news.models import NewsArticlePage, ShortLink
from tests.factories import CategoryFactory, ImageFactory, NewsArticlePageFactory, PersonFactory, make_article


def test_article_page_renders_date_in_reader_language(client, article):
    html = client.get(article.url).content.decode()
    assert "Selasa, 31 Agustus 2021" in html
    assert "Utari Putri Wardanti" in html
    assert "Sri Rahayu" in html


def test_english_date(client, site_tree, article, locales):
    english = article.copy_for_translation(locales["en"])
    publish(english)
    html = client.get(english.url).content.decode()
    assert "Tuesday, 31 August 2021" in html
    assert '<html lang="en">' in html


def test_hreflang_canonical_and_switcher_with_translation(client, article, locales):
    english = publish(article.copy_for_translation(locales["en"]))
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="http://testserver{article.url}">' in html
    assert f'hreflang="id" href="http://testserver{article.url}"' in html
    assert f'hreflang="en" href="http://testserver{english.url}"' in html
    assert f'hreflang="x-default" href="http://testserver{article.url}"' in html
    assert f'<a href="{english.url}" hreflang="en"' in html


def test_switcher_falls_back_to_other_news_index_with_notice(client, article, site_tree):
    html = client.get(article.url).content.decode()
    assert 'hreflang="en" href=' not in html.split("<body>")[0]
    fallback = f"{site_tree.news['en'].url}?untranslated=1"
    assert f'<a href="{fallback}" hreflang="en"' in html
    notice = client.get(fallback).content.decode()
    assert "not available in this language yet" in notice


def test_english_index_lists_only_english_articles(client, site_tree, article, locales):
    response = client.get(site_tree.news["en"].url)
    assert article.title not in response.content.decode()
    english = article.copy_for_translation(locales["en"])
    english.title = "Komnas HAM Supports Semarang"
    publish(english)
    html = client.get(site_tree.news["en"].url).content.decode()
    assert "Komnas HAM Supports Semarang" in html
    assert article.title not in html


def test_index_filters_and_bad_input(client, site_tree, article):
    make_article(site_tree.news["id"], title="Artikel lain", date=datetime.date(2020, 1, 5))
    url = site_tree.news["id"].url
    assert article.title in client.get(url, {"category": "kabar-latuharhary"}).content.decode()
    assert "Artikel lain" not in client.get(url, {"category": "kabar-latuharhary"}).content.decode()
    assert "Artikel lain" in client.get(url, {"year": "2020"}).content.decode()
    assert article.title not in client.get(url, {"year": "2020", "month": "1"}).content.decode()
    assert article.title in client.get(url, {"tag": "kota-ham"}).content.decode()
    for params in (
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"year": "abcd", "month": "13"},
        {"category": "x" * 5000},
    ):
        assert client.get(url, params).status_code == 200


def test_short_link_created_on_publish_and_resolves_by_language(client, article, locales):
    link = ShortLink.objects.get(translation_key=article.translation_key)
    assert len(link.code) == 5
    assert f"/s/{link.code}/" in client.get(article.url).content.decode()
    assert f'<link rel="shortlink" href="http://testserver/s/{link.code}/">' in client.get(article.url).content.decode()
    # Not in English yet: the English reader is told so and offered the Indonesian, not switched silently.
    other_language = client.get(f"/s/{link.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert other_language.status_code == 200
    assert f'href="{article.url}" hreflang="id" lang="id"' in other_language.text
    english = publish(article.copy_for_translation(locales["en"]))
    assert client.get(f"/s/{link.code}/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == english.url
    assert client.get(f"/s/{link.code}/", HTTP_ACCEPT_LANGUAGE="id")["Location"] == article.url
    assert ShortLink.objects.count() == 1


def test_short_link_survives_slug_and_title_change(client, article):
    code = ShortLink.objects.get().code
    article.slug, article.title = "judul-baru", "Judul Baru"
    publish(article)
    assert ShortLink.objects.get().code == code
    assert client.get(f"/s/{code}/")["Location"].endswith("/judul-baru/")


def test_unknown_short_link_is_a_404_page(client, site_tree):
    for code in ("zzzzz", "<script>", "x" * 300):
        response = client.get(f"/s/{code}/")
        assert response.status_code == 404
        assert "Short link not found" in response.content.decode() or "Tautan pendek" in response.content.decode()


def test_feeds_per_language_and_category(client, site_tree, article):
    response = client.get(site_tree.news["id"].url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<language>id</language>" in body and article.title in body
    category_feed = client.get(site_tree.news["id"].url + "feed/kabar-latuharhary/")
    assert article.title in category_feed.content.decode()
    assert client.get(site_tree.news["id"].url + "feed/tidak-ada/").status_code == 404
    assert article.title not in client.get(site_tree.news["en"].url + "feed/").content.decode()
    html = client.get(site_tree.news["id"].url).content.decode()
    assert 'type="application/rss+xml"' in html


def test_sitemap_lists_pages_with_hreflang_alternates(client, article, locales):
    english = publish(article.copy_for_translation(locales["en"]))
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{article.url}</loc>" in xml
    assert f'hreflang="en" href="http://testserver{english.url}"' in xml
    assert 'hreflang="x-default"' in xml


def test_robots_txt(client, site_tree):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_open_graph_and_json_ld(client, article):
    article.image = ImageFactory()
    article.image_alt = "Peserta pelatihan daring"
    publish(article)
    html = client.get(article.url).content.decode()
    assert '<meta property="og:title" content="Komnas HAM Dukung Semarang Menuju Kota HAM">' in html
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert '"@type": "NewsArticle"' in html
    assert '"inLanguage": "id"' in html
    assert '"datePublished": "2021-08-31"' in html
    assert '"name": "Utari Putri Wardanti"' in html


def test_featured_image_requires_alt_text(article):
    from django.core.exceptions import ValidationError

    article.image = ImageFactory()
    article.image_alt = " "
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "image_alt" in error.value.message_dict


def test_date_defaults_to_first_publication(site_tree):
    article = NewsArticlePageFactory.build(date=None)
    site_tree.news["id"].add_child(instance=article)
    assert NewsArticlePage.objects.get(pk=article.pk).date is None
    publish(article)
    assert article.date == article.first_published_at.astimezone().date() or article.date is not None


def test_related_articles_fall_back_to_same_category(client, site_tree, article):
    sibling = make_article(site_tree.news["id"], title="Berita sekategori", category=article.category)
    make_article(site_tree.news["id"], title="Berita lain kategori")
    html = client.get(article.url).content.decode()
    assert sibling.title in html
    assert "Berita lain kategori" not in html


# Wagtail's serve() cost 8 queries before our code ran at depth 4 (site, active locale, the route
# through home and news index, view restrictions and alias check); home/routing.py does it in 3
# (the path, the news index, the article). The ceilings are issue 18's budgets; the official demo
# needs 22 (blog post) and 40 (blog index). tests/test_query_budgets.py has the other pages'.
ARTICLE_QUERIES = 8
INDEX_QUERIES = 10


def article_and_index_query_counts(client, site_tree, count):
    category = CategoryFactory()
    image = ImageFactory()
    people = [PersonFactory() for _i in range(3)]
    articles = []
    for _number in range(count):
        page = make_article(site_tree.news["id"], category=category, image=image, image_alt="foto", editor=people[0])
        articles.append(page)
    articles[-1].writers.create(person=people[1])
    articles[-1].tags.add("ham")
    publish(articles[-1])
    client.get(articles[-1].url)  # warm renditions and the site-root cache
    client.get(site_tree.news["id"].url)
    counts = []
    for url in (articles[-1].url, site_tree.news["id"].url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_query_counts_do_not_grow_with_articles(client, site_tree):
    few = article_and_index_query_counts(client, site_tree, 10)
    NewsArticlePage.objects.all().delete()
    many = article_and_index_query_counts(client, site_tree, 200)
    assert few == many
    article_queries, index_queries = many
    assert article_queries <= ARTICLE_QUERIES
    assert index_queries <= INDEX_QUERIES


def test_the_category_list_offers_only_categories_with_articles(client, article):
    empty = CategoryFactory(name="Kategori Kosong", slug="kosong")
    html = client.get(article.get_parent().url).text
    assert f'value="{article.category.slug}"' in html
    assert 'value="kosong"' not in html and empty.name not in html


@pytest.mark.parametrize(
    "query",
    [
        {"category": "kabar\x00latuharhary"},
        {"tag": "ham\x00"},
        {"year": "²²²²"},
        {"year": "2021", "month": "²"},
        {"year": "2021", "month": "0000000000009"},
        {"category": "x" * 5000, "tag": ["a", "b"]},
    ],
)
def test_news_filters_that_match_nothing_answer_an_empty_list(client, site_tree, query):
    make_article(site_tree.news["id"], title="Kota HAM")
    response = client.get(site_tree.news["id"].url, query)
    assert response.status_code == 200

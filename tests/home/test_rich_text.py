"""home/rich_text.py: rich text's links to pages, printed from one query whatever the page types."""

from django.utils import translation

from wagtail.rich_text import expand_db_html

from home.site_tree import publish
from tests.factories import NewsArticlePageFactory


def link(page_id, text):
    return f'<p><a linktype="page" id="{page_id}">{text}</a></p>'


def test_links_to_pages_of_several_types_cost_one_query(site_tree, django_assert_num_queries):
    index, home = site_tree.news["id"], site_tree.home["id"]
    article = publish(index.add_child(instance=NewsArticlePageFactory.build(slug="kabar-semarang")))
    source = link(article.pk, "kabar") + link(index.pk, "berita") + link(home.pk, "beranda") + link(10**9, "hilang")
    with translation.override("id"):
        expand_db_html(source)  # the per-process memo warms: locale, site root paths
        with django_assert_num_queries(1):
            html = expand_db_html(source)
    assert f'<a href="{article.url}">kabar</a>' in html
    assert f'<a href="{index.url}">berita</a>' in html
    assert f'<a href="{home.url}">beranda</a>' in html
    assert "<a>hilang</a>" in html  # a deleted page leaves the words, as in Wagtail


def test_a_link_leads_to_the_readers_language_when_the_page_is_translated(site_tree):
    with translation.override("en"):
        html = expand_db_html(link(site_tree.news["id"].pk, "news"))
    assert f'<a href="{site_tree.news["en"].url}">news</a>' in html


def test_a_link_with_a_broken_id_keeps_its_words_and_is_no_error(site_tree):
    source = link("abc", "rusak") + link(10**30, "raksasa") + link("", "kosong") + link("²", "pangkat")
    source += link(site_tree.home["id"].pk, "ok")
    with translation.override("id"):
        html = expand_db_html(source)
    assert "<a>rusak</a>" in html and "<a>raksasa</a>" in html and "<a>kosong</a>" in html
    assert "<a>pangkat</a>" in html  # a digit to str.isdigit(), not to int()
    assert f'<a href="{site_tree.home["id"].url}">ok</a>' in html

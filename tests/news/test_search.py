import datetime

import pytest

from wagtail.rich_text import RichText

from home.site_tree import publish
from tests.factories import NewsArticlePageFactory


@pytest.fixture
def articles(site_tree, locales):
    semarang = NewsArticlePageFactory.build(
        title="Komnas HAM Dukung Semarang Menuju Kota HAM",
        lead="Pelatihan kabupaten/kota HAM bagi OPD.",
        body=[("paragraph", RichText("<p>Beka menjelaskan pentingnya penyusunan peta jalan Semarang Kota HAM.</p>"))],
        date=datetime.date(2021, 9, 1),
    )
    site_tree.news["id"].add_child(instance=semarang)
    publish(semarang)
    other = NewsArticlePageFactory.build(
        title="Penyuluhan HAM di Wonosobo", lead="Aparatur desa belajar HAM.", date=datetime.date(2021, 10, 1)
    )
    site_tree.news["id"].add_child(instance=other)
    publish(other)
    english = semarang.copy_for_translation(locales["en"])
    english.title = "Komnas HAM Supports Semarang"
    publish(english)
    return semarang, other, english


@pytest.mark.parametrize("query", ["Semarang", "peta jalan", "semarang kota"])
def test_indonesian_words_find_the_article(client, articles, query):
    semarang, other, english = articles
    html = client.get("/id/search/", {"q": query}).content.decode()
    assert f'href="{semarang.url}"' in html
    assert f'href="{other.url}"' not in html
    assert f'href="{english.url}"' not in html  # search is per language


def test_english_search_finds_only_english(client, articles):
    semarang, _other, english = articles
    html = client.get("/en/search/", {"q": "Semarang"}).content.decode()
    assert "Komnas HAM Supports <mark>Semarang</mark>" in html
    assert f'href="{semarang.url}"' not in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10000},
        {"q": "<script>alert(1)</script>"},
        {"q": "'; DROP TABLE wagtailcore_page; --"},
        {"q": "Semarang", "page": "abc"},
        {"q": "Semarang", "page": "999999"},
        {"q": "\x00"},
        {"q": '" OR 1=1 "*'},
        {"q": "   "},
        {"q": "AND OR NOT ( ) * :"},
    ],
)
def test_garbage_input_gives_a_normal_page(client, articles, params):
    response = client.get("/id/search/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_page_without_query(client, site_tree):
    response = client.get("/id/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()

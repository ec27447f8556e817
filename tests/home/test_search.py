"""The site's search knows Indonesian word forms, finds trainings as well as news, and marks the words found."""

import datetime

import pytest

from wagtail.models import Page

from home.search import highlight, stems
from home.site_tree import publish
from tests.factories import NewsArticlePageFactory, build_course


def test_indonesian_word_forms_share_a_stem():
    assert set(stems("melatih latihan pelatihan berlatih dilatih", "id")) == {"latih"}
    assert stems("Trained trainings", "en") == ["train", "train"]


def test_highlight_marks_every_form_and_escapes_the_rest():
    html = highlight("Pelatihan <HAM> untuk melatih ASN", ["latih"], "id")
    assert html == "<mark>Pelatihan</mark> &lt;HAM&gt; untuk <mark>melatih</mark> ASN"


@pytest.fixture
def content(site_tree, locales):
    article = NewsArticlePageFactory.build(
        title="Komnas HAM Dukung Semarang Menuju Kota HAM",
        lead="Pelatihan kabupaten/kota HAM bagi OPD.",
        date=datetime.date(2021, 9, 1),
    )
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    english = NewsArticlePageFactory.build(title="Training for civil servants", lead="Officials were trained.")
    site_tree.news["en"].add_child(instance=english)
    publish(english)
    course = build_course(site_tree.courses["id"], "Pelatihan Kabupaten/Kota HAM", "pelatihan-semarang")
    return article, english, course


@pytest.mark.parametrize("query", ["melatih", "latihan", "PELATIHAN"])
def test_other_forms_of_a_word_find_the_article_and_the_training(client, content, query):
    article, _english, course = content
    html = client.get("/id/search/", {"q": query}).text
    assert f'href="{article.url}"' in html and f'href="{course.url}"' in html
    assert "<mark>Pelatihan</mark> kabupaten/kota HAM bagi OPD." in html
    assert "<mark>Pelatihan</mark> Kabupaten/Kota HAM</a>" in html


def test_english_search_stems_english(client, content):
    _article, english, _course = content
    html = client.get("/en/search/", {"q": "training"}).text
    assert english.title.replace("Training", "<mark>Training</mark>") in html
    assert "Officials were <mark>trained</mark>." in html


def test_lessons_stay_out_of_the_public_search(client, content):
    _article, _english, course = content
    from courses.models import LessonPage

    lesson = LessonPage(title="Materi pelatihan hari pertama", slug="materi-1")
    course.add_child(instance=lesson)
    publish(lesson)
    assert Page.objects.filter(pk=lesson.pk, live=True).exists()
    assert "Materi pelatihan hari pertama" not in client.get("/id/search/", {"q": "materi"}).text

import pytest

from django.urls import reverse

from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation, Translation

from home.localize import translate_with_strings
from home.site_tree import publish
from tests.factories import NewsArticlePageFactory, UserFactory


@pytest.fixture
def article(site_tree):
    page = NewsArticlePageFactory.build(
        title="Pelatihan Kota HAM",
        slug="pelatihan-kota-ham",
        lead="Pelatihan daring bagi OPD.",
        body=[("paragraph", RichText("<p>Paragraf pertama.</p>"))],
    )
    site_tree.news["id"].add_child(instance=page)
    return publish(page)


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def test_editor_translates_in_admin_and_page_stays_linked(
    admin_client, article, locales, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[article.pk]), {"locales": [locales["en"].pk]}
        )
    assert response.status_code == 302
    english = article.get_translation(locales["en"])
    assert english.translation_key == article.translation_key
    assert english.get_parent().specific.locale == locales["en"]
    translation = Translation.objects.get(source__object_id=article.translation_key, target_locale=locales["en"])
    assert translation.enabled
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert edit.status_code == 200  # the translation editor opens for the English page


def test_sync_picks_up_later_source_edits(admin_client, article, locales, django_capture_on_commit_callbacks):
    english, missing = translate_with_strings(
        article,
        locales["en"],
        {"Pelatihan Kota HAM": "Human Rights City Training", "Paragraf pertama.": "First paragraph."},
    )
    assert english.live and english.title == "Human Rights City Training"
    assert "First paragraph." in str(english.body)
    assert missing >= 1  # the lead and slug were left for a translator

    article.body.append(("paragraph", RichText("<p>Paragraf baru.</p>")))  # as the editor adds a block
    publish(article)
    translation = Translation.objects.get(source__object_id=article.translation_key, target_locale=locales["en"])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[translation.source_id]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    english.refresh_from_db()
    body = str(english.body)
    assert "First paragraph." in body  # earlier translation kept
    assert "Paragraf baru." in body  # new source text appears until translated
    assert english.title == "Human Rights City Training"
    assert StringTranslation.objects.filter(locale=locales["en"], data="First paragraph.").exists()

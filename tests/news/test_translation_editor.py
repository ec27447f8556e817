"""wagtail-localize's translation editor publishes: it answers the translated page's edit view and
posts "publish" with no page form, which the admin guard must let through."""

from django.urls import reverse

from home.site_tree import publish
from tests.factories import NewsArticlePageFactory


def test_publish_in_english_from_the_translation_editor_puts_the_draft_live(
    client, site_tree, editor, locales, django_capture_on_commit_callbacks
):
    article = NewsArticlePageFactory.build(title="Berita untuk diterjemahkan", slug="untuk-diterjemahkan")
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtail_localize:submit_page_translation", args=[article.pk]), {"locales": [locales["en"].pk]}
        )
    english = article.get_translation(locales["en"])
    assert not english.live

    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    assert client.get(edit_url).status_code == 200  # the translation editor
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"action": "publish"})

    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live


def test_the_page_form_of_an_untranslated_page_is_still_checked(client, site_tree, editor):
    article = NewsArticlePageFactory.build(title="Berita biasa", slug="berita-biasa")
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    client.force_login(editor)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), {"action": "publish"})

    assert response.status_code == 400

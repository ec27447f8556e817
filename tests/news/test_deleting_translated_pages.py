"""Deleting an article that has a translation: the editor sees it and chooses; readers are never
switched to another language without being told."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from home.groups import EDITORS
from home.site_tree import publish
from news.models import ShortLink
from tests.factories import NewsArticlePageFactory, UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def translated(site_tree, locales):
    article = NewsArticlePageFactory.build(title="Kabar sumber", slug="kabar-sumber")
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    english = article.copy_for_translation(locales["en"])
    english.title = "Source news"
    publish(english)
    Redirect.objects.create(old_path="/kabar-lama", redirect_page=article)
    return article, english


def test_the_confirmation_lists_translations_and_redirects(client, editor, translated):
    article, english = translated
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_pages:delete", args=[article.pk]))
    assert page.status_code == 200
    assert "Source news" in page.text and 'name="translations" value="keep"' in page.text
    assert "/kabar-lama" in page.text


def test_keeping_the_translations_deletes_only_the_source(client, editor, translated):
    article, english = translated
    code = ShortLink.objects.get(translation_key=article.translation_key).code
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[article.pk]), {"translations": "keep"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=article.pk).exists()
    assert Page.objects.get(pk=english.pk).live
    client.logout()
    indonesian_reader = client.get(f"/s/{code}/", HTTP_ACCEPT_LANGUAGE="id")
    assert indonesian_reader.status_code == 200  # offered the English article, not sent to it
    assert 'hreflang="en"' in indonesian_reader.text


def test_deleting_the_translations_too(client, editor, translated):
    article, english = translated
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:delete", args=[article.pk]), {"translations": "delete"})
    assert not Page.objects.filter(pk__in=[article.pk, english.pk]).exists()


def test_a_page_without_translations_keeps_wagtails_own_confirmation(client, editor, site_tree):
    lonely = NewsArticlePageFactory.build(title="Sendiri", slug="sendiri")
    site_tree.news["id"].add_child(instance=lonely)
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_pages:delete", args=[lonely.pk]))
    assert page.status_code == 200 and 'name="translations"' not in page.text

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import WorkflowState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.groups import EDITORS, WRITERS
from home.site_tree import publish
from news.models import NewsArticlePage
from tests.factories import NewsArticlePageFactory, UserFactory


@pytest.fixture
def writer(db):
    user = UserFactory(username="penulis")
    user.groups.add(Group.objects.get(name=WRITERS))
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def article_form(**extra):
    data = {
        "title": "Draf dari penulis",
        "slug": "draf-dari-penulis",
        "lead": "Ringkasan berita.",
        "body": streamfield([("paragraph", rich_text("<p>Isi berita dari penulis.</p>"))]),
        "writers": inline_formset([]),
        "related_links": inline_formset([]),
        "tags": "",
        "date": "",
        "image_alt": "",
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", parent.pk])


def test_writer_cannot_publish_and_submits_to_editor(client, site_tree, writer, editor):
    client.force_login(writer)
    response = client.post(add_url(site_tree.news["id"]), article_form(**{"action-publish": "Publish"}))
    assert response.status_code in (200, 302, 403)
    assert not NewsArticlePage.objects.filter(live=True).exists()

    response = client.post(
        add_url(site_tree.news["id"]), article_form(slug="draf-kedua", **{"action-submit": "Submit"})
    )
    assert response.status_code == 302
    page = NewsArticlePage.objects.get(slug="draf-kedua")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.permissions_for_user(writer).can_publish()

    task_state = state.current_task_state
    assert editor in task_state.task.specific.groups.get().user_set.all()
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_editor_can_publish_directly(client, site_tree, editor):
    client.force_login(editor)
    response = client.post(add_url(site_tree.news["id"]), article_form(**{"action-publish": "Publish"}))
    assert response.status_code == 302
    assert NewsArticlePage.objects.get(slug="draf-dari-penulis").live


def test_writer_cannot_touch_categories_or_translate(client, site_tree, writer):
    client.force_login(writer)
    assert client.get(reverse("wagtailsnippets_news_category:add")).status_code in (302, 403)
    assert not writer.has_perm("wagtail_localize.submit_translation")


def test_publish_and_sync_offers_update_of_translations(
    client, site_tree, editor, locales, django_capture_on_commit_callbacks
):
    from home.localize import translate_with_strings

    article = NewsArticlePageFactory.build(title="Berita sumber", slug="berita-sumber")
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    translate_with_strings(article, locales["en"], {"Berita sumber": "Source news"})
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    html = client.get(edit_url).content.decode()
    with translation.override("id"):
        assert gettext("Publish and sync translations") in html

    stale = client.get(reverse("stale_translations")).content.decode()
    assert ">Berita sumber</a>" not in stale

    article.title = "Berita sumber diperbarui"
    publish(article)
    stale = client.get(reverse("stale_translations")).content.decode()
    assert ">Berita sumber diperbarui</a>" in stale

    form = article_form(
        title="Berita sumber diperbarui lagi", slug="berita-sumber", **{"action-publish": "publish-and-sync"}
    )
    response = client.post(edit_url, form)
    assert response.status_code == 302
    assert "/admin/localize/update/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    stale = client.get(reverse("stale_translations")).content.decode()
    assert ">Berita sumber diperbarui lagi</a>" in stale  # going back from the sync screen syncs nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], {"publish_translations": "on"})
    assert response.status_code == 302
    english = article.get_translation(locales["en"])
    assert english.live
    assert english.title == "Berita sumber diperbarui lagi"  # untranslated new text falls back to the source
    stale = client.get(reverse("stale_translations")).content.decode()
    assert ">Berita sumber diperbarui lagi</a>" not in stale
    with translation.override("id"):  # the admin speaks the site's default language to this user
        assert gettext("Every translation is up to date.") in stale


def test_translate_this_page_creates_an_english_draft_that_nobody_reads_yet(
    client, site_tree, editor, locales, django_capture_on_commit_callbacks
):
    article = NewsArticlePageFactory.build(title="Berita yang belum diterjemahkan", slug="belum-diterjemahkan")
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[article.pk]), {"locales": [locales["en"].pk]}
        )
    assert response.status_code == 302
    english = article.get_translation(locales["en"])
    assert not english.live and english.has_unpublished_changes
    client.logout()
    assert client.get("/en/news/belum-diterjemahkan/").status_code == 404
    assert "Berita yang belum diterjemahkan" not in client.get(site_tree.news["en"].url).text
    assert "Berita yang belum diterjemahkan" not in client.get("/en/").text


def test_machine_translation_uses_dummy_translator_in_tests(settings):
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["CLASS"].endswith("DummyTranslator")


def test_text_still_in_indonesian_on_the_english_page_says_so(client, site_tree, locales):
    from home.localize import translate_with_strings

    article = NewsArticlePageFactory.build(
        title="Judul Indonesia",
        slug="judul-indonesia",
        lead="Ringkasan yang belum diterjemahkan.",
        body=[("paragraph", RichText("<p>Paragraf yang belum diterjemahkan.</p>"))],
    )
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    english, missing = translate_with_strings(article, locales["en"], {"Judul Indonesia": "English title"})
    assert missing > 0
    html = client.get(english.url).text
    assert "<h1>English title</h1>" in html
    assert '<div lang="id">' in html and "Paragraf yang belum diterjemahkan." in html
    assert '<p class="lead" lang="id">Ringkasan yang belum diterjemahkan.</p>' in html
    assert '<div lang="id">' not in client.get(article.url).text


def test_the_photo_credit_is_a_name_labelled_in_the_readers_language(client, site_tree, locales):
    from tests.factories import ImageFactory

    article = NewsArticlePageFactory.build(title="Berita berfoto", slug="berita-berfoto", image_alt="Peserta")
    article.image = ImageFactory(credit="Humas Pemkot Semarang")
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    english = publish(article.copy_for_translation(locales["en"]))
    assert "Foto: Humas Pemkot Semarang" in client.get(article.url).text
    assert "Photo: Humas Pemkot Semarang" in client.get(english.url).text


def test_the_stale_translations_report_is_closed_to_whoever_cannot_see_its_menu_item(client, writer, editor):
    for user, shown in ((writer, False), (editor, True)):
        client.force_login(user)
        reports_menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert ("stale-translations" in reports_menu) is shown
        for name in ("stale_translations", "stale_translations_results"):
            response = client.get(reverse(name))
            assert (response.status_code == 200) is shown, (user, name)
            if not shown:
                assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_a_translation_does_not_list_the_sources_indonesian_tags(client, site_tree, locales):
    article = NewsArticlePageFactory.build(title="Berita bertag", slug="berita-bertag")
    site_tree.news["id"].add_child(instance=article)
    article.tags.add("kota-ham")
    publish(article)
    english = publish(article.copy_for_translation(locales["en"]))
    assert "#kota-ham" in client.get(article.url).text
    assert "#kota-ham" not in client.get(english.url).text
    english.tags.set(["human-rights-city"], clear=True)
    publish(english)
    assert "#human-rights-city" in client.get(english.url).text  # an editor's own English tags show

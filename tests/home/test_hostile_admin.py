"""Guards in front of Wagtail's own views (home/admin_guards.py): 400 or 405 instead of a 500 or a logout."""

import pytest

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.groups import EDITORS
from news.models import NewsArticlePage
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def article_form(**body):
    """A complete new-article form, or one whose StreamField keys are replaced by `body`."""
    data = nested_form_data(
        {
            "title": "Berita uji",
            "slug": "berita-uji",
            "lead": "Ringkasan berita.",
            "body": streamfield([("paragraph", rich_text("<p>Isi berita.</p>"))]),
            "writers": inline_formset([]),
            "related_links": inline_formset([]),
            "tags": "",
            "date": "",
            "image_alt": "",
        }
    )
    if body:
        data = {key: value for key, value in data.items() if not key.startswith("body-")} | body
    return data


def add_url(site_tree):
    return reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", site_tree.news["id"].pk])


@pytest.mark.parametrize(
    "body",
    [
        {"body-0-type": "paragraph"},  # no body-count
        {"body-count": "tiga"},
        {"body-count": "1"},  # no keys for the block it counts
        {
            "body-count": "1",
            "body-0-deleted": "",
            "body-0-order": "satu",
            "body-0-type": "paragraph",
            "body-0-value": "{}",
        },
        {
            "body-count": "1",
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-type": "paragraph",
            "body-0-value": "{bukan json",
        },
    ],
)
def test_a_page_form_with_a_broken_streamfield_is_a_400(client, site_tree, editor, body):
    client.force_login(editor)

    response = client.post(add_url(site_tree), article_form(**body))

    assert response.status_code == 400
    assert not NewsArticlePage.objects.filter(slug="berita-uji").exists()


def test_a_complete_page_form_still_saves_and_edits(client, site_tree, editor):
    client.force_login(editor)

    response = client.post(add_url(site_tree), article_form())

    assert response.status_code == 302
    article = NewsArticlePage.objects.get(slug="berita-uji")
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert client.post(edit_url, article_form(**{"body-count": "x"})).status_code == 400
    assert client.post(edit_url, article_form()).status_code == 302


@pytest.mark.parametrize("query", ["id=abc", "id=1&id=%C2%B2", "id=99999999999999999999999", "id=all&childOf=abc"])
def test_a_bulk_action_on_non_numeric_ids_is_a_400(client, site_tree, editor, query):
    client.force_login(editor)

    response = client.get(reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + "?" + query)

    assert response.status_code == 400


def test_a_bulk_action_on_numeric_ids_still_opens(client, site_tree, editor):
    client.force_login(editor)
    page = site_tree.news["id"]

    response = client.get(reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"]), {"id": page.pk})

    assert response.status_code == 200


def test_logout_by_get_is_refused_and_keeps_the_session(client, editor):
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_logout"))

    assert response.status_code == 405 and response["Allow"] == "POST"
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


@pytest.fixture
def quiz_form(db):
    from tests.quiz.builders import make_question, make_quiz

    question = make_question("Apa itu HAM?")
    quiz = make_quiz([question])
    edit_url = reverse("wagtailsnippets_quiz_quiz:edit", args=[quiz.pk])
    form = {
        "title": quiz.title,
        "slug": quiz.slug,
        "kind": quiz.kind,
        "category": "",
        "pass_mark": "60",
        "max_attempts": "1",
        "fixed_questions-TOTAL_FORMS": "1",
        "fixed_questions-INITIAL_FORMS": "1",
        "fixed_questions-MIN_NUM_FORMS": "0",
        "fixed_questions-MAX_NUM_FORMS": "1000",
        "fixed_questions-0-id": str(quiz.fixed_questions.get().pk),
        "fixed_questions-0-question": str(question.pk),
        "fixed_questions-0-ORDER": "1",
        "bank_rules-TOTAL_FORMS": "0",
        "bank_rules-INITIAL_FORMS": "0",
        "bank_rules-MIN_NUM_FORMS": "0",
        "bank_rules-MAX_NUM_FORMS": "1000",
    }
    return edit_url, form


@pytest.mark.parametrize("key", ["category", "fixed_questions-0-question", "fixed_questions-0-id"])
@pytest.mark.parametrize("garbage", ["abc", "9" * 5000, "99999999999999999999999", "a\x00b", "<script>"])
def test_a_chooser_holding_something_other_than_an_id_is_a_400(client, quiz_form, key, garbage):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    edit_url, form = quiz_form

    response = client.post(edit_url, {**form, key: garbage})

    assert response.status_code == 400
    assert key in response.content.decode()


def test_a_chooser_holding_an_id_still_reaches_the_form(client, quiz_form):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    edit_url, form = quiz_form

    assert client.post(edit_url, {**form, "category": "999999"}).status_code == 200  # the form's own error
    assert client.post(edit_url, form).status_code in (200, 302)


@pytest.mark.parametrize("intro", ["abc", "1", "[]", '{"blocks": 5}', "{" * 5000])
def test_a_rich_text_field_that_is_not_the_editor_s_json_is_a_400(client, site_tree, editor, intro):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[site_tree.news["id"].pk])

    response = client.post(edit_url, {"title": "Berita", "slug": "berita", "intro": intro})

    assert response.status_code == 400
    assert "intro" in response.content.decode()
    assert (
        client.post(edit_url, {"title": "Berita", "slug": "berita", "intro": rich_text("<p>Kabar</p>")}).status_code
        != 400
    )


@pytest.mark.parametrize(
    "path",
    ["/admin/snippets/news/category/results/", "/admin/snippets/home/person/", "/admin/images/", "/admin/users/"],
)
def test_a_nul_byte_in_an_admin_query_parameter_is_a_400(client, site_tree, path):
    """PostgreSQL refuses a NUL byte in text, and Wagtail's listing filters (`locale`) pass it on."""
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))

    assert client.get(path, {"locale": "i\x00d"}).status_code == 400
    assert client.get(path, {"q": ["kota", "a\x00b"]}).status_code == 400
    assert client.get(path, {"locale": "id"}).status_code == 200

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Locale, WorkflowPage

from home.groups import EDITORS, WORKFLOW_NAME, WRITERS


@pytest.mark.django_db
def test_both_locales_and_editorial_groups_exist_after_migrate():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"id", "en"}
    assert set(Group.objects.values_list("name", flat=True)) >= {WRITERS, EDITORS}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert WorkflowPage.objects.get(page__depth=1).workflow.name == WORKFLOW_NAME


def test_root_redirects_by_accept_language(client, site_tree):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/id/"
    assert client.get("/")["Location"] == "/id/"


def test_home_pages_render_in_both_languages(client, site_tree):
    response = client.get("/id/")
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_site_tree_names_each_apps_section_in_menu_order(site_tree):
    """The apps add their sections through home's SITE_SECTIONS hook, in the hooks' order."""
    assert list(site_tree.sections) == ["news", "courses"]
    assert site_tree.news["id"].get_parent().pk == site_tree.home["id"].pk
    assert site_tree.courses["en"].get_parent().pk == site_tree.home["en"].pk
    assert site_tree.news["id"].path < site_tree.courses["id"].path

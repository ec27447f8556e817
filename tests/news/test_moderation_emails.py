"""Wagtail's moderation e-mails reach each editor in the language they read the admin in, from the
institution by name rather than a bare address."""

from email.utils import parseaddr

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from home.groups import EDITORS, WRITERS
from tests.factories import UserFactory

TITLE = "Komnas HAM Pantau Penggusuran di Kampung Tambakrejo"


def staff(username, group, language):
    user = UserFactory(username=username, email=f"{username}@latuharhary.test")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def submitted(client, site_tree, mailoutbox):
    """A writer's article submitted to the editors, one reading the admin in Indonesian, one in English."""
    editors = {language: staff(f"editor-{language}", EDITORS, language) for language in ("id", "en")}
    client.force_login(staff("penulis", WRITERS, "id"))
    form = {
        "title": TITLE,
        "slug": "pantau-penggusuran",
        "lead": "Ringkasan berita.",
        "body": streamfield([("paragraph", rich_text("<p>Isi berita.</p>"))]),
        "writers": inline_formset([]),
        "related_links": inline_formset([]),
        "tags": "",
        "date": "",
        "image_alt": "",
        "action-submit": "Submit",
    }
    add_url = reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", site_tree.news["id"].pk])
    assert client.post(add_url, nested_form_data(form)).status_code == 302
    return {language: [m for m in mailoutbox if m.to == [editor.email]] for language, editor in editors.items()}


def test_the_editor_is_told_in_indonesian_or_english_as_they_read_the_admin(submitted):
    (indonesian,) = submitted["id"]
    (english,) = submitted["en"]
    assert (
        indonesian.subject
        == f'Halaman "{TITLE}" telah diajukan untuk disetujui pada tahap tinjauan "Persetujuan Editor"'
    )
    assert "Anda dapat menyunting halaman tersebut di sini:" in indonesian.body
    assert (
        english.subject
        == f'The page "{TITLE}" has been submitted for approval in moderation stage "Persetujuan Editor"'
    )
    assert "You can edit the page here:" in english.body


def test_moderation_emails_come_from_the_institution_by_name(submitted, settings):
    for message in submitted["id"] + submitted["en"]:
        name, address = parseaddr(message.message()["From"])
        assert name == settings.EMAIL_FROM_NAME and name
        assert "@" in address

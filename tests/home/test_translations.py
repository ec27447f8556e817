"""The Indonesian interface has no English holes: every string in the code is translated, none is fuzzy.

`make messages` extracts the strings into locale/id; this test extracts them again into a copy of the
project, so a string added without its translation fails here rather than showing English to an
Indonesian reader or editor.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("locale/id/LC_MESSAGES/django.po")
SKIP = shutil.ignore_patterns(".venv", ".git", "media", "staticfiles", "node_modules", "__pycache__", "*.sqlite3")


def holes(catalogue):
    return {
        "untranslated": [entry.msgid for entry in catalogue.untranslated_entries()],
        "fuzzy": [entry.msgid for entry in catalogue.fuzzy_entries()],
    }


def test_the_committed_catalogue_is_complete():
    assert holes(polib.pofile(ROOT / CATALOGUE)) == {"untranslated": [], "fuzzy": []}


PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfi]|%[sdfi]")


def test_every_translation_keeps_the_placeholders_of_its_source():
    """A renamed placeholder ("%(e-mail)s" for "%(email)s") is a KeyError when the message is sent, or
    English when a template falls back; a dropped count hides the number from the reader."""
    wrong = []
    for entry in polib.pofile(ROOT / CATALOGUE).translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if not set(PLACEHOLDER.findall(text)) <= wanted or (
                not entry.msgid_plural and set(PLACEHOLDER.findall(text)) != wanted
            ):
                wrong.append((entry.msgid, text))
            elif entry.msgid_plural and not set(PLACEHOLDER.findall(entry.msgid_plural)) <= set(
                PLACEHOLDER.findall(text)
            ):
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_string_in_the_code_has_its_translation(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "id", "--no-obsolete", "--ignore", "bench/*"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    assert holes(polib.pofile(copy / CATALOGUE)) == {"untranslated": [], "fuzzy": []}


def test_the_admin_speaks_indonesian_where_wagtails_own_catalogue_is_silent(client, django_user_model, site_tree):
    editor = django_user_model.objects.create_superuser("redaktur", "redaktur@example.org", "x")
    client.force_login(editor)
    dashboard = client.get("/admin/").text
    # Wagtail 8's id_ID catalogue lacks these; locale/wagtail/ supplies them.
    for english, indonesian in [("Reports", "Laporan"), ("Help", "Bantuan")]:
        assert indonesian in dashboard
        assert f">{english}<" not in dashboard
    editing = client.get(f"/admin/pages/{site_tree.home['id'].pk}/edit/").text
    assert "Tindakan lain" in editing and "More actions" not in editing
    # Wagtail's own Indonesian says "Simpan konsep"; the newsroom's word for a draft is "draf".
    assert "Simpan draf" in editing and "Simpan konsep" not in editing

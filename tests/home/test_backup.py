"""backup_site and restore_site: a backup restored into a fresh database holds every row and file.

Every table is compared by row count, so records of apps added later are covered without naming
them; an article with its image, a submitted quiz attempt with its answers, a certificate and a
participant are checked by value.
"""

import io
import os
import shutil
import stat
import tarfile
import uuid
from pathlib import Path

import dj_database_url
import pytest

from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import ConnectionHandler

from courses.certificates.issuing import issue_certificate
from courses.quiz.models import Answer
from courses.quiz.sitting import save_answer, start_or_resume, submit
from home.site_tree import publish
from tests.certificates.conftest import certified_course, completed
from tests.factories import ImageFactory, NewsArticlePageFactory, make_participant
from tests.quiz.builders import choice_key, make_question, make_quiz

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tables():
    models = apps.get_models(include_auto_created=True)
    return sorted({model._meta.db_table for model in models if model._meta.managed and not model._meta.proxy})


def row_counts(db):
    counts = {}
    with db.cursor() as cursor:
        for table in tables():
            cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(table)}")  # noqa: S608  (table names from models)
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def content(site_tree):
    image = ImageFactory(title="Diskusi Kota HAM")
    article = NewsArticlePageFactory.build(
        title="Komnas HAM Dukung Semarang", slug="semarang", image=image, image_alt="Peserta diskusi"
    )
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    participant = make_participant("dewi")
    questions = [make_question(f"Pertanyaan {number}") for number in range(3)]
    quiz = make_quiz(questions)
    attempt = start_or_resume(participant, quiz)
    for seq, question in enumerate(questions, start=1):
        save_answer(attempt, question.translation_key, [choice_key(question, "B")], seq=seq)
    submit(attempt, quiz)
    attempt.refresh_from_db()
    course = certified_course(site_tree.courses["id"])
    certificate, _created = issue_certificate(completed(course, "sari"), course)
    return {
        "article": article,
        "image": image,
        "attempt": attempt,
        "participant": participant,
        "certificate": certificate,
    }


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the test database's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    name = f"latuharhary_restore_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    settings_dict = connection.settings_dict
    url = f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{name}"
    if settings_dict["PASSWORD"]:
        url = url.replace("@", f":{settings_dict['PASSWORD']}@", 1)
    try:
        yield url
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def back_up(tmp_path):
    call_command("backup_site", output=str(tmp_path / "backups"), stdout=io.StringIO())
    (backup,) = (tmp_path / "backups").glob("latuharhary-*.tar")
    return backup


def test_restore_into_a_fresh_database_finds_everything(content, fresh_database, tmp_path, settings):
    expected = row_counts(connection)
    backup = back_up(tmp_path)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # personal data: the owner's eyes only
    with tarfile.open(backup) as archive:
        names = archive.getnames()
    assert "manifest.json" in names and any(name.startswith("media/original_images/") for name in names)

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore_site",
        str(backup),
        database_url=fresh_database,
        media_root=str(restored_media),
        interactive=False,
        stdout=io.StringIO(),
    )

    restored = ConnectionHandler({"default": dj_database_url.parse(fresh_database)})["default"]
    try:
        assert row_counts(restored) == expected
        article, attempt = content["article"], content["attempt"]
        with restored.cursor() as cursor:
            cursor.execute("SELECT title, live FROM wagtailcore_page WHERE id = %s", [article.pk])
            assert cursor.fetchone() == ("Komnas HAM Dukung Semarang", True)
            cursor.execute(f"SELECT state, passed FROM {attempt._meta.db_table} WHERE id = %s", [attempt.pk])  # noqa: S608
            assert cursor.fetchone() == (attempt.state, attempt.passed)
            cursor.execute(f"SELECT COUNT(*) FROM {Answer._meta.db_table} WHERE attempt_id = %s", [attempt.pk])  # noqa: S608
            assert cursor.fetchone()[0] == 3
            cursor.execute("SELECT email FROM home_user WHERE id = %s", [content["participant"].pk])
            assert cursor.fetchone() == ("dewi@example.org",)
            certificate = content["certificate"]
            cursor.execute(
                f"SELECT number, verification_code FROM {certificate._meta.db_table} WHERE id = %s",  # noqa: S608
                [certificate.pk],
            )
            assert cursor.fetchone() == (certificate.number, certificate.verification_code)
    finally:
        restored.close()
    image_file = Path(content["image"].file.path).relative_to(settings.MEDIA_ROOT)
    assert (restored_media / image_file).read_bytes() == Path(content["image"].file.path).read_bytes()


def test_restore_refuses_a_database_of_the_other_kind(content, tmp_path):
    backup = back_up(tmp_path)
    other = "postgres://postgres@127.0.0.1:5432/nowhere" if connection.vendor == "sqlite" else "sqlite:///x.sqlite3"
    with pytest.raises(CommandError, match="restore it into a"):
        call_command("restore_site", str(backup), database_url=other, interactive=False)


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w") as archive:
        archive.add(__file__, arcname="notes.py")
    with pytest.raises(CommandError, match="not a Latuharhary backup"):
        call_command("restore_site", str(not_a_backup), database_url="sqlite:///x.sqlite3", interactive=False)
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore_site", str(tmp_path / "missing.tar"), interactive=False)

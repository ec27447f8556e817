"""The embedded SQLite with concurrent writers: a web request and the task worker writing at the
same moment wait for each other instead of failing with "database is locked"."""

import threading
import time

import pytest

from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from tests.home.test_settings import production_settings

ALIAS = "concurrent-sqlite"
WRITERS = 2
TRANSACTIONS = 15


@pytest.fixture(scope="module")
def embedded_options():
    """The OPTIONS the embedded default gets (tests run on an in-memory database without them)."""
    return production_settings()["db"]["OPTIONS"]


def database(path, options):
    return DatabaseWrapper({**connections["default"].settings_dict, "NAME": str(path), "OPTIONS": options}, ALIAS)


def read_then_write(path, options, errors):
    """What a save does: read in a transaction, then write (Wagtail's revision, the task's row)."""
    connections[ALIAS] = database(path, options)
    try:
        for _number in range(TRANSACTIONS):
            with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (count,) = cursor.fetchone()
                time.sleep(0.005)  # the other writer gets in between
                cursor.execute("UPDATE counter SET n = %s", [count + 1])
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]


def run_writers(path, options, django_db_blocker):
    with django_db_blocker.unblock():
        setup = database(path, options)
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
            cursor.execute("INSERT INTO counter (n) VALUES (0)")
        errors = []
        threads = [threading.Thread(target=read_then_write, args=(path, options, errors)) for _i in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with setup.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            (count,) = cursor.fetchone()
            cursor.execute("PRAGMA journal_mode")
            (journal_mode,) = cursor.fetchone()
        setup.close()
    return errors, count, journal_mode


def test_two_writers_at_once_both_succeed(tmp_path, embedded_options, django_db_blocker):
    errors, count, journal_mode = run_writers(tmp_path / "db.sqlite3", embedded_options, django_db_blocker)
    assert errors == []
    assert count == WRITERS * TRANSACTIONS  # and no update lost
    assert journal_mode == "wal"


def test_without_the_embedded_options_the_same_writers_fail(tmp_path, django_db_blocker):
    """The check above can fail: SQLite's default (deferred) transactions lock each other out."""
    errors, _count, _journal_mode = run_writers(tmp_path / "db.sqlite3", {"timeout": 20}, django_db_blocker)
    assert any("database is locked" in str(error) for error in errors)

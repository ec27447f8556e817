import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "BASE_URL"}
    }
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="news.example.org", BASE_URL="https://news.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY="k" * 64)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_to_start_without_its_base_url():
    result = run_manage("check", SECRET_KEY="k" * 64, ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "BASE_URL must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    secret = "x7!Qm2#Lp9@Zr4$Tv8^Wb1&Yc6*Nd3(Ke5)Hf0_Gj-Ua+Sb=Oc;Pd:Re,Sf.Tg"
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="news.example.org",
        BASE_URL="https://news.example.org",
        CERTIFICATE_SIGNING_KEY="MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",  # 32 bytes, base64
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_without_a_signing_key_starts_and_check_deploy_warns():
    secret = "x7!Qm2#Lp9@Zr4$Tv8^Wb1&Yc6*Nd3(Ke5)Hf0_Gj-Ua+Sb=Oc;Pd:Re,Sf.Tg"
    started = run_manage(
        "check", SECRET_KEY=secret, ALLOWED_HOSTS="news.example.org", BASE_URL="https://news.example.org"
    )
    assert started.returncode == 0, started.stderr
    deploy = run_manage(
        "check", "--deploy", SECRET_KEY=secret, ALLOWED_HOSTS="news.example.org", BASE_URL="https://news.example.org"
    )
    assert deploy.returncode == 0 and "certificates.W001" in deploy.stderr


def production_settings(**env):
    """Selected settings as production.py computes them from `env` (in a fresh interpreter)."""
    import json

    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.core.files.storage import storages; media = storages['default']; "
        "print(json.dumps({'db': s.DATABASES['default'], 'tasks': s.TASKS, 'apps': s.INSTALLED_APPS, "
        "'rq': getattr(s, 'RQ_QUEUES', None), 'caches': s.CACHES, 'sessions': s.SESSION_ENGINE, "
        "'search': s.WAGTAILSEARCH_BACKENDS['default'], 'media': type(media).__module__, "
        "'media_url': media.url('images/foto.jpg'), 'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES'], "
        "'docs': getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None)}, default=str))"
    )
    environment = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "news.example.org",
        "BASE_URL": "https://news.example.org",
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_without_services():
    config = production_settings()
    assert config["db"]["ENGINE"] == "django.db.backends.sqlite3"
    # Concurrent writers (web server and task worker) wait for each other instead of failing.
    assert config["db"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["db"]["OPTIONS"]["timeout"] >= 20
    assert "PRAGMA journal_mode=WAL" in config["db"]["OPTIONS"]["init_command"]
    assert config["tasks"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert config["sessions"] == "django.contrib.sessions.backends.db"
    assert config["search"]["BACKEND"] == "home.search_backend"
    assert config["media"] == "django.core.files.storage.filesystem"


def test_postgresql_and_redis_from_the_environment():
    config = production_settings(
        DATABASE_URL="postgres://app:secret@db.internal:5432/latuharhary",
        DB_CONNECT_TIMEOUT="4",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert config["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert config["db"]["CONN_MAX_AGE"] == 60
    assert config["db"]["CONN_HEALTH_CHECKS"] is True
    assert config["db"]["OPTIONS"]["connect_timeout"] == 4
    assert "transaction_mode" not in config["db"]["OPTIONS"]  # SQLite's only
    # A query a connection repeats is prepared: planned once per connection, not per request.
    assert config["db"]["OPTIONS"]["server_side_binding"] is True
    assert config["db"]["OPTIONS"]["prepare_threshold"] == 5
    assert config["caches"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert config["caches"]["default"]["OPTIONS"]["socket_timeout"] == 2
    assert config["tasks"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert config["rq"]["default"]["URL"] == "redis://cache.internal:6379/0"
    assert "django_tasks_rq" in config["apps"]
    # Sessions stay in the database: an app-server or Redis restart logs nobody out.
    assert config["sessions"] == "django.contrib.sessions.backends.db"


def test_the_database_task_queue_can_be_kept_with_redis():
    config = production_settings(REDIS_URL="redis://cache.internal:6379/0", TASKS_BACKEND="database")
    assert config["tasks"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_rq" not in config["apps"]


def test_prepared_statements_can_be_switched_off_for_a_transaction_pooler():
    config = production_settings(DATABASE_URL="postgres://app@db.internal/latuharhary", DB_PREPARE_THRESHOLD="off")
    assert "server_side_binding" not in config["db"]["OPTIONS"]
    assert "prepare_threshold" not in config["db"]["OPTIONS"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db
def test_a_query_the_connection_repeats_becomes_a_prepared_statement():
    from wagtail.models import Page

    for slug in ["home", "berita", "pelatihan", "tidak-ada", "lagi", "sekali-lagi"]:
        list(Page.objects.filter(slug=slug).values_list("id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"wagtailcore_page"."slug" = $1' in statement for statement in prepared), prepared


def test_psycopg_pool_instead_of_persistent_connections():
    config = production_settings(DATABASE_URL="postgres://app@db.internal/latuharhary", DB_POOL_MAX_SIZE="8")
    assert config["db"]["CONN_MAX_AGE"] == 0
    assert config["db"]["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 5.0}


def test_media_on_s3_compatible_storage():
    config = production_settings(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="latuharhary-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="ap-southeast-3",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="example-secret",  # noqa: S106
    )
    assert config["media"] == "storages.backends.s3"
    # A signed, expiring URL into the private bucket, built without a network call.
    assert config["media_url"].startswith("https://s3.example.org/latuharhary-media/media/images/foto.jpg?")
    assert "Signature" in config["media_url"] or "X-Amz-Signature" in config["media_url"]
    assert config["docs"] == "serve_view"
    assert "https://s3.example.org" in config["csp"]["img-src"]


def test_search_on_opensearch():
    config = production_settings(SEARCH_BACKEND="opensearch3", SEARCH_URL="https://search.internal:9200")
    assert config["search"]["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert config["search"]["URLS"] == ["https://search.internal:9200"]

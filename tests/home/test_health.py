"""Liveness, readiness, and the 503 page when the database or Redis is gone."""

import json
from unittest import mock

import pytest

from django.db import InterfaceError, OperationalError
from django.test import Client

from home import readiness

pytestmark = pytest.mark.django_db


def test_liveness_is_constant_and_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readiness_reports_every_part(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "tasks": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_names_a_failing_database(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"  # load balancers and probes back off, as on the 503 page
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == "OperationalError"
    assert body["checks"]["cache"] == "ok"


def test_readiness_names_a_failing_cache(client):
    with mock.patch.object(readiness.cache, "set", side_effect=ConnectionError("refused")):
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_readiness_checks_the_database_task_queue_table(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get("/health/ready/").status_code == 200
    with mock.patch("django_tasks_db.models.DBTaskResult.objects") as manager:
        manager.exists.side_effect = OperationalError("relation does not exist")
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["tasks"]


@pytest.mark.parametrize(("url", "status"), [("redis://127.0.0.1:6379/15", 200), ("redis://127.0.0.1:1/0", 503)])
def test_readiness_pings_the_redis_task_queue(client, settings, url, status):
    """The RQ backend's Redis (on loopback: a running one, and a closed port)."""
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    if status == 200:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip("no Redis on 127.0.0.1:6379")
    response = client.get("/health/ready/")
    assert response.status_code == status
    assert response.json()["checks"]["tasks"] == ("ok" if status == 200 else "ConnectionError")


@pytest.fixture
def client_without_raise():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError("connection refused"), InterfaceError("connection already closed")])
def test_a_database_outage_in_a_view_is_a_503_page(client_without_raise, site_tree, error):
    with mock.patch("wagtail.models.Site.find_for_request", side_effect=error):
        response = client_without_raise.get("/id/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Situs sedang tidak tersedia" in text
    assert "temporarily unavailable" in text
    assert "Traceback" not in text


def test_a_database_outage_while_loading_the_session_is_a_503_page(client_without_raise, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-12345-long")
    client_without_raise.force_login(user)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError("gone")):
        response = client_without_raise.get("/id/my-courses/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_redis_outage_is_a_503_page(client_without_raise, site_tree):
    import redis

    with mock.patch("wagtail.models.Site.find_for_request", side_effect=redis.ConnectionError("refused")):
        response = client_without_raise.get("/id/")
    assert response.status_code == 503


def test_other_errors_stay_500(client_without_raise, site_tree):
    with mock.patch("wagtail.models.Site.find_for_request", side_effect=ValueError("bug")):
        response = client_without_raise.get("/id/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_503_page_renders_without_the_database(django_assert_num_queries):
    from django.test import RequestFactory

    from home.views import server_error

    request = RequestFactory().get("/id/")
    with django_assert_num_queries(0):
        try:
            raise OperationalError("down")
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503


def test_readiness_body_is_json_on_failure(client):
    with mock.patch.object(readiness, "CHECKS", {"database": lambda: "OperationalError"}):
        response = client.get("/health/ready/")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["failing"] == ["database"]

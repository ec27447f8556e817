"""Request ids in responses and in every log line of the request; JSON log lines."""

import io
import json
import logging
import re

import pytest

from django.http import HttpResponse
from django.urls import path

from home.request_id import RequestIdFilter, current_request_id

# Every request but the /health/ probes reads the Wagtail site (home/routing.py, SiteMiddleware).
pytestmark = pytest.mark.django_db

logger = logging.getLogger("tests.request_logging")


def logging_view(request):
    logger.warning("inside the view")
    return HttpResponse("logged")


def failing_view(request):
    raise ValueError("broken view")


urlpatterns = [path("log/", logging_view), path("fail/", failing_view)]


@pytest.fixture
def captured_json_log():
    """The project's JSON formatter and request-id filter on a handler that writes to a buffer."""
    from pythonjsonlogger.json import JsonFormatter

    from django.conf import settings

    formatter_config = dict(settings.LOGGING["formatters"]["json"])
    formatter_config.pop("()")
    formatter_config["fmt"] = formatter_config.pop("format")  # dictConfig's name for it
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter(**formatter_config))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.urls("tests.home.test_request_logging")
def test_a_request_id_is_made_and_returned(client):
    first = client.get("/log/")["X-Request-ID"]
    second = client.get("/log/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.urls("tests.home.test_request_logging")
def test_the_proxys_request_id_is_kept(client):
    response = client.get("/log/", HTTP_X_REQUEST_ID="3f2a9c0e1b7d4e58a6c2f0b9d8e7a615")
    assert response["X-Request-ID"] == "3f2a9c0e1b7d4e58a6c2f0b9d8e7a615"


@pytest.mark.urls("tests.home.test_request_logging")
@pytest.mark.parametrize("incoming", ["short", "has spaces in it", "x" * 200, "<script>alert(1)</script>"])
def test_an_unlikely_request_id_is_replaced(client, incoming):
    response = client.get("/log/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.urls("tests.home.test_request_logging")
def test_every_log_line_of_a_request_carries_its_id_as_json(client, captured_json_log):
    response = client.get("/log/", HTTP_X_REQUEST_ID="req-1234567890")
    assert response.status_code == 200
    [line] = [line for line in lines(captured_json_log) if line["logger"] == "tests.request_logging"]
    assert line["message"] == "inside the view"
    assert line["request_id"] == "req-1234567890"
    assert line["level"] == "WARNING"
    assert "time" in line
    # Outside a request the id is "-".
    assert current_request_id.get() == "-"


@pytest.mark.urls("tests.home.test_request_logging")
def test_djangos_error_log_of_a_failing_request_carries_its_id(captured_json_log):
    from django.test import Client

    response = Client(raise_request_exception=False).get("/fail/", HTTP_X_REQUEST_ID="req-failing-0001")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-failing-0001"
    errors = [line for line in lines(captured_json_log) if line["logger"] == "django.request"]
    assert errors
    assert {line["request_id"] for line in errors} == {"req-failing-0001"}
    assert "broken view" in errors[0]["exc_info"]


def test_the_settings_log_json_in_production_and_text_in_dev():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = "import logging, django; django.setup(); logging.getLogger('probe').warning('hello %s', 'world')"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "news.example.org",
        "BASE_URL": "https://news.example.org",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["message"] == "hello world"
    assert record["level"] == "WARNING"
    assert record["logger"] == "probe"
    assert record["request_id"] == "-"

    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert re.search(r"WARNING \[-\] probe: hello world", result.stderr)

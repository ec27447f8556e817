"""`make prod-check`: the production configuration, run for real on loopback, then stopped.

1. A fresh PostgreSQL database and Redis (database 6, flushed), with production settings from the
   environment as an operator would set them (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL;
   HTTPS redirects on, so requests say `X-Forwarded-Proto: https` like the load balancer would).
2. `migrate`, then `check --deploy --fail-level WARNING`: must be clean.
3. The demo site, static files, then the services in SERVICES: gunicorn, an RQ worker and varnishd
   with deploy/varnish/default.vcl (add a service there and it is started and stopped with the others).
4. Smoke tests of the pages in `smoke_pages()` (home, an article, a course page, the certificate
   verification page when that view exists; add a row to extend), the security headers, the
   liveness and readiness endpoints, a task enqueued in Redis and run by the worker, and an article
   through Varnish: cached, then a publish visible within a second (deploy/varnish_check.py).

Bounded: the whole run must end within DEADLINE seconds, or it stops everything and fails.
Everything it started is stopped and the database dropped, whatever happens (deploy/stack.py).
Run: `make prod-check` or `.venv/bin/python deploy/prod_check.py`.
"""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import BASE_DIR, HOST, Stack, get, log  # noqa: E402

DEADLINE = 600  # seconds for the whole run (migrations and the demo take most of it)
HTTPS = {"X-Forwarded-Proto": "https"}


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        log(f"  {'ok  ' if condition else 'FAIL'} {message}")
        if not condition:
            self.failures.append(message)
        return condition


def start_gunicorn(stack):
    stack.start_gunicorn()


def start_task_worker(stack):
    command = [
        sys.executable,
        "manage.py",
        "rqworker",
        "default",
        "--job-class",
        "django_tasks_rq.Job",
        "--with-scheduler",
    ]
    stack.start(command, "rqworker", "rqworker.log")
    log("RQ worker on queue default")


def start_varnish(stack):
    stack.start_varnish()


# (name, start function) in start order; each is stopped by the Stack, in reverse order.
SERVICES = [("gunicorn", start_gunicorn), ("task worker", start_task_worker), ("varnish", start_varnish)]


def smoke_pages():
    """[(what, path or None when it does not exist yet, text the page must contain)]."""
    from django.urls import Resolver404, resolve

    from courses.models import CoursePage
    from news.models import NewsArticlePage

    article = NewsArticlePage.objects.live().filter(locale__language_code="id").order_by("-date").first()
    course = CoursePage.objects.live().filter(locale__language_code="id").first()
    pages = [
        ("home page", "/id/", "<main"),
        ("English home page", "/en/", "<main"),
        ("news index", article.get_parent().url if article else None, "<main"),
        ("article", article.url if article else None, article.title if article else ""),
        ("course page", course.url if course else None, course.title if course else ""),
    ]
    try:
        from courses.certificates.models import Certificate

        certificate = Certificate.objects.order_by("pk").first()
        path = certificate.verification_path if certificate else None
        if path:
            resolve(path)
        pages.append(("certificate verification", path, certificate.number if certificate else ""))
    except (ImportError, Resolver404):
        pages.append(("certificate verification", None, ""))
    return pages


def check_deploy(stack, check):
    log("manage.py check --deploy --fail-level WARNING")
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, cwd=BASE_DIR, env=stack.env, capture_output=True, text=True, timeout=120)
    for line in (result.stdout + result.stderr).strip().splitlines():
        log(f"    {line}")
    check(result.returncode == 0, "check --deploy is clean")


def smoke(stack, check):
    port = stack.gunicorn_port
    log(f"smoke tests on http://{HOST}:{port}/")
    for what, path, text in smoke_pages():
        if path is None:
            log(f"  skip {what}: not in this build")
            continue
        status, headers, body = get(port, path, headers=HTTPS)
        check(status == 200 and text in body.decode(), f"{what} {path}: {status}")

    status, headers, _body = get(port, "/id/", headers=HTTPS)
    policy = headers.get("content-security-policy", "")
    check("script-src 'self'" in policy and "unsafe-inline" not in policy, "Content-Security-Policy on public pages")
    check(headers.get("strict-transport-security", "").startswith("max-age="), "HSTS")
    check(headers.get("x-content-type-options") == "nosniff", "X-Content-Type-Options")
    check(headers.get("x-frame-options") == "DENY", "X-Frame-Options")
    check(headers.get("referrer-policy") == "strict-origin-when-cross-origin", "Referrer-Policy")
    check(len(headers.get("x-request-id", "")) == 32, "X-Request-ID")

    status, headers, _body = get(port, "/id/")
    check(status == 301 and headers.get("location", "").startswith("https://"), "plain HTTP is sent to HTTPS")
    status, _headers, body = get(port, "/health/")
    check(status == 200 and body == b"ok", "liveness /health/ (plain HTTP, as a load balancer probes)")
    status, _headers, body = get(port, "/health/ready/")
    ready = json.loads(body) if body.startswith(b"{") else {}
    check(status == 200 and ready.get("status") == "ok", f"readiness /health/ready/: {status} {ready}")
    status, _headers, _body = get(port, "/admin/login/", headers=HTTPS)
    check(status == 200, "admin login page")
    status, _headers, body = get(port, "/id/no-such-page/", headers=HTTPS)
    check(status == 404, "an unknown page is a 404")


def task_round_trip(check, timeout=20):
    from django_tasks import TaskResultStatus

    from home.tasks import echo

    result = echo.enqueue("pong")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and result.status not in {
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.FAILED,
    }:
        time.sleep(0.2)
        result.refresh()
    check(
        result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "pong",
        f"a task enqueued in Redis is run by the worker ({result.status})",
    )


def varnish_publish(stack, check):
    """Through Varnish: an article is cached, and a publish is visible within a second (purge)."""
    from deploy.varnish_check import check_publish_visible, seed_article

    port = stack.varnish_port
    article, (article_url, _english_url) = seed_article()
    log(f"Varnish on http://{HOST}:{port}/: {article_url}")
    get(port, article_url, headers=HTTPS)
    status, headers, _body = get(port, article_url, headers=HTTPS)
    check(
        status == 200 and headers.get("x-cache") == "HIT",
        f"article cached by Varnish: X-Cache {headers.get('x-cache')}",
    )
    check_publish_visible(port, article, article_url, check, headers=HTTPS)


def on_deadline(signum, frame):
    raise TimeoutError(f"prod-check did not finish within {DEADLINE} s")


def main():
    signal.signal(signal.SIGALRM, on_deadline)
    signal.alarm(DEADLINE)
    checks = Checks()
    started = time.monotonic()
    with Stack("prod_check", redis_db=6, gunicorn_port=8781) as stack:
        stack.env["SECURE_SSL_REDIRECT"] = "1"
        stack.env["TASKS_BACKEND"] = "rq"
        try:
            stack.create_database()
            log("migrate…")
            stack.manage("migrate", "--noinput", "--verbosity", "0")
            check_deploy(stack, checks.check)
            stack.load_demo()
            for name, start in SERVICES:
                log(f"starting {name}…")
                start(stack)
            stack.setup_django()
            smoke(stack, checks.check)
            task_round_trip(checks.check)
            varnish_publish(stack, checks.check)
        except Exception as error:  # noqa: BLE001 - reported, then everything is stopped
            checks.failures.append(f"{type(error).__name__}: {error}")
            log(f"FAIL {type(error).__name__}: {error}")
            for name in ("gunicorn.log", "rqworker.log", "varnishd.log"):
                tail = stack.log_tail(name)
                if tail:
                    log(f"--- {name}\n{tail}")
        finally:
            signal.alarm(0)
    elapsed = time.monotonic() - started
    if checks.failures:
        log(f"prod-check FAILED in {elapsed:.0f} s: " + "; ".join(checks.failures))
        sys.exit(1)
    log(f"prod-check passed in {elapsed:.0f} s; everything it started is stopped")


if __name__ == "__main__":
    main()

"""`make bench`: the pages caching cannot help, and a class pressing "Mulai" together, in one table.

One run on loopback (deploy/stack.py): a fresh PostgreSQL database with the demo site (dropped
afterwards), Redis database 7 (flushed) as the cache, gunicorn with production settings and 2 sync
workers. Debian's `wrk` (1 thread, 8 connections, --warmup then --duration seconds per row) loads:

| row | what |
| --- | --- |
| /health/ | the constant view: the yardstick |
| article, news index, home | anonymous with a `csrftoken` cookie, so the page cache steps aside (docs/caching.md); their shared part comes from the content cache, as for a logged-in reader |
| dashboard, lesson, quiz page, forum thread, action plan | a demo participant's session cookie |
| article, news index, home (full render) | the same, with gunicorn restarted with `CONTENT_CACHE=0`: every request renders in full, as the first one after a publish does (for reference; no target) |

Then the start spike: --participants enrolled participants with sessions made on the server open
the quiz page before it opens (the lobby draws each paper), and, released together by a barrier,
all press "Mulai" in the same second; the same number of clients released together ask for
/health/ (the yardstick at the same concurrency). It reports errors, both p99s and their ratio,
and the queries a start and an answer save send (counted in this process against the same
database and cache, transaction control left out).

Targets (issue 18) are printed beside each figure. Not a test: absolute numbers depend on the
machine and on wrk sharing its cores; the ratios are what compare. Finishes in about 3–4 minutes.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from cache_bench import parse_wrk  # noqa: E402  (bench/ is the script's directory)
from load_client import Browser, Failure, expect, percentile  # noqa: E402
from quiz_load import add_quiz_page, enrolled_participants, run_cohort, session_for  # noqa: E402

from deploy.stack import HOST, Stack, ensure_debian_package, get, log  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results" / "page_bench.json"
SEED_TITLE = "Komnas HAM Dukung Semarang Menuju Kota HAM"
PARTICIPANT = "asn.bappeda"  # a demo participant with attempts, forum threads and an action plan
BYPASS_COOKIE = "csrftoken=" + "b" * 32  # a personal cookie: the page cache steps aside
SPIKE_QUESTIONS = 10
LOBBY_BATCH = 25  # participants opening the quiz page at the same time, before it opens
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")

# name: (target ratio to /health/ requests/s, query budget); see tests/test_query_budgets.py.
PAGE_TARGETS = {
    "article (uncached)": 0.08,
    "news index (uncached)": 0.08,
    "home (uncached)": 0.08,
    "dashboard": 0.04,
    "lesson": 0.04,
    "quiz page": 0.04,
    "forum thread": 0.04,
    "action plan": 0.04,
}
START_QUERIES, SAVE_QUERIES, SPIKE_P99_RATIO = 10, 5, 10.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds measured per row (default: 5)")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of unmeasured load per row (default: 1)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default: 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default: 2)")
    parser.add_argument("--participants", type=int, default=300, help="participants in the start spike (default: 300)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a spike may take (default: 120)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    args = parser.parse_args()
    args.threads = 1  # wrk: one thread, leaving a core to the server
    if not 1 <= args.duration <= 60 or not 0 <= args.warmup <= 30 or not 1 <= args.connections <= 64:
        parser.error("--duration must be 1–60 s, --warmup 0–30 s and --connections 1–64")
    if not 1 <= args.participants <= 2000:
        parser.error("--participants must be 1–2000")
    return args


# Setting up the database (this process, the stack's settings) ----------------------------------


def participant_urls():
    """The demo participant's session and the URLs of their pages."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import translation

    from courses.community.models import ForumThread
    from courses.demo import semarang_course
    from courses.models import LessonPage
    from courses.quiz.models import QuizPage
    from news.models import NewsArticlePage, NewsIndexPage

    user = get_user_model().objects.get(username=PARTICIPANT)
    course = semarang_course()
    thread = ForumThread.objects.filter(course_key=course.course_key).order_by("pk").first()
    with translation.override("id"):
        urls = {
            "article (uncached)": NewsArticlePage.objects.live().get(locale__language_code="id", title=SEED_TITLE).url,
            "news index (uncached)": NewsIndexPage.objects.live().get(locale__language_code="id").url,
            "home (uncached)": "/id/",
            "dashboard": reverse("courses_dashboard"),
            "lesson": LessonPage.objects.live().child_of(course).order_by("path").first().url,
            "quiz page": QuizPage.objects.live().child_of(course).order_by("path").first().url,
            "forum thread": reverse("community_thread", args=[course.course_key, thread.pk]),
            "action plan": reverse("community_my_plan", args=[course.course_key]),
        }
    return session_for(user), urls


def spike_quiz(count):
    """A 10-question quiz page in the demo course that opens in a while, and `count` enrolled participants."""
    from django.utils import timezone

    from wagtail.models import Locale

    from courses.demo import semarang_course
    from courses.quiz.models import Quiz

    course = semarang_course()
    quiz = Quiz(
        title="Ujian serentak",
        slug="ujian-serentak",
        kind="post_test",
        locale=Locale.objects.get(language_code="id"),
        open_at=timezone.now() + timedelta(days=1),
        max_attempts=1,
    )
    page = add_quiz_page(course, quiz, "Ujian serentak", "ujian-serentak", SPIKE_QUESTIONS)
    return quiz, page.url, enrolled_participants(course, "serentak", count + 1)


def open_now(quiz):
    from django.utils import timezone

    type(quiz).objects.filter(pk=quiz.pk).update(open_at=timezone.now() - timedelta(seconds=1))


def queries_per_start_and_save(user, url):
    """(start, save) SQL statements, counted in this process with Django's test client on the same stack."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from courses.quiz.models import Attempt

    def counted(call):
        with CaptureQueriesContext(connection) as captured:
            response = call()
        return response, sum(not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL) for q in captured)

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    client.get(url)  # the lobby
    response, start = counted(lambda: client.post(url + "start/"))
    if response.status_code != 302:
        sys.exit(f"start for the query count answered {response.status_code}")
    attempt = Attempt.objects.filter(user=user).latest("pk")
    question, choices = next(iter(attempt.choice_orders.items()))
    body = json.dumps({"question_key": question, "choice_keys": [choices[0]], "seq": 1})
    with translation.override("id"):
        save_url = reverse("quiz_save_answer", args=[attempt.pk])
    response, save = counted(
        lambda: client.post(
            save_url,
            body,
            content_type="application/json",
        )
    )
    if response.status_code != 200:
        sys.exit(f"the answer save for the query count answered {response.status_code}: {response.content[:200]!r}")
    return start, save


# Measuring ---------------------------------------------------------------------------------------


def wrk(wrk_path, port, path, seconds, args, headers=()):
    """bench/cache_bench.py's wrk call, with a 30 s timeout: a slow answer on a busy machine is slow, not an error."""
    command = [wrk_path, "-t1", "-c", str(args.connections), "-d", f"{seconds}s", "--timeout", "30s", "--latency"]
    for header in ("Accept-Language: id", *headers):
        command += ["-H", header]
    command.append(f"http://{HOST}:{port}{path}")
    return subprocess.run(command, capture_output=True, text=True, timeout=seconds + 90, check=True).stdout


def load_row(wrk_path, port, name, path, args, cookie):
    headers = [f"Cookie: {cookie}"] if cookie else []
    request_headers = {"Accept-Language": "id", **({"Cookie": cookie} if cookie else {})}
    status, response_headers, body = get(port, path, headers=request_headers)
    if status != 200 or "x-page-cache" in response_headers:
        sys.exit(f"{name}: {path} answered {status} {response_headers.get('x-page-cache', '')}, not a full render")
    if args.warmup:
        wrk(wrk_path, port, path, args.warmup, args, headers)
    row = parse_wrk(wrk(wrk_path, port, path, args.duration, args, headers))
    row.update(name=name, path=path, bytes=len(body))
    log(f"  {name:<22} {row['requests_per_s']:>8.1f} req/s")
    return row


def spike(port, sessions, quiz_url, quiz, args):
    """The lobby (each participant opens the quiz page), then everybody presses "Mulai" at once."""
    secret = "c" * 32  # the CSRF cookie's secret, sent back as the form's token (Django accepts it unmasked)

    def lobby(slot, browser, latencies):
        response, content = browser.request("GET", quiz_url)
        expect(response, content, 200, "quiz page (lobby)")

    def health(slot, browser, latencies):
        started = time.perf_counter()
        response, content = browser.request("GET", "/health/")
        latencies.setdefault("health", []).append(time.perf_counter() - started)
        expect(response, content, 200, "/health/")

    def start(slot, browser, latencies):
        form = f"csrfmiddlewaretoken={secret}".encode()
        posted = {"Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        response, content = browser.request("POST", f"{quiz_url}start/", form, posted)
        latencies.setdefault("start", []).append(time.perf_counter() - started)
        expect(response, content, 302, "start")
        if "/attempt/" not in response.headers.get("Location", ""):
            raise Failure(f"start: sent to {response.headers.get('Location')!r}, not to an attempt")

    def with_cookies(slot):
        browser = Browser(port, sessions[slot])
        browser.cookies["csrftoken"] = secret
        return browser

    count = len(sessions)
    lobby_errors, lobby_s = [], 0.0
    for first in range(0, count, LOBBY_BATCH):  # participants arrive over minutes, not in one burst
        batch = min(LOBBY_BATCH, count - first)
        _latencies, errors, elapsed = run_cohort(
            "lobby", batch, lambda slot, first=first: with_cookies(first + slot), lobby, args.timeout
        )
        lobby_errors += errors
        lobby_s += elapsed
    log(f"  lobby: {count} participants opened the quiz page, {LOBBY_BATCH} at a time, in {lobby_s:.1f} s")
    health_latencies, health_errors, _elapsed = run_cohort(
        "health", count, lambda slot: Browser(port), health, args.timeout
    )
    open_now(quiz)
    time.sleep(0.5)
    start_latencies, start_errors, start_s = run_cohort("start", count, with_cookies, start, args.timeout)
    log(f"  start: {count} participants pressed Mulai together, all answered in {start_s:.1f} s")
    return {
        "participants": count,
        "lobby_errors": len(lobby_errors),
        "lobby_error_samples": lobby_errors[:5],
        "errors": len(health_errors) + len(start_errors),
        "error_samples": (start_errors + health_errors)[:5],
        "health_p99_ms": percentile(health_latencies.get("health", []), 0.99) * 1000,
        "start_p50_ms": percentile(start_latencies.get("start", []), 0.50) * 1000,
        "start_p99_ms": percentile(start_latencies.get("start", []), 0.99) * 1000,
        "starts": len(start_latencies.get("start", [])),
        "start_all_s": start_s,
    }


def verdict(met):
    return "pass" if met else "FAIL"


def print_table(load, args, rows, spike_row, start_queries, save_queries):
    health = rows["/health/"]["requests_per_s"]
    print()
    print(
        f"make bench — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} before the run; gunicorn {args.workers} sync workers, "
        f"PostgreSQL + Redis on loopback, wrk -t1 -c{args.connections} -d{args.duration}s"
    )
    header = f"{'row':<24} {'req/s':>9} {'÷ /health/':>10} {'p99 ms':>9} {'errors':>7}  target"
    print(header)
    print("-" * (len(header) + 22))
    for name, row in rows.items():
        errors = row["non_2xx"] + row["socket_errors"]
        ratio = row["requests_per_s"] / health if health else float("nan")
        target = PAGE_TARGETS.get(name)
        if target:
            goal = f"≥ {target:.0%} of /health/: {verdict(ratio >= target and not errors)}"
        else:
            goal = "yardstick" if name == "/health/" else "reference: the first render after a publish"
        print(f"{name:<24} {row['requests_per_s']:>9.1f} {ratio:>10.1%} {row['p99_ms']:>9.1f} {errors:>7}  {goal}")
    ratio = spike_row["start_p99_ms"] / spike_row["health_p99_ms"] if spike_row["health_p99_ms"] else float("nan")
    count = spike_row["participants"]
    print()
    print(f"start spike: {count} participants press Mulai in the same second (after the lobby)")
    if spike_row["lobby_errors"]:
        print(f"  (the lobby failed for {spike_row['lobby_errors']}: they drew their paper at the start)")
    print(f"  errors                    {spike_row['errors']:>9}  target 0: {verdict(spike_row['errors'] == 0)}")
    print(f"  /health/ p99, {count} at once {spike_row['health_p99_ms']:>7.0f} ms")
    print(
        f"  start p99                 {spike_row['start_p99_ms']:>6.0f} ms  = {ratio:.1f}× /health/ p99,"
        f" target ≤ {SPIKE_P99_RATIO:.0f}×: {verdict(ratio <= SPIKE_P99_RATIO)}"
    )
    print(
        f"  queries per start         {start_queries:>9}  target ≤ {START_QUERIES}: {verdict(start_queries <= START_QUERIES)}"
    )
    print(
        f"  queries per answer save   {save_queries:>9}  target ≤ {SAVE_QUERIES}: {verdict(save_queries <= SAVE_QUERIES)}"
    )
    return ratio


def main():
    args = parse_args()
    wrk_path = ensure_debian_package("wrk", "wrk")
    load = os.getloadavg()
    if load[0] > 1.0:
        log(f"warning: load average {load[0]:.1f} before starting: other work will skew the numbers")
    rows = {}
    with Stack("page_bench", redis_db=7, gunicorn_port=8773, workers=args.workers) as stack:
        stack.env.pop("VARNISH_URL")  # no Varnish here: nothing to purge
        stack.prepare()
        stack.setup_django()
        session, urls = participant_urls()
        quiz, quiz_url, users = spike_quiz(args.participants)
        sessions = [session_for(user) for user in users[:-1]]
        start_queries, save_queries = None, None
        stack.start_gunicorn()
        port = stack.gunicorn_port
        log(f"measuring: wrk -t1 -c{args.connections}, {args.warmup} s warm-up + {args.duration} s per row")
        rows["/health/"] = load_row(wrk_path, port, "/health/", "/health/", args, None)
        for name, path in urls.items():
            cookie = BYPASS_COOKIE if "uncached" in name else f"sessionid={session}"
            rows[name] = load_row(wrk_path, port, name, path, args, cookie)
        spike_row = spike(port, sessions, quiz_url, quiz, args)
        start_queries, save_queries = queries_per_start_and_save(users[-1], quiz_url)
        stack.stop_process("gunicorn")
        stack.env["CONTENT_CACHE"] = "0"  # every render in full, as the first after a publish
        stack.start_gunicorn()
        for name, path in urls.items():
            if "uncached" in name:
                full = name.replace("uncached", "full render")
                rows[full] = load_row(wrk_path, port, full, path, args, BYPASS_COOKIE)
    ratio = print_table(load, args, rows, spike_row, start_queries, save_queries)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": "cms.settings.production",
        "database": "postgresql (fresh, demo data, dropped afterwards); redis database 7 as the cache",
        "server": f"gunicorn, {args.workers} sync workers",
        "load_generator": f"wrk -t1 -c{args.connections}, {args.warmup} s warm-up + {args.duration} s per row",
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in load],
        "python": platform.python_version(),
        "rows": rows,
        "spike": {**spike_row, "start_p99_vs_health_p99": ratio},
        "queries": {"start": start_queries, "answer_save": save_queries},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()

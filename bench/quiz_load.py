"""A cohort takes the post-test at once: answer saves and submissions under load, against /health/.

Creates a fresh PostgreSQL database on 127.0.0.1 (`latuharhary_bench`, dropped again at the end),
migrates it and, in a child process of this same file (`--setup`), builds a course with a
10-question post-test and enrols N participants, each logged in through a session created on the
server (no password hashing in the measurement). gunicorn then serves it with production settings,
and N client threads, released together, each:

    open the quiz page, start the attempt, load the paper, save 10 answers through the JSON
    autosave endpoint, submit

Before that, a few unmeasured participants warm every worker up, then the same N clients keep
/health/ (the constant view, the yardstick) busy for --health-seconds, and 8 clients do the same
for reference, as bench/serve_bench.py does; one client keeps probing /health/ during the quiz.
Every request counts as an error unless it answers as a participant's browser expects, and the
database is checked afterwards: every attempt submitted, with 10 answers each. Results go to
bench/results/quiz_load.json. Connections are opened before the clients are released, so no
measured request includes the TCP set-up.

Not a test: run it by hand (needs `psql` and a PostgreSQL server that trusts 127.0.0.1).
"""

import argparse
import json
import os
import platform
import random
import re
import secrets
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from load_client import (  # bench/ is the script's directory, so on sys.path
    HOST,
    Browser,
    Failure,
    expect,
    free_port,
    probe_health,
    summary,
    timed,
    wait_until_up,
)

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "quiz_load.json"
DATABASE = "latuharhary_bench"
QUESTIONS = 10
QUIET_CLIENTS = 8  # as bench/serve_bench.py: the constant view without a crowd, for reference
PSQL = ["psql", "-h", HOST, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-At"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=300, help="simulated participants (default: 300)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers, 2 to 4 (default: 4)")
    parser.add_argument("--threads", type=int, default=2, help="gthread threads per worker (default: 2)")
    parser.add_argument("--port", type=int, default=8766, help="preferred port; a free one is used if it is taken")
    parser.add_argument(
        "--warmup", type=int, default=24, help="participants who take the quiz first, unmeasured (default: 24)"
    )
    parser.add_argument(
        "--health-seconds", type=float, default=10.0, help="seconds the clients load /health/ (default: 10)"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds allowed for each phase (default: 300)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if not 1 <= args.participants <= 1000:
        parser.error("--participants must be between 1 and 1000")
    if not 2 <= args.workers <= 4 or not 1 <= args.threads <= 32:
        parser.error("--workers must be between 2 and 4 and --threads between 1 and 32")
    if not 0 <= args.warmup <= 200:
        parser.error("--warmup must be between 0 and 200")
    if not 1 <= args.health_seconds <= 120:
        parser.error("--health-seconds must be between 1 and 120")
    if not 10 <= args.timeout <= 1800:
        parser.error("--timeout must be between 10 and 1800 seconds")
    return args


# The database, built by a child process with Django set up against it ----------------------------


def setup_database(participants):
    """Runs in the child: the site, a course, its post-test and enrolled, logged-in participants."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from wagtail.models import Locale

    from courses.models import CoursePage
    from courses.quiz.models import Quiz
    from home.site_tree import ensure_site_tree, publish

    tree = ensure_site_tree(hostname=HOST, port=80)
    course = CoursePage(
        title="Pelatihan Kabupaten/Kota HAM (uji beban)",
        slug="uji-beban",
        summary="Kohort uji beban.",
        objectives="<p>Memahami kerangka kabupaten/kota HAM.</p>",
        start_date=datetime(2021, 8, 16).date(),
        end_date=datetime(2021, 9, 7).date(),
    )
    tree.courses["id"].add_child(instance=course)
    publish(course)
    quiz = Quiz(
        title="Post-test Kota HAM",
        slug="posttest-bench",
        kind="post_test",
        locale=Locale.get_default(),
        review_content="full",
    )
    page = add_quiz_page(course, quiz, "Post-test", "post-test", QUESTIONS, explained=True)
    users = enrolled_participants(course, "bench", participants)
    sessions = [session_for(user) for user in users]
    print(json.dumps({"quiz_url": page.url, "sessions": sessions}))


def add_quiz_page(course, quiz, title, slug, questions, explained=False):
    """`quiz` with `questions` fixed four-choice questions (the second choice right), published under `course`."""
    from courses.quiz.models import Choice, Question, QuizPage, QuizQuestion
    from home.site_tree import publish

    for number in range(1, questions + 1):
        question = Question(text=f"Pertanyaan {number} tentang kota HAM?", locale=quiz.locale)
        if explained:
            question.explanation = f"Penjelasan {number}."
        for option in range(4):
            question.choices.add(Choice(text=f"Pilihan {option + 1}", is_correct=option == 1))
        question.save()
        quiz.fixed_questions.add(QuizQuestion(question=question))
    quiz.save()
    page = QuizPage(title=title, slug=slug, quiz=quiz)
    course.add_child(instance=page)
    publish(page)
    return page


def enrolled_participants(course, prefix, count):
    """`count` new accounts (no usable password) with an approved enrolment in `course`."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from courses.choices import EnrolmentStatus
    from courses.models import Enrolment

    user_model = get_user_model()
    unusable = make_password(None)
    users = user_model.objects.bulk_create(
        user_model(username=f"{prefix}{n:04d}", email=f"{prefix}{n:04d}@example.org", password=unusable)
        for n in range(count)
    )
    Enrolment.objects.bulk_create(
        Enrolment(user=user, course_key=course.course_key, status=EnrolmentStatus.APPROVED) for user in users
    )
    return users


def session_for(user):
    """A logged-in session for `user`, made on the server side: its key, for a `sessionid` cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def psql(sql, database="postgres"):
    result = subprocess.run([*PSQL, "-d", database, "-c", sql], capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def drop_database():
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def production_env(database_url):
    """Production settings with a throwaway key, plain HTTP on loopback, the bench database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare(env, participants):
    drop_database()
    psql(f"CREATE DATABASE {DATABASE}")
    steps = [
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
    ]
    for step in steps:
        if subprocess.run(step, cwd=BASE_DIR, env=env).returncode:
            sys.exit(f"{' '.join(step[1:3])} failed (see above)")
    child = subprocess.run(
        [sys.executable, __file__, "--setup", "--participants", str(participants)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        sys.exit(f"setting up the cohort failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


# The load generator ------------------------------------------------------------------------------


def take_quiz(browser, quiz_url, latencies, rng):
    """One participant: the quiz page, start, the paper, 10 autosaves, submit, as the browser would."""
    response, content = timed(latencies, "quiz page", lambda: browser.request("GET", quiz_url))
    expect(response, content, 200, "quiz page")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
    form = f"csrfmiddlewaretoken={token}".encode()
    posted = {"Content-Type": "application/x-www-form-urlencoded"}
    response, content = timed(latencies, "start", lambda: browser.request("POST", f"{quiz_url}start/", form, posted))
    expect(response, content, 302, "start")
    attempt_path = urlsplit(response.headers["Location"]).path
    response, content = timed(latencies, "paper", lambda: browser.request("GET", attempt_path))
    expect(response, content, 200, "paper")
    questions = [
        (key.decode(), re.findall(rb'name="choice" value="([^"]+)"', body))
        for key, body in re.findall(rb'<form[^>]*data-question-key="([^"]+)"[^>]*>(.*?)</form>', content, re.S)
    ]
    if len(questions) != QUESTIONS or b"is-correct" in content:
        raise Failure(f"paper: {len(questions)} questions, or the answer key showed")
    save_path = re.search(rb'data-save-url="([^"]+)"', content).group(1).decode()
    json_headers = {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token}
    for seq, (key, choices) in enumerate(questions, start=1):
        body = json.dumps({"question_key": key, "choice_keys": [rng.choice(choices).decode()], "seq": seq})
        response, content = timed(
            latencies,
            "answer save",
            lambda body=body: browser.request("POST", save_path, body, json_headers),
        )
        expect(response, content, 200, "answer save")
        if json.loads(content) != {"saved": True, "seq": seq}:
            raise Failure(f"answer save: {content[:200]!r}")
    confirm = form + b"&confirm=1"
    response, content = timed(
        latencies, "submission", lambda: browser.request("POST", f"{attempt_path}submit/", confirm, posted)
    )
    expect(response, content, 302, "submission")


def hit_health(browser, latencies, seconds):
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        response, content = timed(latencies, "health", lambda: browser.request("GET", "/health/"))
        expect(response, content, 200, "/health/")


def run_cohort(name, count, connect, job, timeout):
    """`count` clients, connected first, then released together to run job(slot, browser, latencies).

    Bounded by `timeout` seconds; a client that has not finished by then counts as an error.
    """
    barrier = threading.Barrier(count + 1)
    outcomes = [None] * count

    def client(slot):
        latencies, error, browser = {}, None, None
        try:
            browser = connect(slot)
            browser.conn.connect()  # TCP set-up is not part of any measured request
            barrier.wait(timeout=60)
            job(slot, browser, latencies)
        except Failure as failure:
            error = str(failure)
        except Exception as failure:  # any crash in a client thread is an error to report
            error = repr(failure)
        finally:
            if browser is not None:
                browser.close()
        outcomes[slot] = (latencies, error)

    threads = [threading.Thread(target=client, args=(slot,), daemon=True) for slot in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    deadline = started + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    elapsed = time.perf_counter() - started
    unfinished = sum(outcome is None for outcome in outcomes)
    latencies, errors = {}, []
    for outcome in outcomes:
        if outcome is None:
            continue
        for step, values in outcome[0].items():
            latencies.setdefault(step, []).extend(values)
        if outcome[1]:
            errors.append(outcome[1])
    errors += [f"{name}: a client did not finish within {timeout:.0f} s"] * unfinished
    return latencies, errors, elapsed


# The run -----------------------------------------------------------------------------------------


def count_rows():
    sql = (
        "SELECT (SELECT count(*) FROM quiz_attempt WHERE state = 'submitted'),"
        " (SELECT count(*) FROM quiz_attempt), (SELECT count(*) FROM quiz_answer)"
    )
    submitted, attempts, answers = (int(value) for value in psql(sql, DATABASE).split("|"))
    return {"submitted_attempts": submitted, "attempts": attempts, "answers": answers}


def measure(port, cohort, args):
    n = args.participants
    quiz_url, sessions = cohort["quiz_url"], cohort["sessions"]

    def participant(offset):
        return lambda slot: Browser(port, sessions[offset + slot])

    def take(slot, browser, latencies):
        take_quiz(browser, quiz_url, latencies, random.Random(slot))

    if args.warmup:  # every worker loads its code and templates before anything is measured
        _latencies, errors, elapsed = run_cohort("warm-up", args.warmup, participant(n), take, args.timeout)
        if errors:
            sys.exit(f"the warm-up failed: {errors[0]}")
        print(f"  warm-up: {args.warmup} participants in {elapsed:.1f} s (not measured)", flush=True)
    health, health_errors, health_elapsed = run_cohort(
        "health",
        n,
        lambda slot: Browser(port),
        lambda slot, browser, latencies: hit_health(browser, latencies, args.health_seconds),
        args.timeout,
    )
    print(f"  /health/: {n} clients for {health_elapsed:.1f} s", flush=True)
    quiet, quiet_errors, quiet_elapsed = run_cohort(
        "health, quiet",
        QUIET_CLIENTS,
        lambda slot: Browser(port),
        lambda slot, browser, latencies: hit_health(browser, latencies, args.health_seconds / 2),
        args.timeout,
    )

    stop, probe_latencies, probe_errors = threading.Event(), {}, []
    probe = threading.Thread(target=probe_health, args=(port, stop, probe_latencies, probe_errors), daemon=True)
    probe.start()
    quiz, quiz_errors, quiz_elapsed = run_cohort("quiz", n, participant(0), take, args.timeout)
    stop.set()
    probe.join(10)
    print(f"  post-test: {n} participants in {quiz_elapsed:.1f} s", flush=True)

    rows = {"health (same concurrency)": summary(health.get("health", []), health_elapsed)}
    rows[f"health ({QUIET_CLIENTS} clients, quiet)"] = summary(quiet.get("health", []), quiet_elapsed)
    rows["health (probe during the quiz)"] = summary(probe_latencies.get("health", []), quiz_elapsed)
    for step in ("quiz page", "start", "paper", "answer save", "submission"):
        rows[step] = summary(quiz.get(step, []), quiz_elapsed)
    errors = health_errors + quiet_errors + quiz_errors + probe_errors
    return rows, errors, {"health_phase_s": health_elapsed, "quiz_phase_s": quiz_elapsed}


def main():
    args = parse_args()
    database_url = f"postgres://postgres@{HOST}:5432/{DATABASE}"
    if args.setup:
        setup_database(args.participants)
        return
    env = production_env(database_url)
    port = free_port(args.port)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    log_path = args.output.with_name("quiz_load_gunicorn.log")
    load_before = os.getloadavg()[0]
    if load_before > 1.0:
        print(f"warning: load average {load_before:.1f} before starting: other work will skew the numbers")
    server = None
    try:
        print(f"creating {DATABASE} with {args.participants} enrolled participants …", flush=True)
        cohort = prepare(env, args.participants + args.warmup)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ]
        print(f"gunicorn on http://{HOST}:{port}/: {args.workers} workers × {args.threads} threads (log: {log_path})")
        with log_path.open("w") as log:
            server = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
            wait_until_up(server, port)
            rows, errors, phases = measure(port, cohort, args)
        stored = count_rows()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        drop_database()

    total = args.participants + args.warmup
    expected = {"submitted_attempts": total, "attempts": total, "answers": total * QUESTIONS}
    if stored != expected:
        errors.append(f"database: expected {expected}, found {stored}")
    yardstick = rows["health (same concurrency)"]
    quiet = rows[f"health ({QUIET_CLIENTS} clients, quiet)"]
    for row in rows.values():
        row["p50_vs_health"] = row["p50_ms"] / yardstick["p50_ms"]
        row["p99_vs_health"] = row["p99_ms"] / yardstick["p99_ms"]
        row["p99_vs_quiet_health"] = row["p99_ms"] / quiet["p99_ms"]
        row["throughput_vs_health"] = row["requests_per_s"] / yardstick["requests_per_s"]
    header = (
        f"{'step':<32} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'p50÷health':>11} {'p99÷health':>11} {'p99÷quiet':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, row in rows.items():
        print(
            f"{name:<32} {row['requests']:>8} {row['requests_per_s']:>8.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f}"
            f" {row['p50_vs_health']:>11.2f} {row['p99_vs_health']:>11.2f} {row['p99_vs_quiet_health']:>10.1f}"
        )
    save_ratio = rows["answer save"]["p99_vs_health"]
    print(f"errors: {len(errors)}; stored: {stored}")
    for error in errors[:10]:
        print(f"  {error}")
    print(
        f"answer-save p99 = {save_ratio:.2f} × /health/ p99 (target ≤ 20): {'met' if save_ratio <= 20 else 'NOT met'}"
    )
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": env["DJANGO_SETTINGS_MODULE"],
        "database": f"postgresql ({DATABASE}, dropped afterwards)",
        "server": f"gunicorn gthread, {args.workers} workers × {args.threads} threads",
        "participants": args.participants,
        "warmup_participants": args.warmup,
        "questions": QUESTIONS,
        "requests_per_participant": 3 + QUESTIONS + 1,
        "health_seconds": args.health_seconds,
        "cpu_count": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        "python": platform.python_version(),
        "phases_s": phases,
        "results": rows,
        "errors": len(errors),
        "error_samples": errors[:20],
        "stored": stored,
        "answer_save_p99_vs_health_p99": save_ratio,
        "target_met": save_ratio <= 20 and not errors,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()

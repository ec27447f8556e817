"""Serving throughput of the public pages, as a fraction of a constant view's.

Starts gunicorn with production settings on 127.0.0.1, drives it with a small keep-alive load
generator (threads and http.client, loopback only, bounded in time) and reports requests/s and
latency for /health/ (the constant view, the yardstick), the home page, the news index and the
seed article. Absolute numbers depend on the machine; the ratios to /health/ measured in the
same run are what to compare between runs and machines.

Needs the demo data (`make bench` loads it first). Not a test: run it by hand.
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "serve_bench.json"
HOST = "127.0.0.1"
SEED_TITLE = "Komnas HAM Dukung Semarang Menuju Kota HAM"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765, help="preferred port; a free one is used if it is taken")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default: 2, for 2 cores)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent client connections (default: 8)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per URL (default: 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load per URL (default: 2)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    args = parser.parse_args()
    if not 1 <= args.connections <= 64:
        parser.error("--connections must be between 1 and 64")
    if not 0 < args.duration <= 120 or not 0 <= args.warmup <= 60:
        parser.error("--duration must be in (0, 120] and --warmup in [0, 60] seconds")
    return args


def production_env():
    """Production settings with a throwaway key, plain HTTP on loopback (no HTTPS redirect)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def free_port(preferred):
    with socket.socket() as sock:
        try:
            sock.bind((HOST, preferred))
        except OSError:
            sock.bind((HOST, 0))
        return sock.getsockname()[1]


def page_urls(env):
    """The URLs to measure, read from the database the server uses."""
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import connection

    from home.models import HomePage
    from news.models import NewsArticlePage, NewsIndexPage

    try:
        home = HomePage.objects.live().filter(locale__language_code="id").first()
        news = NewsIndexPage.objects.live().filter(locale__language_code="id").first()
        article = NewsArticlePage.objects.live().filter(locale__language_code="id", title=SEED_TITLE).first()
        missing = [name for name, page in (("home", home), ("news", news), ("seed article", article)) if page is None]
        if missing:
            sys.exit(f"No live Indonesian {', '.join(missing)} in the database: run `manage.py load_demo_data` first.")
        return {
            "health": "/health/",
            "home": home.url,
            "news index": news.url,
            "article": article.url,
            "_database": connection.vendor,
            "_articles": NewsArticlePage.objects.live().count(),
        }
    finally:
        connection.close()


def get(conn, path):
    conn.request("GET", path, headers={"Host": HOST, "Accept-Language": "id"})
    response = conn.getresponse()
    response.read()
    return response.status


def wait_until_up(server, port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode}; see the log next to {RESULTS.name}.")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            if get(conn, "/health/") == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer /health/ within {timeout:.0f} s")


def load(port, path, seconds, connections):
    """Keep `connections` connections busy on `path` for `seconds`.

    Returns the sorted latencies of all answered requests, the number of 200 answers, the number
    of errors (other statuses and dropped connections) and the elapsed time.
    """
    deadline = time.perf_counter() + seconds
    results = [None] * connections

    def worker(slot):
        latencies, ok, errors = [], 0, 0
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    status = get(conn, path)
                except (OSError, http.client.HTTPException):
                    # A dropped connection is an error; http.client reconnects on the next request.
                    conn.close()
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - started)
                if status == 200:
                    ok += 1
                else:
                    errors += 1
        finally:
            conn.close()
        results[slot] = (latencies, ok, errors)

    threads = [threading.Thread(target=worker, args=(slot,), daemon=True) for slot in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.perf_counter() - started
    if None in results:
        sys.exit(f"a client thread did not finish: the server stopped answering {path}")
    latencies = sorted(latency for slot_latencies, _ok, _errors in results for latency in slot_latencies)
    return latencies, sum(r[1] for r in results), sum(r[2] for r in results), elapsed


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


def measure(port, name, path, args):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        status = get(conn, path)
    finally:
        conn.close()
    if status != 200:
        sys.exit(f"{path} ({name}) answered {status}, not 200; is the demo data loaded?")
    if args.warmup:
        load(port, path, args.warmup, args.connections)
    latencies, ok, errors, elapsed = load(port, path, args.duration, args.connections)
    return {
        "name": name,
        "url": path,
        "requests": ok + errors,
        "errors": errors,
        # Only 200 answers count: a fast error page must not look like throughput.
        "requests_per_s": ok / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def print_table(rows):
    header = f"{'url':<60} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs /health/':>12}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['url']:<60} {row['requests_per_s']:>9.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f}"
            f" {row['errors']:>7} {row['ratio_to_health']:>11.1%}"
        )


def main():
    args = parse_args()
    env = production_env()
    collectstatic = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    if subprocess.run(collectstatic, cwd=BASE_DIR, env=env).returncode:
        sys.exit("collectstatic failed (see above); nothing measured.")
    urls = page_urls(env)
    load_before = os.getloadavg()[0]
    if load_before > 1.0:
        print(f"warning: load average {load_before:.1f} before starting: other work will skew the numbers")
    port = free_port(args.port)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    log_path = args.output.with_name("gunicorn.log")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cms.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    print(f"gunicorn on http://{HOST}:{port}/ with {args.workers} workers ({urls['_database']}, log: {log_path})")
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(server, port)
            rows = []
            for name in ("health", "home", "news index", "article"):
                rows.append(measure(port, name, urls[name], args))
                print(f"  measured {urls[name]}", flush=True)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    yardstick = rows[0]["requests_per_s"]
    for row in rows:
        row["ratio_to_health"] = row["requests_per_s"] / yardstick if yardstick else float("nan")
    print_table(rows)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": env["DJANGO_SETTINGS_MODULE"],
        "database": urls["_database"],
        "live_articles": urls["_articles"],
        "server": f"gunicorn, {args.workers} sync workers",
        "connections": args.connections,
        "warmup_s": args.warmup,
        "duration_s": args.duration,
        "cpu_count": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        "python": platform.python_version(),
        "results": rows,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()

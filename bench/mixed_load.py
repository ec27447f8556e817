"""Mixed load: a cohort takes a quiz while readers browse the news, against /health/ in the same run.

Reuses bench/quiz_load.py (its database, cohort set-up, production settings and HTTP client):
a fresh PostgreSQL database on 127.0.0.1 with the demo site and N enrolled participants, gunicorn
with production settings and Redis as the cache. Then, for --duration seconds (default 180):

- N participants (default 300) take the post-test (quiz page, start, paper, 10 autosaves, submit),
  started evenly over the run and each pausing --think seconds between steps, as people do;
- readers request news pages at --rate requests/s (default 50): home page, news index, articles;
- one client requests /health/ (the constant view) once a second: the yardstick for the ratios.

Every request must answer as a browser expects: any error fails the run (exit status 1). Prints
p50/p99 per request type, the throughput, and each p50 as a multiple of /health/'s p50.
Run: `make mixed-load` or `.venv/bin/python bench/mixed_load.py --duration 180`.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quiz_load  # noqa: E402
from load_client import Browser, Failure, expect, percentile  # noqa: E402
from quiz_load import take_quiz  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/7"
# A database of its own per run: quiz_load.py, or another mixed load, may run at the same time.
quiz_load.DATABASE = f"latuharhary_mixed_{os.getpid()}"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=180, help="seconds of load (default 180)")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50, help="reader requests per second (default 50)")
    parser.add_argument("--think", type=float, default=1.0, help="a participant's pause between steps, s")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--port", type=int, default=8791)
    return parser.parse_args()


class Pausing(Browser):
    """A participant's browser that pauses `think` seconds before each request."""

    def __init__(self, port, session_key, think, rng):
        super().__init__(port, session_key)
        self.think, self.rng = think, rng

    def request(self, *args, **kwargs):
        began = time.perf_counter()
        time.sleep(self.rng.uniform(0.5, 1.5) * self.think)
        self.last_think = time.perf_counter() - began
        return super().request(*args, **kwargs)


class NetOfThink(dict):
    """take_quiz's latencies with the pause before each request taken out: the server's share only."""

    def __init__(self, browser):
        super().__init__()
        self.browser = browser

    def setdefault(self, name, default=None):
        if name not in self:
            self[name] = NetList(self.browser)
        return self[name]


class NetList(list):
    def __init__(self, browser):
        super().__init__()
        self.browser = browser

    def append(self, seconds):
        super().append(seconds - self.browser.last_think)


def reader_paths(port):
    """The home page, the news index and the articles it links (as a reader follows them)."""
    browser = Browser(port)
    response, content = browser.request("GET", "/id/")
    expect(response, content, 200, "home page")
    index = re.search(rb'href="(/id/[^"/]*berita[^"]*/)"', content) or re.search(rb'href="(/id/news/)"', content)
    index_path = index.group(1).decode() if index else "/id/berita/"
    response, content = browser.request("GET", index_path)
    expect(response, content, 200, f"news index {index_path}")
    articles = sorted(set(re.findall(rf'href="({re.escape(index_path)}[^"?#]+/)"'.encode(), content)))
    browser.close()
    if not articles:
        raise Failure(f"no article links on {index_path}")
    return index_path, [path.decode() for path in articles]


def main():
    args = parse_args()
    database_url = f"postgres://postgres@{quiz_load.HOST}:5432/{quiz_load.DATABASE}"
    env = quiz_load.production_env(database_url)
    env["REDIS_URL"] = REDIS_URL
    port = quiz_load.free_port(args.port)
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    server = None
    try:
        print(f"creating {quiz_load.DATABASE} with {args.participants} participants and the demo site…", flush=True)
        cohort = quiz_load.prepare(env, args.participants)
        subprocess.run([sys.executable, "manage.py", "load_demo_data"], cwd=quiz_load.BASE_DIR, env=env, check=True)
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], check=True, capture_output=True)
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(args.workers), "--threads", str(args.threads), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=quiz_load.BASE_DIR, env=env)
        quiz_load.wait_until_up(server, port)
        index_path, articles = reader_paths(port)
        print(f"readers: /id/, {index_path} and {len(articles)} articles; {args.participants} participants", flush=True)
        latencies, errors, lock = {}, [], threading.Lock()
        completed = [0]
        started = time.monotonic()
        until = started + args.duration

        def record(name, seconds):
            with lock:
                latencies.setdefault(name, []).append(seconds)

        def participant(slot):
            time.sleep(slot * args.duration * 0.6 / max(args.participants, 1))  # arrivals spread out
            rng = random.Random(slot)
            browser = Pausing(port, cohort["sessions"][slot], args.think, rng)
            own = NetOfThink(browser)
            try:
                take_quiz(browser, cohort["quiz_url"], own, rng)
                with lock:
                    completed[0] += 1
            except Failure as failure:
                with lock:
                    errors.append(f"participant {slot}: {failure}")
            finally:
                browser.close()
                for name, values in own.items():
                    for value in values:
                        record(f"quiz: {name}", value)

        def read(path, name):
            browser = Browser(port)
            try:
                began = time.perf_counter()
                response, content = browser.request("GET", path)
                expect(response, content, 200, f"{name} {path}")
                record(name, time.perf_counter() - began)
            except Failure as failure:
                with lock:
                    errors.append(str(failure))
            finally:
                browser.close()

        def readers(pool):
            rng, n = random.Random(0), 0
            while time.monotonic() < until:
                n += 1
                roll = rng.random()
                if roll < 0.3:
                    pool.submit(read, "/id/", "home page")
                elif roll < 0.45:
                    pool.submit(read, index_path, "news index")
                else:
                    pool.submit(read, rng.choice(articles), "article")
                time.sleep(max(0.0, started + n / args.rate - time.monotonic()))

        def yardstick(pool):
            while time.monotonic() < until:
                pool.submit(read, "/health/", "health")
                time.sleep(1)

        with ThreadPoolExecutor(max_workers=args.participants) as quiz_pool, ThreadPoolExecutor(64) as read_pool:
            for slot in range(args.participants):
                quiz_pool.submit(participant, slot)
            threads = [threading.Thread(target=f, args=(read_pool,)) for f in (readers, yardstick)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        elapsed = time.monotonic() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        quiz_load.drop_database()
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], capture_output=True)

    total = sum(len(values) for values in latencies.values())
    health = percentile(latencies.get("health", [0]), 0.5) or 1e-9
    print(
        f"\n{total} requests in {elapsed:.0f} s: {total / elapsed:.1f} requests/s; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'request':<22}{'count':>7}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'p50 / health':>14}")
    for name in sorted(latencies):
        values = latencies[name]
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        print(
            f"{name:<22}{len(values):>7}{len(values) / elapsed:>8.1f}{p50 * 1000:>9.1f}{p99 * 1000:>9.1f}{p50 / health:>14.1f}"
        )
    print(f"participants who submitted: {completed[0]} of {args.participants}")
    if errors or completed[0] != args.participants:
        print(f"FAILED: {len(errors)} errors, e.g. {errors[:3]}")
        sys.exit(1)
    print("no errors")


if __name__ == "__main__":
    main()

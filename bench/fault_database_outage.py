"""Fault: PostgreSQL stops for a few seconds under load; the site answers 503 fast and recovers.

Never touches the shared server on 127.0.0.1:5432: it starts a private throwaway cluster (initdb
into a temporary directory, a free port, run as the postgres user when this runs as root), builds
bench/quiz_load.py's cohort and the demo site in it, and serves it with gunicorn (production
settings, Redis database 8 as the cache). Load: readers (home page, an article) and quiz
participants saving answers (quiz_load.take_quiz), plus a /health/ready/ probe. After --before
seconds the cluster is stopped (fast shutdown) for --outage seconds, then started again.

Checks (exit status 1 when one fails):
- during the outage every request answers within MAX_LATENCY seconds, and every failure is a 503
  page with Retry-After (never a 500, never a traceback);
- the site recovers by itself: /health/ready/ and answer saves succeed again, within RECOVER_WITHIN
  seconds of the database's return (the time is printed);
- every answer the server acknowledged (200 {"saved": true}) is in the database afterwards.
Run: `make fault-db` or `.venv/bin/python bench/fault_database_outage.py`.
"""

import argparse
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quiz_load  # noqa: E402
from quiz_load import Browser, Failure, take_quiz  # noqa: E402

HOST = "127.0.0.1"
REDIS_URL = "redis://127.0.0.1:6379/8"
MAX_LATENCY = 3.0
RECOVER_WITHIN = 15.0
quiz_load.DATABASE = "latuharhary_fault"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--readers", type=int, default=4, help="reader threads")
    parser.add_argument("--before", type=float, default=8, help="seconds of load before the outage")
    parser.add_argument("--outage", type=float, default=5, help="seconds the database is down")
    parser.add_argument("--after", type=float, default=15, help="seconds of load after it returns")
    return parser.parse_args()


class Cluster:
    """A private PostgreSQL cluster in a temporary directory, trusting loopback; removed by stop()."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not bins:
            sys.exit("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bin = Path(bins[-1]).parent
        self.port = quiz_load.free_port(55432)
        self.dir = Path(tempfile.mkdtemp(prefix="latuharhary-pg-"))
        self.data = self.dir / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *args, timeout=60):
        command = [*self.as_postgres, str(self.bin / args[0]), *args[1:]]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)

    def init(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} -c fsync=off"
        log_file = str(self.dir / "postgres.log")
        self.run("pg_ctl", "-D", str(self.data), "-l", log_file, "-o", options, "-w", "-t", "30", "start")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except subprocess.SubprocessError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


class Recorder:
    """Every request: (time, what, status, latency, ok, problem)."""

    def __init__(self):
        self.rows, self.lock = [], threading.Lock()
        self.acknowledged = {}  # (attempt id, question key) -> choice keys, last acknowledged save

    def add(self, *row):
        with self.lock:
            self.rows.append((time.monotonic(), *row))


class Watched(Browser):
    """A browser whose every request is recorded, and whose acknowledged answer saves are kept."""

    def __init__(self, port, recorder, what, session_key=None, think=0.0):
        super().__init__(port, session_key)
        self.conn.timeout = 30
        self.recorder, self.what, self.think = recorder, what, think

    def request(self, method, path, body=None, headers=None):
        time.sleep(self.think)
        began = time.monotonic()
        try:
            response, content = super().request(method, path, body, headers)
        except Failure as failure:
            self.recorder.add(self.what, None, time.monotonic() - began, str(failure))
            raise
        latency = time.monotonic() - began
        problem = None
        if response.status >= 500:
            if response.status != 503 or not response.headers.get("Retry-After"):
                problem = f"HTTP {response.status}, Retry-After {response.headers.get('Retry-After')!r}"
            elif b"Traceback" in content:
                problem = "a traceback on the 503 page"
        self.recorder.add(self.what, response.status, latency, problem)
        attempt = re.search(r"/(\d+)/", path)
        if method == "POST" and isinstance(body, str) and response.status == 200 and attempt:
            if json.loads(content).get("saved"):
                answer = json.loads(body)
                with self.recorder.lock:
                    self.recorder.acknowledged[(int(attempt.group(1)), answer["question_key"])] = answer["choice_keys"]
        return response, content


def main():
    args = parse_args()
    cluster = Cluster()
    quiz_load.PSQL = [*quiz_load.PSQL, "-p", str(cluster.port)]
    database_url = f"postgres://postgres@{HOST}:{cluster.port}/{quiz_load.DATABASE}"
    env = quiz_load.production_env(database_url)
    env.update(REDIS_URL=REDIS_URL, DB_CONNECT_TIMEOUT="2")
    port = quiz_load.free_port(8795)
    server, failures, recorder = None, [], Recorder()
    try:
        cluster.init()
        cluster.start()
        print(f"private PostgreSQL on {HOST}:{cluster.port}; building the cohort and the demo site…", flush=True)
        cohort = quiz_load.prepare(env, args.participants)
        subprocess.run([sys.executable, "manage.py", "load_demo_data"], cwd=quiz_load.BASE_DIR, env=env, check=True)
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], check=True, capture_output=True)
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"{HOST}:{port}"]
        command += ["--workers", "2", "--threads", "4", "--timeout", "30", "--log-level", "warning"]
        server_log = open(cluster.dir / "gunicorn.log", "w")  # noqa: SIM115 - closed with the cluster's directory
        server = subprocess.Popen(command, cwd=quiz_load.BASE_DIR, env=env, stderr=server_log)
        quiz_load.wait_until_up(server, port)
        home = Browser(port).request("GET", "/id/")[1]
        links = set(re.findall(rb'href="(/id/[^"]+/[^"/]+/)"', home))
        articles = sorted((link for link in links if b"/accounts/" not in link), key=lambda link: -link.count(b"/"))
        article = articles[0].decode() if articles else "/id/"
        print(f"gunicorn on {HOST}:{port}; readers on /id/ and {article}", flush=True)

        stop = threading.Event()

        def reader(slot):
            browser = Watched(port, recorder, "reader", think=0.1)
            while not stop.is_set():
                try:
                    browser.request("GET", random.choice(["/id/", article]))
                except Failure:
                    browser.conn.close()

        def probe():
            browser = Watched(port, recorder, "ready", think=0.25)
            while not stop.is_set():
                try:
                    browser.request("GET", "/health/ready/")
                except Failure:
                    browser.conn.close()

        total = args.before + args.outage + args.after

        def participant(slot):
            time.sleep(slot * (total - 5) / args.participants)
            browser = Watched(port, recorder, "quiz", cohort["sessions"][slot], think=0.3)
            try:
                take_quiz(browser, cohort["quiz_url"], {}, random.Random(slot))
            except (Failure, AttributeError, ValueError):
                pass  # a participant caught by the outage stops; what was acknowledged is checked
            finally:
                browser.close()

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(args.readers)]
        threads.append(threading.Thread(target=probe))
        threads += [threading.Thread(target=participant, args=(n,)) for n in range(args.participants)]
        for thread in threads:
            thread.start()
        time.sleep(args.before)
        cluster.stop()
        down = time.monotonic()
        print(f"PostgreSQL stopped; down for {args.outage:.0f} s", flush=True)
        time.sleep(args.outage)
        cluster.start()
        up = time.monotonic()
        print("PostgreSQL started again", flush=True)
        time.sleep(args.after)
        stop.set()
        for thread in threads:
            thread.join(60)

        during = [row for row in recorder.rows if down <= row[0] - row[3] <= up]
        after = [row for row in recorder.rows if row[0] > up]
        slow = [row for row in during if row[3] > MAX_LATENCY]
        problems = [row for row in recorder.rows if row[4]]
        unavailable = [row for row in during if row[2] == 503]
        print(f"during the outage: {len(during)} requests, {len(unavailable)} answered 503 with Retry-After,")
        print(f"  slowest {max((row[3] for row in during), default=0):.2f} s (limit {MAX_LATENCY:.0f} s)")
        if not unavailable:
            failures.append("no 503 during the outage: the outage was not observed")
        if slow:
            failures.append(f"{len(slow)} requests slower than {MAX_LATENCY} s during the outage")
        if problems:
            failures.append(f"{len(problems)} bad answers, e.g. {problems[0][1:]}")
        for what in ("ready", "quiz"):
            back = [row[0] - up for row in after if row[1] == what and row[2] and row[2] < 400]
            if back and back[0] <= RECOVER_WITHIN:
                print(f"{what}: succeeds again {back[0]:.1f} s after PostgreSQL is back")
            else:
                failures.append(f"{what} did not recover within {RECOVER_WITHIN:.0f} s")
        later = [row for row in after if row[0] - up > RECOVER_WITHIN and (not row[2] or row[2] >= 400)]
        if later:
            failures.append(f"{len(later)} failures more than {RECOVER_WITHIN:.0f} s after the return")

        sql = "SELECT attempt_id, question_key, choice_keys FROM quiz_answer"
        stored = {}
        for line in quiz_load.psql(sql, quiz_load.DATABASE).splitlines():
            attempt, question, choices = line.split("|")
            stored[(int(attempt), question)] = json.loads(choices)
        missing = [key for key, choices in recorder.acknowledged.items() if stored.get(key) != choices]
        print(
            f"acknowledged answer saves: {len(recorder.acknowledged)}; in the database: "
            f"{len(recorder.acknowledged) - len(missing)}"
        )
        if missing or not recorder.acknowledged:
            failures.append(f"{len(missing)} acknowledged answers missing from the database")
    except Exception as error:  # noqa: BLE001 - reported, then everything is stopped
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.remove()
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], capture_output=True)
    if failures:
        print("database outage FAILED: " + "; ".join(failures))
        sys.exit(1)
    print("database outage passed: fast 503s, recovered by itself, no acknowledged answer lost")


if __name__ == "__main__":
    main()

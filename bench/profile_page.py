"""`make profile`: where one page's time goes, for the rows of `make bench` that miss their target.

In this process, on the same stack as `make bench` (a scratch PostgreSQL database with the demo site,
Redis, production settings; deploy/stack.py), Django's test client requests one page of
bench/page_bench.py as its reader would (anonymous with a `csrftoken` cookie, or the demo
participant) and prints:

- milliseconds per request, the page's SQL count and its bytes;
- each query where our code runs it (the innermost frame of this project, or the template tag),
  with the milliseconds its queryset took to compile, execute and build rows;
- each template and template tag by the milliseconds it took, children included;
- the functions that spend the most of their own time (cProfile, `--top` of them).

Not a benchmark: the figures are single-process and profiled; `make bench` measures throughput.
"""

import argparse
import collections
import cProfile
import pstats
import sys
import time
import traceback
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from page_bench import BYPASS_COOKIE, PAGE_TARGETS, participant_urls  # noqa: E402  (bench/ is the script's directory)

from deploy.stack import HOST, Stack, log  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", choices=sorted(PAGE_TARGETS), help="a row of make bench")
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement (default: 200)")
    parser.add_argument("--top", type=int, default=25, help="functions listed by their own time (default: 25)")
    parser.add_argument(
        "--sort", choices=["tottime", "cumulative"], default="tottime", help="cProfile's order (default: tottime)"
    )
    args = parser.parse_args()
    if not 10 <= args.requests <= 5000 or not 0 <= args.top <= 500:
        parser.error("--requests must be 10–5000 and --top 0–500")
    return args


def client_for(page, session):
    from django.test import Client

    client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="id")
    name, value = (BYPASS_COOKIE if "uncached" in page else f"sessionid={session}").split("=", 1)
    client.cookies[name] = value
    return client


def where(stack):
    """The innermost frame of this project's code (or a template tag library) that ran a query."""
    for frame in reversed(stack):
        if str(BASE_DIR) in frame.filename and "/.venv/" not in frame.filename and "/bench/" not in frame.filename:
            return f"{Path(frame.filename).relative_to(BASE_DIR)}:{frame.lineno} {frame.name}"
        if "/templatetags/" in frame.filename or "/contrib/settings/" in frame.filename:
            return f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno} {frame.name}"
    return "(Django or Wagtail, from the middleware or the template)"


def timed_querysets(requests, get):
    """{site: (seconds, calls)} of every queryset evaluated, timed where it is evaluated."""
    from django.db.models import query

    spent, calls, depth = collections.Counter(), collections.Counter(), [0]
    original = query.QuerySet._fetch_all

    def fetch_all(self):
        if self._result_cache is not None or depth[0]:
            return original(self)
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(self)
        finally:
            depth[0] -= 1
            site = where(traceback.extract_stack()[:-1])
            spent[site] += time.perf_counter() - started
            calls[site] += 1

    query.QuerySet._fetch_all = fetch_all
    try:
        for _ in range(requests):
            get()
    finally:
        query.QuerySet._fetch_all = original
    return spent, calls


def timed_templates(requests, get):
    """{template or tag: (seconds, calls)}, children included."""
    from django.template import base, library

    spent, calls = collections.Counter(), collections.Counter()
    patched = []

    def wrap(owner, attribute, label):
        original = getattr(owner, attribute)

        def timed(self, context):
            started = time.perf_counter()
            try:
                return original(self, context)
            finally:
                key = label(self)
                spent[key] += time.perf_counter() - started
                calls[key] += 1

        setattr(owner, attribute, timed)
        patched.append((owner, attribute, original))

    wrap(base.Template, "_render", lambda template: f"template {template.origin.template_name}")
    for node in (library.SimpleNode, library.InclusionNode):
        wrap(node, "render", lambda tag: f"tag {tag.func.__module__}.{tag.func.__name__}")
    try:
        for _ in range(requests):
            get()
    finally:
        for owner, attribute, original in patched:
            setattr(owner, attribute, original)
    return spent, calls


def print_table(title, spent, calls, requests, limit=20):
    print(f"\n{title}")
    for key, seconds in spent.most_common(limit):
        print(f"  {seconds / requests * 1000:7.2f} ms  ×{calls[key] / requests:4.1f}  {key}")


def main():
    args = parse_args()
    with Stack("profile_page", redis_db=7) as stack:
        stack.prepare()
        stack.setup_django()
        from django.db import connection

        session, urls = participant_urls()
        path = urls[args.page]
        client = client_for(args.page, session)

        def get():
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
            return response

        for _ in range(20):  # the per-process memo, renditions and connections warm
            body = get().content
        queries = []  # counted with a wrapper: the test client's request_started resets Django's query log
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            get()
        started = time.perf_counter()
        for _ in range(args.requests):
            get()
        per_request = (time.perf_counter() - started) / args.requests * 1000
        log(f"\n{args.page}: {path}")
        log(f"  {per_request:.2f} ms per request in one process, {len(queries)} SQL, {len(body):,} bytes")
        print_table(
            "Querysets, where they run (compile + execute + rows):", *timed_querysets(args.requests, get), args.requests
        )
        print_table("Templates and tags (children included):", *timed_templates(args.requests, get), args.requests)
        if args.top:
            profile = cProfile.Profile()
            profile.runcall(lambda: [get() for _ in range(args.requests)])
            order = "their own time" if args.sort == "tottime" else "their time with callees"
            print(f"\nFunctions by {order} (cProfile, {args.requests} requests):")
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()

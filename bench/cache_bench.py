"""How much the page cache and Varnish buy: the article page uncached, app-cached and Varnish-cached.

One run on loopback (deploy/stack.py): a fresh PostgreSQL database with the demo site, Redis
(database 6, flushed) as the cache, gunicorn with production settings (2 sync workers), and
varnishd with deploy/varnish/default.vcl in front. wrk (Debian's package, installed with apt-get
when missing) drives each URL with the same connections for the same time:

| row | what | yardstick |
| --- | --- | --- |
| health | /health/ on gunicorn: constant view, no I/O | — |
| uncached | the seed article on gunicorn, with a csrftoken cookie so the page cache is bypassed | health |
| app-cached | the seed article on gunicorn, anonymous: answered from the page cache in Redis | health |
| varnish | the seed article through Varnish: hits | health, static |
| static | a static file of the article's size through Varnish: hits | — |

Targets: app-cached ≥ 80 % of health, Varnish hits ≥ 30 % of the static file. Absolute requests/s
depend on the machine and on wrk sharing its cores; compare the ratios. Not a test: run it by hand
(`make bench-cache`), on an otherwise idle machine.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from deploy.stack import HOST, Stack, ensure_debian_package, get, log  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results" / "cache_bench.json"
SEED_TITLE = "Komnas HAM Dukung Semarang Menuju Kota HAM"
STATIC_NAME = "bench/article-size.html"
BYPASS_COOKIE = "csrftoken=" + "b" * 32  # a personal cookie: the page cache steps aside


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default: 8)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default: 1, leaving a core to the server)")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per row (default: 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load per row (default: 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default: 2)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    args = parser.parse_args()
    if not 1 <= args.connections <= 256 or not 1 <= args.threads <= args.connections:
        parser.error("--connections must be 1–256 and --threads between 1 and --connections")
    if not 1 <= args.duration <= 60 or not 0 <= args.warmup <= 30:
        parser.error("--duration must be 1–60 s and --warmup 0–30 s")
    return args


def wrk(wrk_path, port, path, seconds, args, headers=()):
    command = [wrk_path, "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s", "--latency"]
    for header in ("Accept-Language: id", *headers):
        command += ["-H", header]
    command.append(f"http://{HOST}:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return output


def parse_wrk(output):
    def number(pattern, default=0.0):
        found = re.search(pattern, output)
        return float(found.group(1)) if found else default

    def millis(label):
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not found:
            return float("nan")
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "p50_ms": millis("50%"),
        "p99_ms": millis("99%"),
    }


def measure(wrk_path, name, port, path, args, expect, headers=()):
    """Check once that the URL is served the way the row claims, then load it."""
    request_headers = dict(h.split(": ", 1) for h in ("Accept-Language: id", *headers))
    status, response_headers, body = get(port, path, headers=request_headers)
    status, response_headers, body = get(port, path, headers=request_headers)
    problem = expect(status, response_headers)
    if problem:
        sys.exit(f"{name}: {path} is not served as this row needs: {problem} (headers: {response_headers})")
    if args.warmup:
        wrk(wrk_path, port, path, args.warmup, args, headers)
    row = parse_wrk(wrk(wrk_path, port, path, args.duration, args, headers))
    row.update(name=name, url=f"{HOST}:{port}{path}", bytes=len(body))
    log(f"  {name:<11} {row['requests_per_s']:>9.1f} req/s  ({len(body)} bytes)")
    return row


def expecting(**wanted):
    def check(status, headers):
        if status != 200:
            return f"status {status}"
        for header, value in wanted.items():
            actual = headers.get(header.replace("_", "-"))
            if value is None and actual is not None:
                return f"{header} is {actual!r}"
            if value is not None and actual != value:
                return f"{header} is {actual!r}, not {value!r}"
        return None

    return check


def write_report(args, rows, load_before, **fields):
    """The run's JSON record (what ran, on what, and its rows), shared by the benchmarks on this stack."""
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": "cms.settings.production",
        "database": "postgresql (fresh, demo data, dropped afterwards)",
        "load_generator": f"wrk -t{args.threads} -c{args.connections}",
        "warmup_s": args.warmup,
        "duration_s": args.duration,
        "cpu_count": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        "python": platform.python_version(),
        **fields,
        "results": rows,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.output}")


def main():
    args = parse_args()
    wrk_path = ensure_debian_package("wrk", "wrk")
    load_before = os.getloadavg()[0]
    if load_before > 1.0:
        log(f"warning: load average {load_before:.1f} before starting: other work will skew the numbers")
    rows = {}
    with Stack("cache_bench", redis_db=6, gunicorn_port=8772, varnish_port=6082, workers=args.workers) as stack:
        stack.env["CONTENT_CACHE"] = "0"  # "uncached" is the full render; make bench measures the content cache
        stack.prepare()
        stack.setup_django()
        from news.models import NewsArticlePage

        article = NewsArticlePage.objects.live().get(locale__language_code="id", title=SEED_TITLE).url
        static_file = BASE_DIR / "staticfiles" / STATIC_NAME
        try:
            # The static twin must exist before gunicorn starts: WhiteNoise scans its files then.
            stack.start_gunicorn()
            size = len(get(stack.gunicorn_port, article, headers={"Accept-Language": "id"})[2])
            stack.stop_process("gunicorn")
            static_file.parent.mkdir(parents=True, exist_ok=True)
            static_file.write_bytes(b"<!DOCTYPE html>\n" + b"x" * (size - 17) + b"\n")
            stack.start_gunicorn()
            stack.start_varnish()
            app, proxy = stack.gunicorn_port, stack.varnish_port
            log(
                f"measuring: wrk -t{args.threads} -c{args.connections}, {args.warmup} s warm-up + {args.duration} s each"
            )
            rows["health"] = measure(wrk_path, "health", app, "/health/", args, expecting())
            rows["uncached"] = measure(
                wrk_path,
                "uncached",
                app,
                article,
                args,
                expecting(x_page_cache=None),
                headers=[f"Cookie: {BYPASS_COOKIE}"],
            )
            rows["app-cached"] = measure(wrk_path, "app-cached", app, article, args, expecting(x_page_cache="hit"))
            rows["varnish"] = measure(wrk_path, "varnish", proxy, article, args, expecting(x_cache="HIT"))
            rows["static"] = measure(
                wrk_path, "static", proxy, f"/static/{STATIC_NAME}", args, expecting(x_cache="HIT")
            )
        finally:
            shutil.rmtree(static_file.parent, ignore_errors=True)

    health, static = rows["health"]["requests_per_s"], rows["static"]["requests_per_s"]
    for row in rows.values():
        row["vs_health"] = row["requests_per_s"] / health
    rows["varnish"]["vs_static"] = rows["varnish"]["requests_per_s"] / static
    header = (
        f"{'row':<11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>7} {'errors':>7} {'÷health':>8} {'÷static':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows.values():
        errors = row["non_2xx"] + row["socket_errors"]
        vs_static = f"{row['vs_static']:>8.1%}" if "vs_static" in row else " " * 8
        print(
            f"{row['name']:<11} {row['requests_per_s']:>9.1f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}"
            f" {row['bytes']:>7} {errors:>7} {row['vs_health']:>8.1%} {vs_static}"
        )
    app_ratio, varnish_ratio = rows["app-cached"]["vs_health"], rows["varnish"]["vs_static"]
    targets = {"app_cached_vs_health": app_ratio >= 0.8, "varnish_vs_static": varnish_ratio >= 0.3}
    print(
        f"app-cached = {app_ratio:.0%} of /health/ (target ≥ 80 %): {'met' if targets['app_cached_vs_health'] else 'NOT met'}"
    )
    print(
        f"Varnish hits = {varnish_ratio:.0%} of the static file (target ≥ 30 %): {'met' if targets['varnish_vs_static'] else 'NOT met'}"
    )
    write_report(
        args,
        rows,
        load_before,
        cache="redis (database 6, flushed)",
        server=f"gunicorn, {args.workers} sync workers; varnishd {stack.varnish_port} in front",
        targets_met=targets,
    )


if __name__ == "__main__":
    main()

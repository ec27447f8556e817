"""The certificate verification page's throughput, as a fraction of /health/'s in the same run.

The same stack and load as bench/cache_bench.py (whose helpers this imports): a fresh PostgreSQL
database with the demo site (and its demo certificates), Redis (database 7, flushed) as the cache,
gunicorn with production settings (2 sync workers), wrk on the same machine.

| row | what |
| --- | --- |
| health | /health/: constant view, no I/O (the yardstick) |
| page, uncached | /v/<code>/ of a demo certificate, with a csrftoken cookie so the page cache steps aside: the rate-limit counter, the lookup, the template |
| json, uncached | /v/<code>.json, likewise |
| page, app-cached | /v/<code>/ anonymous: answered from the page cache in Redis |
| json, app-cached | /v/<code>.json anonymous, from the page cache |

The rate limit is raised for the run (CERTIFICATE_VERIFICATION_RATE_LIMIT), since wrk is one client;
its counter is still taken on every uncached request. Not a test: run it by hand
(`.venv/bin/python bench/verification_bench.py`) on an otherwise idle machine.
"""

import argparse
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.cache_bench import BYPASS_COOKIE, expecting, measure, write_report  # noqa: E402
from deploy.stack import Stack, ensure_debian_package, log  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results" / "verification_bench.json"


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


def main():
    args = parse_args()
    wrk_path = ensure_debian_package("wrk", "wrk")
    load_before = os.getloadavg()[0]
    if load_before > 1.0:
        log(f"warning: load average {load_before:.1f} before starting: other work will skew the numbers")
    rows = {}
    with Stack("verification_bench", redis_db=7, gunicorn_port=8773, varnish_port=6083, workers=args.workers) as stack:
        stack.env["CERTIFICATE_VERIFICATION_RATE_LIMIT"] = str(10**9)
        stack.prepare()
        stack.setup_django()
        from courses.certificates.models import Certificate

        certificate = Certificate.objects.current().order_by("pk").first()
        if certificate is None:
            sys.exit("The demo data has no current certificate to verify.")
        page, data = certificate.verification_path, f"/v/{certificate.verification_code}.json"
        stack.start_gunicorn()
        port = stack.gunicorn_port
        bypass = [f"Cookie: {BYPASS_COOKIE}"]
        log(f"measuring: wrk -t{args.threads} -c{args.connections}, {args.warmup} s warm-up + {args.duration} s each")
        rows["health"] = measure(wrk_path, "health", port, "/health/", args, expecting())
        rows["page, uncached"] = measure(
            wrk_path, "page, uncached", port, page, args, expecting(x_page_cache=None), headers=bypass
        )
        rows["json, uncached"] = measure(
            wrk_path, "json, uncached", port, data, args, expecting(x_page_cache=None), headers=bypass
        )
        rows["page, app-cached"] = measure(
            wrk_path, "page, app-cached", port, page, args, expecting(x_page_cache="hit")
        )
        rows["json, app-cached"] = measure(
            wrk_path, "json, app-cached", port, data, args, expecting(x_page_cache="hit")
        )

    health = rows["health"]["requests_per_s"]
    header = f"{'row':<17} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>7} {'errors':>7} {'÷health':>8}"
    print(header)
    print("-" * len(header))
    for row in rows.values():
        row["vs_health"] = row["requests_per_s"] / health
        errors = row["non_2xx"] + row["socket_errors"]
        print(
            f"{row['name']:<17} {row['requests_per_s']:>9.1f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}"
            f" {row['bytes']:>7} {errors:>7} {row['vs_health']:>8.1%}"
        )
    write_report(
        args,
        rows,
        load_before,
        cache="redis (database 7, flushed)",
        server=f"gunicorn, {args.workers} sync workers",
    )


if __name__ == "__main__":
    main()

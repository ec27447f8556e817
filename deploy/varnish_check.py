"""Prove the Varnish set-up end to end on loopback, then stop everything.

Starts a fresh PostgreSQL database with the demo site, Redis (database 5, flushed), gunicorn with
production settings and varnishd with deploy/varnish/default.vcl, then checks:

1. an article requested twice through Varnish is a miss, then a hit (X-Varnish carries two ids,
   Age is set), and its headers are the public ones;
2. what must not be shared is not: /health/ (no public header), a request with a session
   cookie, and a POST go to the app every time; hashed static files are cached for a year;
3. a change published through the ORM (as an editor's publish) is visible through Varnish within
   one second: Wagtail's frontend-cache backend purges the article, its translation and their
   listings, and the app's page cache moves to a new generation;
4. PURGE and BAN are refused from a client outside the ACL (127.0.0.2, loopback but not listed)
   and accepted from 127.0.0.1.

Exit status 0 when every check passes. Run: `make varnish-check` or
`.venv/bin/python deploy/varnish_check.py`.
"""

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import VCL, Stack, get, log  # noqa: E402

SEED_TITLE = "Komnas HAM Dukung Semarang Menuju Kota HAM"
VISIBLE_WITHIN = 1.0


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        log(f"  {'ok  ' if condition else 'FAIL'} {message}")
        if not condition:
            self.failures.append(message)
        return condition


def seed_article():
    from django.db import connection

    from news.models import NewsArticlePage

    article = NewsArticlePage.objects.live().get(locale__language_code="id", title=SEED_TITLE)
    english = article.get_translations().live().first()
    urls = (article.url, english.url if english else None)
    connection.close()
    return article, urls


def publish_change(article, title):
    """What the editor's Publish button does: a new revision, published (commit, then signals)."""
    article.title = title
    article.save_revision().publish()


def check_publish_visible(port, article, article_url, check, headers=None):
    """Publish a new title for `article`; it must be served through Varnish within VISIBLE_WITHIN."""
    new_title = f"{SEED_TITLE} (diperbarui {time.strftime('%H:%M:%S')})"
    publish_change(article, new_title)
    published = time.monotonic()
    seen, elapsed = False, None
    while time.monotonic() - published < VISIBLE_WITHIN:
        _status, _headers, body = get(port, article_url, headers=headers)
        if new_title.encode() in body:
            seen, elapsed = True, time.monotonic() - published
            break
        time.sleep(0.02)
    check(
        seen,
        f"new title visible through Varnish {elapsed:.3f} s after the publish"
        if seen
        else f"new title NOT visible through Varnish within {VISIBLE_WITHIN:.0f} s",
    )
    return new_title


def main():
    checks = Checks()
    check = checks.check
    with Stack("varnish_check") as stack:
        try:
            stack.prepare()
            stack.start_gunicorn()
            stack.start_varnish()
            stack.setup_django()
            article, (article_url, english_url) = seed_article()
            port = stack.varnish_port

            log(f"article {article_url} through Varnish")
            status, first, body = get(port, article_url)
            check(
                status == 200 and first.get("x-cache") == "MISS",
                f"first request: {status}, X-Cache {first.get('x-cache')}",
            )
            status, second, body = get(port, article_url)
            ids = second.get("x-varnish", "").split()
            check(status == 200 and second.get("x-cache") == "HIT", f"second request: X-Cache {second.get('x-cache')}")
            check(len(ids) == 2, f"X-Varnish {second.get('x-varnish')!r} names the request and the cached object")
            check("age" in second, f"Age: {second.get('age')}")
            check(
                "public" in second.get("cache-control", "") and "s-maxage" in second.get("cache-control", ""),
                f"Cache-Control: {second.get('cache-control')}",
            )
            check(bool(second.get("etag")) and bool(second.get("last-modified")), "ETag and Last-Modified set")
            check(SEED_TITLE.encode() in body, "the article's title is on the page")
            status, tracked, _body = get(port, article_url + "?utm_source=whatsapp&fbclid=x")
            check(tracked.get("x-cache") == "HIT", "tracking parameters share the article's object")
            if english_url:
                get(port, english_url)
                check(get(port, english_url)[1].get("x-cache") == "HIT", f"English version {english_url} cached")

            log("never shared")
            get(port, "/health/")
            check(get(port, "/health/")[1].get("x-cache") == "MISS", "/health/ (no public header) is not cached")
            _status, personal, _body = get(port, article_url, headers={"Cookie": "sessionid=abc; _ga=GA1.1"})
            check(
                personal.get("x-cache") == "MISS" and len(personal.get("x-varnish", "").split()) == 1,
                "a request with a session cookie goes to the app",
            )
            check("private" in personal.get("cache-control", ""), f"… and is private: {personal.get('cache-control')}")
            _status, analytics, _body = get(port, article_url, headers={"Cookie": "_ga=GA1.1; _gid=x"})
            check(analytics.get("x-cache") == "HIT", "analytics cookies alone still get the shared object")
            status, _headers, _body = get(port, "/id/accounts/login/", method="POST")
            check(status in (400, 403), f"a POST reaches the app (CSRF check answers {status})")
            css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
            if check(css is not None, "the page links a hashed stylesheet"):
                get(port, css.group(1).decode())
                _status, static, _body = get(port, css.group(1).decode())
                check(
                    "immutable" in static.get("cache-control", "") and static.get("x-cache") == "HIT",
                    f"hashed static file: {static.get('cache-control')}, X-Cache {static.get('x-cache')}",
                )

            log("publish a change through the ORM")
            get(port, "/id/")
            check(get(port, "/id/")[1].get("x-cache") == "HIT", "home page cached before the publish")
            new_title = check_publish_visible(port, article, article_url, check)
            home = get(port, "/id/")
            check(new_title.encode() in home[2], f"the home page shows it too (X-Cache {home[1].get('x-cache')})")
            if english_url:
                check(get(port, english_url)[1].get("x-cache") == "MISS", "the English version was purged as well")
            check(get(port, article_url)[1].get("x-cache") == "HIT", "and the new article is cached again")

            log("purge access")
            acl = re.search(r"acl purgers \{(.*?)\}", VCL.read_text(), re.S).group(1)
            addresses = set(re.findall(r'"([^"]+)"', acl))
            check(addresses <= {"127.0.0.1", "::1", "localhost"}, f"PURGE/BAN accepted only from {sorted(addresses)}")
            for method in ("PURGE", "BAN"):
                # 127.0.0.2 is loopback too, but not in the ACL: it stands for any other client.
                status, _headers, _body = get(port, article_url, method=method, source="127.0.0.2")
                check(status == 405, f"{method} from 127.0.0.2 (outside the ACL) refused: {status}")
            check(get(port, article_url)[1].get("x-cache") == "HIT", "… and the article is still cached")
            status, _headers, _body = get(port, "/", method="BAN", headers={"X-Ban-Path": "^/"})
            check(status == 200 and get(port, article_url)[1].get("x-cache") == "MISS", "BAN from loopback clears all")
        except Exception as error:
            checks.failures.append(str(error))
            log(f"error: {error}")
            for name in ("gunicorn.log", "varnishd.log"):
                tail = stack.log_tail(name)
                if tail:
                    log(f"--- {name}\n{tail}")
    log("stopped gunicorn and varnishd, dropped the database")
    if checks.failures:
        log(f"varnish check FAILED ({len(checks.failures)}): " + "; ".join(checks.failures))
        sys.exit(1)
    log("varnish check passed")


if __name__ == "__main__":
    main()

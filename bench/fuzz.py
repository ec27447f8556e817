"""Random hostile requests against a running server on loopback: `make fuzz` (issue 15).

The longer, randomised version of tests/test_hostile_input.py and tests/test_hostile_urls.py. It
logs in as the demo accounts (the README's table: administrator, editor, writer, facilitator,
participant) and as nobody, crawls what each can reach (links, and forms with their fields), then
until --seconds or --requests runs out sends, with a random generator seeded by --seed:

- a page with garbage in a known query parameter (from links and GET forms) or a repeated one;
- a form as its page shows it, with garbage in one or more fields (huge, NUL, invalid UTF-8 sent
  raw, the field repeated, markup, numbers out of range, ...), with the form's CSRF token;
- a path with one segment (an id, a key, a slug) replaced by garbage;
- quiz autosave (`data-save-url` of an attempt page) with garbage or deeply nested JSON.

It prints the requests sent, the status histogram and each server error (5xx) with its method,
URL and what was garbled, and exits 1 when there was one. It refuses any host but loopback, never
follows a logout or account-deletion link, and logs in again when a session is lost.

    .venv/bin/python bench/fuzz.py --url http://127.0.0.1:8000 --seconds 120 --requests 5000 --seed 1

The server should use a scratch database: forms are sent, so demo data changes (posts, plans,
enrolments). Rate limits answer 429, which counts as a fine answer.
"""

import argparse
import http.client
import ipaddress
import json
import random
import socket
import sys
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, quote_plus, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.html_forms import FormParser  # noqa: E402  (the page's forms as a browser sends them, shared with the suite)

# The demo accounts of `make run` (README.md, "Demo accounts"): role -> (login page, username field, username, password).
ACCOUNTS = {
    "admin": ("/admin/login/", "username", "admin", "latuharhary-admin"),
    "editor": ("/admin/login/", "username", "editor", "latuharhary-editor"),
    "writer": ("/admin/login/", "username", "penulis", "latuharhary-penulis"),
    "facilitator": ("/admin/login/", "username", "fasilitator", "latuharhary-fasilitator"),
    "participant": ("/id/accounts/login/", "login", "peserta@latuharhary.test", "latuharhary-peserta"),
}
SEEDS = ["/", "/id/", "/en/", "/id/my-courses/", "/id/my-courses/profile/", "/v/", "/v/credential/", "/admin/"]
NEVER = ("logout", "delete-account", "/static/", "/media/", "/documents/", "withdraw", "/pdf/", "/zip/")
CRAWL_SHARE = 0.25  # of the time and of the requests, spent crawling (split between the roles)
CRAWL_PAGES = 60  # at most, per role
RAW_UTF8 = "\udcff"  # stands for the raw bytes FF FE in a form or query (encoded specially)
NESTED = "\udcfe"  # stands for JSON nested thousands deep
GENERIC_NAMES = ["page", "p", "q", "next", "lang", "ordering", "export", "status", "id", "format", "version"]


def garbage(rng):
    """One garbage value, or a list of them for a repeated field."""
    choices = [
        lambda: "9" * rng.choice([19, 20, 40, 5000]),
        lambda: "-" + "9" * rng.choice([1, 19, 30]),
        lambda: "x" * rng.choice([1000, 70_000]),
        lambda: "a\x00b",
        lambda: RAW_UTF8,
        lambda: "<script>alert(1)</script>\"'><!--",
        lambda: rng.choice(["inf", "nan", "1e400", "-0", "0x10", "²", "٣", "1.5", " 1 ", "true", "null"]),
        lambda: rng.choice(["", " ", "\t\n", "\u202e\u200b", "é€𝕏", "../../etc/passwd", "%", "%%", "'; --", '"']),
        lambda: rng.choice(["2021-13-45", "0000-00-00", "99999-01-01", "2021-02-30T25:61"]),
        lambda: "{" * 50 + "[" * 50,
        lambda: [rng.choice(["1", "<b>", "", "9" * 30]) for _ in range(rng.randint(2, 4))],
    ]
    return rng.choice(choices)()


def encode_value(value):
    return "%FF%FE" if value == RAW_UTF8 else quote_plus(value)


def urlencoded(pairs):
    return "&".join(f"{quote_plus(name)}={encode_value(value)}" for name, value in pairs)


class Page(FormParser):
    """Links, forms (method, action, [(name, value, is_file)]) and the quiz autosave URL of an HTML page."""

    def __init__(self):
        super().__init__()
        self.links, self.save_urls = [], []

    def handle_starttag(self, tag, attrs):
        found = {name: value or "" for name, value in attrs}
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        if found.get("data-save-url"):
            self.save_urls.append(found["data-save-url"])
        super().handle_starttag(tag, attrs)


class Session:
    """One role's keep-alive connection and cookies."""

    def __init__(self, host, port, role):
        self.host, self.port, self.role = host, port, role
        self.conn = None
        self.cookies = {}

    def request(self, method, path, body=None, content_type=None, headers=None):
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "id", **(headers or {})}
        if content_type:
            headers["Content-Type"] = content_type
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if "csrftoken" in self.cookies and method == "POST":
            headers.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    return None, b""
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response, content

    def log_in(self):
        if self.role not in ACCOUNTS:
            return True
        self.cookies.clear()
        login_path, field, username, password = ACCOUNTS[self.role]
        self.request("GET", login_path)
        body = urlencoded(
            [("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")), (field, username), ("password", password)]
        )
        response, _content = self.request("POST", login_path, body, "application/x-www-form-urlencoded")
        return response is not None and response.status == 302 and "sessionid" in self.cookies


class Fuzzer:
    def __init__(self, base, rng, deadline, max_requests):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.rng, self.deadline, self.max_requests = rng, deadline, max_requests
        self.sent = 0
        self.statuses = Counter()
        self.errors = []  # (status, method, url, what)
        self.sessions = {}
        self.pages = {}  # role -> {path: set of query names}
        self.forms = {}  # role -> [(method, action, fields)]
        self.save_urls = {}  # role -> [url]

    def done(self):
        return self.sent >= self.max_requests or time.monotonic() >= self.deadline

    def send(self, session, method, url, body=None, content_type=None, what=""):
        response, content = session.request(method, url, body, content_type)
        self.sent += 1
        status = response.status if response is not None else "no answer"
        self.statuses[status] += 1
        if response is None or response.status >= 500:
            self.errors.append((status, session.role, method, url, what))
        return response, content

    # Crawling

    def crawl(self, role, pages_allowed, until):
        session = self.sessions[role]
        pages, forms, save_urls = {}, [], []
        queue = list(SEEDS)
        seen = set()
        while queue and len(seen) < pages_allowed and time.monotonic() < until and not self.done():
            url = queue.pop(0)
            parts = urlsplit(url)
            if parts.path in seen:
                continue
            seen.add(parts.path)
            response, content = self.send(session, "GET", url, what="crawl")
            pages.setdefault(parts.path, set()).update(name for name, _value in query_pairs(parts.query))
            if response is None or response.status != 200 or "html" not in (response.getheader("Content-Type") or ""):
                continue
            page = Page()
            page.feed(content.decode("utf-8", "replace"))
            for href in page.links:
                target = self.local(urljoin(url, href))
                if target:
                    target_parts = urlsplit(target)
                    pages.setdefault(target_parts.path, set()).update(
                        name for name, _v in query_pairs(target_parts.query)
                    )
                    queue.append(target)
            for method, action, fields in page.forms:
                target = self.local(urljoin(url, action or url))
                if target and fields:
                    forms.append((method, target, [(name, value) for name, value, _is_file in fields]))
            save_urls += [self.local(urljoin(url, save)) for save in page.save_urls]
        self.pages[role], self.forms[role] = pages, forms
        self.save_urls[role] = [url for url in save_urls if url]

    def local(self, url):
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or (parts.hostname and parts.hostname != self.host):
            return None
        path = parts.path or "/"
        if any(part in path for part in NEVER):
            return None
        return path + (f"?{parts.query}" if parts.query else "")

    # Fuzzing

    def one(self):
        role = self.rng.choice(list(self.sessions))
        session = self.sessions[role]
        kind = self.rng.choices(["query", "form", "path", "json"], weights=[4, 4, 2, 1 if self.save_urls[role] else 0])[
            0
        ]
        if kind == "form" and self.forms[role]:
            self.fuzz_form(session, self.rng.choice(self.forms[role]))
        elif kind == "json":
            self.fuzz_json(session, self.rng.choice(self.save_urls[role]))
        elif kind == "path":
            self.fuzz_path(session, self.rng.choice(sorted(self.pages[role])))
        else:
            path = self.rng.choice(sorted(self.pages[role]))
            self.fuzz_query(session, path, self.pages[role][path])
        if role in ACCOUNTS and "sessionid" not in session.cookies:
            session.log_in()

    def fuzz_query(self, session, path, names):
        names = sorted(names) or [self.rng.choice(GENERIC_NAMES)]
        if self.rng.random() < 0.3:
            names.append(self.rng.choice(GENERIC_NAMES))
        name = self.rng.choice(names)
        value = garbage(self.rng)
        pairs = [(name, item) for item in (value if isinstance(value, list) else [value])]
        self.send(session, "GET", f"{path}?{urlencoded(pairs)}", what=f"query {name}")

    def fuzz_form(self, session, form):
        method, action, fields = form
        names = sorted({name for name, _value in fields if name != "csrfmiddlewaretoken"})
        if not names:
            return
        garbled = set(self.rng.sample(names, k=min(len(names), self.rng.choice([1, 1, 1, 2, len(names)]))))
        pairs = []
        for name, value in fields:
            if name == "csrfmiddlewaretoken":
                value = session.cookies.get("csrftoken", value)
            elif name in garbled:
                value = garbage(self.rng)
            pairs += [(name, item) for item in (value if isinstance(value, list) else [value])]
        what = "form " + ", ".join(sorted(garbled))
        if method == "post":
            self.send(session, "POST", action, urlencoded(pairs), "application/x-www-form-urlencoded", what=what)
        else:
            separator = "&" if "?" in action else "?"
            self.send(session, "GET", action + separator + urlencoded(pairs), what=what)

    def fuzz_path(self, session, path):
        segments = path.split("/")
        candidates = [index for index, segment in enumerate(segments) if segment and index > 0]
        if not candidates:
            return
        index = self.rng.choice(candidates)
        value = garbage(self.rng)
        value = value[0] if isinstance(value, list) else value
        segments[index] = "%FF%FE" if value == RAW_UTF8 else quote(value[:3000], safe="")
        self.send(session, "GET", "/".join(segments), what=f"path segment {index}")

    def fuzz_json(self, session, url):
        good = {"question_key": "x", "choice_keys": [], "text": "", "seq": self.rng.randint(1, 10**6)}
        key = self.rng.choice(list(good))
        value = garbage(self.rng)
        body = json.dumps({**good, key: "@@"}).encode()
        if self.rng.random() < 0.3:
            raw = b"[" * 20_000 + b"]" * 20_000
        elif value == RAW_UTF8:
            raw = b'"\xff\xfe"'
        else:
            raw = json.dumps(value).encode()
        body = body.replace(b'"@@"', raw)
        self.send(session, "POST", url, body, "application/json", what=f"json {key}")


def query_pairs(query):
    for part in query.split("&"):
        if part:
            name, _sep, value = part.partition("=")
            yield name, value


def loopback_only(url):
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        sys.exit(f"refused: {url} is not an http:// URL")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 80)}
    except socket.gaierror as error:
        sys.exit(f"refused: {parts.hostname} does not resolve ({error})")
    if not all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in addresses):
        sys.exit(f"refused: {parts.hostname} is not a loopback address; this only fuzzes a server on this machine")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server (loopback only)")
    parser.add_argument("--seconds", type=float, default=120, help="stop after this long (default 120)")
    parser.add_argument("--requests", type=int, default=5000, help="stop after this many requests (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random choices (default 1)")
    parser.add_argument("--roles", default="anonymous," + ",".join(ACCOUNTS), help="comma-separated")
    args = parser.parse_args(argv)
    loopback_only(args.url)

    started = time.monotonic()
    fuzzer = Fuzzer(args.url, random.Random(args.seed), started + args.seconds, args.requests)
    response, _content = Session(fuzzer.host, fuzzer.port, "anonymous").request("GET", "/health/")
    if response is None:
        sys.exit(f"no server answers at {args.url} (start one: make run PORT=…)")
    roles = args.roles.split(",")
    pages_allowed = max(5, min(CRAWL_PAGES, int(args.requests * CRAWL_SHARE / len(roles))))
    for number, role in enumerate(roles, 1):
        session = Session(fuzzer.host, fuzzer.port, role)
        if not session.log_in():
            print(f"could not log in as {role} ({ACCOUNTS[role][2]}): is the demo loaded (make run)?", file=sys.stderr)
            continue
        fuzzer.sessions[role] = session
        fuzzer.crawl(role, pages_allowed, until=started + args.seconds * CRAWL_SHARE * number / len(roles))
        print(f"{role}: {len(fuzzer.pages[role])} pages, {len(fuzzer.forms[role])} forms", flush=True)
    if not fuzzer.sessions:
        sys.exit("no role could start")
    while not fuzzer.done():
        fuzzer.one()

    elapsed = time.monotonic() - started
    print(f"\n{fuzzer.sent} requests in {elapsed:.0f} s (seed {args.seed})")
    print("statuses: " + ", ".join(f"{status}: {count}" for status, count in sorted(fuzzer.statuses.items(), key=str)))
    print(f"server errors: {len(fuzzer.errors)}")
    for status, role, method, url, what in fuzzer.errors:
        shown = url if len(url) <= 300 else url[:300] + f"… ({len(url)} characters)"
        print(f"  {status} {role} {method} {shown} [{what}]")
    return 1 if fuzzer.errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Garbage in every known query parameter and form field of every URL never costs a server error (issue 15).

tests/test_hostile_urls.py puts garbage in the path; this puts it in what a request carries. Each
URL the permission matrix covers (tests/home/test_permission_matrix.py: EXPECTATIONS, and PAGES for
the page types and their sub-routes) has a row in INPUTS: the roles that request it (those that
reach the view, as in the matrix) and the parameters and fields that no page shows. The rest is
found, not written down:

- a GET of the URL as each role, whose HTML forms give their fields (`<input>`, `<select>`,
  `<textarea>` names, with the values a browser would send) to the form's action, GET or POST;
- the view's `form_class`, and for Wagtail's listings their `list_filter`, filter set, page,
  ordering, search and export parameters.

Each field in turn gets garbage while the others keep their good values: huge (beyond every
integer and every length), a NUL byte, invalid UTF-8 (`%FF%FE`, sent raw), an array (the parameter
repeated) and markup; JSON endpoints get the same in each key, plus nesting thousands deep. Each
field gets KINDS_PER_FIELD of those kinds, chosen by its position (deterministic, and over the
fields every kind is used); every target also gets each kind in all its fields at once. None may
answer 500.

A URL pattern without a row fails `test_every_url_has_inputs`, which names it, as the matrix does.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import quote_plus, urljoin, urlsplit

import pytest

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from wagtail.admin.views.generic.base import BaseListingView

from tests.home.test_permission_matrix import (  # noqa: F401 (world: a fixture)
    EXPECTATIONS,
    PAGES,
    SERVE,
    covered_patterns,
    walk,
    world,
)
from tests.html_forms import page_forms

RAW_UTF8 = object()  # invalid UTF-8: the bytes FF FE, percent-encoded in forms, raw in JSON
NESTED = object()  # JSON nested thousands deep (JSON endpoints only)
DEPTH = 5000

# The kinds of garbage, in the order they are handed out.
KINDS = {
    "huge": "9" * 5000,  # beyond 64 bits, beyond int()'s 4,300 digits, beyond every max_length
    "nul": "a\x00b",
    "utf8": RAW_UTF8,
    "array": ["1", "<b>", ""],  # the parameter repeated
    "markup": "<script>alert(1)</script>\"'><!--",
}
JSON_KINDS = {**KINDS, "nested": NESTED}
KINDS_PER_FIELD = 2


@dataclass
class Inputs:
    """Who requests a URL, and the fields no form on a page shows (query: GET parameters, form: POST
    fields, json: the keys of a JSON body with their good values as a function of the world)."""

    roles: tuple
    query: tuple = ()
    form: tuple = ()
    json: object = None


def by(*roles, query=(), form=(), json=None):
    return Inputs(roles, tuple(query), tuple(form), json)


def autosave_answer(w):
    question = w.quiz.fixed_questions.first().question
    return {"question_key": str(question.translation_key), "choice_keys": [], "text": "", "seq": 1}


LANG = ("lang",)  # the verification pages' language switch
ATTEMPTS = ("quiz", "user", "state", "p")
DECIDE = ("enrolment", "action", "confirm", "reason", "next")

# fmt: off
INPUTS = {
    # Outside the language prefixes
    "documents/^(\\d+)/(.*)$": by("anonymous"),
    "documents/authenticate_with_password/<int:restriction_id>/": by("anonymous", form=("password", "return_url")),
    "s/<str:code>/": by("anonymous"),
    "certificates/<id:pk>/pdf/": by("participant", query=LANG),
    "certificates/<id:pk>/alumni/": by("participant", form=("listed",), query=LANG),
    "sitemap.xml": by("anonymous", query=("p",)),
    "robots.txt": by("anonymous"),
    "health/": by("anonymous"),
    "health/ready/": by("anonymous"),
    "v/": by("anonymous", query=("code", "number", "name", *LANG)),
    "v/credential/": by("anonymous", form=("credential",), query=LANG),
    "v/issuer/": by("anonymous", query=LANG),
    "v/issuer/key.json": by("anonymous"),
    "v/<str:code>.json": by("anonymous"),
    "v/<str:code>/": by("anonymous", query=LANG),
    "certificates/<id:pk>/credential/": by("participant"),
    "certificates/<id:pk>/credential.json": by("participant"),
    ".well-known/did.json": by("anonymous"),
    "v/status/<str:purpose>.json": by("anonymous"),
    "v/<str:code>/credential.json": by("anonymous"),
    # Language-prefixed site views
    "<lang>/search/": by("anonymous", query=("q", "page")),
    "<lang>/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": by("anonymous", form=("password", "return_url")),
    "<lang>/_util/login/": by("anonymous", query=("next",)),
    "<lang>/accounts/login/": by("anonymous", query=("next",)),
    "<lang>/accounts/logout/": by("participant"),
    "<lang>/accounts/inactive/": by("anonymous"),
    "<lang>/accounts/signup/": by("anonymous"),
    "<lang>/accounts/reauthenticate/": by("participant", query=("next",)),
    "<lang>/accounts/reauthenticate/code/": by("participant"),
    "<lang>/accounts/reauthenticate/code/confirm/": by("participant", form=("code",)),
    "<lang>/accounts/email/": by("participant"),
    "<lang>/accounts/confirm-email/": by("anonymous"),
    "<lang>/accounts/^confirm-email/(?P<key>[-:\\w]+)/$": by("anonymous"),
    "<lang>/accounts/login/code/confirm/": by("anonymous", form=("code",)),
    "<lang>/accounts/password/change/": by("participant"),
    "<lang>/accounts/password/set/": by("participant"),
    "<lang>/accounts/password/reset/": by("anonymous"),
    "<lang>/accounts/password/reset/done/": by("anonymous"),
    "<lang>/accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": by("anonymous"),
    "<lang>/accounts/password/reset/key/done/": by("anonymous"),
    "<lang>/my-courses/": by("participant"),
    "<lang>/my-courses/profile/": by("participant", query=("next",), form=("next",)),
    "<lang>/my-courses/data.json": by("participant"),
    "<lang>/my-courses/delete-account/": by("participant"),
    "<lang>/privacy/": by("anonymous"),
    "<lang>/calendar/<str:token>.ics": by("anonymous"),
    "<lang>/learning/<uuid:course_key>/forum/": by("participant", "facilitator", query=("page",)),
    "<lang>/learning/<uuid:course_key>/forum/new/": by("participant"),
    "<lang>/learning/<uuid:course_key>/forum/<id:thread_id>/": by("participant", "facilitator", query=("page",)),
    "<lang>/learning/<uuid:course_key>/forum/<id:thread_id>/reply/": by("participant", form=("body",)),
    "<lang>/learning/<uuid:course_key>/forum/<id:thread_id>/follow/": by("participant", form=("follow",)),
    "<lang>/learning/<uuid:course_key>/forum/<id:thread_id>/moderate/": by("facilitator", form=("action",)),
    "<lang>/learning/<uuid:course_key>/forum/posts/<id:post_id>/edit/": by("participant"),
    "<lang>/learning/<uuid:course_key>/forum/posts/<id:post_id>/moderate/": by("facilitator", form=("action",)),
    "<lang>/learning/<uuid:course_key>/action-plan/": by("participant"),
    "<lang>/learning/<uuid:course_key>/action-plan/team/": by("participant", form=("remove", "email")),
    "<lang>/learning/<uuid:course_key>/action-plans/": by("facilitator", query=("status",)),
    "<lang>/learning/<uuid:course_key>/action-plans/<id:plan_id>/": by("participant", "facilitator", query=("version",)),
    "<lang>/learning/<uuid:course_key>/action-plans/<id:plan_id>/comment/": by("participant", form=("body",)),
    "<lang>/learning/<uuid:course_key>/action-plans/<id:plan_id>/decide/": by("facilitator", form=("decision", "note")),
    "<lang>/learning/<uuid:course_key>/action-plans/<id:plan_id>/compare/": by("facilitator", query=("from", "to")),
    "<lang>/learning/<uuid:course_key>/action-plans/<id:plan_id>/pdf/": by("participant"),
    "<lang>/quiz/attempts/<id:attempt_id>/answers/": by("participant", json=autosave_answer),
    # The Wagtail admin
    "admin/": by("facilitator"),
    "admin/login/": by("anonymous", query=("next",)),
    "admin/2fa/setup/": by("admin"),
    "admin/2fa/verify/": by("admin", form=("code",)),
    "admin/reports/stale-translations/": by("editor"),
    "admin/reports/stale-translations/results/": by("editor"),
    "admin/users/": by("admin"),
    "admin/snippets/home/person/": by("editor"),
    "admin/snippets/home/organisation/": by("admin"),
    "admin/snippets/news/category/": by("editor"),
    "admin/snippets/certificates/certificatetemplate/": by("admin"),
    "admin/snippets/certificates/certificatetemplate/preview-pdf/<id:pk>/": by("admin"),
    "admin/snippets/certificates/certificatetemplate/preview/": by("editor", form=("layout", "title")),
    "admin/snippets/certificates/certificatetemplate/preview/<int:pk>/": by("editor", form=("layout", "title")),
    "admin/snippets/quiz/quiz/": by("admin"),
    "admin/snippets/quiz/quiz/edit/<int:pk>/": by("admin"),
    "admin/snippets/quiz/quiz/preview-as-participant/<id:pk>/": by("facilitator"),
    "admin/snippets/quiz/question/": by("admin"),
    "admin/snippets/quiz/question/results/": by("admin"),
    "admin/snippets/quiz/question/import/": by("admin", form=("token",)),
    "admin/snippets/quiz/questioncategory/": by("admin"),
    "admin/courses/": by("facilitator"),
    "admin/courses/<id:course_id>/": by("facilitator", query=("status",)),
    "admin/courses/<id:course_id>/results/": by("facilitator", query=("status",)),
    "admin/courses/<id:course_id>/enrolments/decide/": by("facilitator", form=DECIDE),
    "admin/courses/<id:course_id>/enrolments/<id:enrolment_id>/decide/": by("facilitator", form=DECIDE),
    "admin/courses/<id:course_id>/roster/<str:file_format>/": by("facilitator"),
    "admin/courses/<id:course_id>/invite/": by("facilitator", form=("token",)),
    "admin/courses/<id:course_id>/attendance/": by("facilitator"),
    "admin/courses/<id:course_id>/attendance/<id:session_id>/": by("facilitator"),
    "admin/courses/<id:course_id>/attendance/<id:session_id>/import/": by("facilitator", form=("file", "token")),
    "admin/courses/<id:course_id>/progress/": by("facilitator"),
    "admin/courses/<id:course_id>/progress/results/": by("facilitator"),
    "admin/courses/<id:course_id>/report/": by("facilitator"),
    "admin/courses/<id:course_id>/report/<str:file_format>/": by("facilitator"),
    "admin/courses/<id:course_id>/certificates/": by("facilitator"),
    "admin/courses/<id:course_id>/certificates/settings/": by("facilitator"),
    "admin/courses/<id:course_id>/certificates/issue/<id:enrolment_id>/": by("facilitator", form=("force",)),
    "admin/courses/<id:course_id>/certificates/batch/": by("facilitator"),
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/": by("facilitator"),
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/status.json": by("facilitator"),
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/retry/": by("facilitator"),
    "admin/courses/<id:course_id>/certificates/zip/": by("facilitator"),
    "admin/quizzes/results/": by("facilitator"),
    "admin/quizzes/results/<id:course_id>/": by("facilitator", query=ATTEMPTS),
    "admin/quizzes/results/<id:course_id>/attempts/<id:attempt_id>/": by("facilitator", form=("question",)),
    "admin/quizzes/results/<id:course_id>/learning-gain/": by("facilitator"),
    "admin/quizzes/results/<id:course_id>/learning-gain/export/<str:table>/<str:file_format>/": by("facilitator"),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/": by("facilitator"),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/": by("facilitator"),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/<id:override_id>/": by("facilitator"),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/<id:override_id>/delete/": by("facilitator"),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/export/<str:file_format>/": by("facilitator"),
    "admin/certificates/": by("facilitator"),
    "admin/certificates/results/": by("facilitator"),
    "admin/certificates/<id:pk>/": by("facilitator"),
    "admin/certificates/<id:pk>/revoke/": by("facilitator", form=("revoke-reason",)),
    "admin/certificates/<id:pk>/reissue/": by("facilitator", form=("reissue-reason",)),
}

# Wagtail's page route, per page type and sub-route (the names of the matrix's PAGES).
PAGE_INPUTS = {
    "home page": by("anonymous"),
    "news index": by("anonymous", query=("category", "tag", "year", "month", "page")),
    "news feed": by("anonymous"),
    "article": by("anonymous"),
    "course index": by("anonymous", query=("page",)),
    "course": by("anonymous", "participant"),
    "course enrol": by("participant", form=("enrolment_key",)),
    "course check-in": by("participant", form=("code",)),
    "course calendar": by("anonymous"),
    "course alumni": by("anonymous", query=("lang", "page")),
    "lesson": by("participant"),
    "lesson complete": by("participant"),
    "quiz page": by("participant"),
    "quiz start": by("participant"),
    "quiz attempt": by("participant"),
    "quiz answer": by("participant", form=("question", "choice", "text")),
    "quiz submit": by("participant", form=("confirm",)),
    "no such page": by("anonymous"),
    "course withdraw": by("participant"),
}
# fmt: on

# Requests that end something the others need (a session, an enrolment, an attempt): sent last.
LAST = ("/logout/", "/withdraw/", "/delete-account/", "/submit/")


def input_problems():
    routes = [route for route in covered_patterns() if route != SERVE]
    messages = [f"add inputs for {route}" for route in routes if route not in INPUTS]
    messages += [f"remove the inputs for {route}: no such URL pattern" for route in INPUTS if route not in routes]
    messages += [f"add inputs for the page {name}" for name in PAGES if name not in PAGE_INPUTS]
    messages += [f"remove the inputs for the page {name}: not in PAGES" for name in PAGE_INPUTS if name not in PAGES]
    return messages


def test_every_url_has_inputs():
    problems = input_problems()
    assert not problems, "\n".join(problems)


@pytest.mark.urls("tests.home.permission_matrix_urls")
def test_a_new_url_without_inputs_is_named():
    problems = input_problems()
    assert "add inputs for <lang>/reports/<int:year>/" in problems
    assert "add inputs for admin/our-new-report/" in problems


# Finding the fields


def view_fields(path):
    """(query, form) field names the view's class declares: its form class; a listing's filters and parameters."""
    try:
        match = resolve(path)
    except Resolver404:
        return (), ()
    view = getattr(match.func, "view_class", None)
    if view is None:
        return (), ()
    kwargs = getattr(match.func, "view_initkwargs", {})

    def declared(name):
        return kwargs.get(name, written(view, name))

    query, form = [], []
    form_class = declared("form_class")
    if isinstance(form_class, type) and hasattr(form_class, "base_fields"):
        form += list(form_class.base_fields)
    filterset = declared("filterset_class")
    if isinstance(filterset, type):
        query += list(filterset.base_filters)
    list_filter = declared("list_filter") or ()
    query += list(list_filter)
    if issubclass(view, BaseListingView):
        query += [view.page_kwarg, "ordering", "q", "export"]
    return tuple(query), tuple(form)


def written(cls, name):
    """A class attribute as written (not a property's descriptor)."""
    for klass in cls.__mro__:
        if name in vars(klass):
            value = vars(klass)[name]
            return None if isinstance(value, property) or hasattr(value, "func") else value
    return None


@dataclass
class Target:
    """One request to garble: who, how, where, and its fields with their good values."""

    role: str
    method: str
    path: str
    query: str = ""  # the URL's own query string, kept
    fields: dict = field(default_factory=dict)  # name -> good value (a str; a list for repeated names)
    files: set = field(default_factory=set)
    json: dict = None

    def add(self, name, value="", is_file=False):
        if name in self.fields and value and self.fields[name] != value:
            current = self.fields[name]
            self.fields[name] = [*(current if isinstance(current, list) else [current]), value]
        else:
            self.fields.setdefault(name, value)
        if is_file:
            self.files.add(name)


def in_scope(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class Targets:
    def __init__(self):
        self.by_key = {}

    def get(self, role, method, url):
        parts = urlsplit(url)
        key = (role, method, parts.path)
        if key not in self.by_key:
            self.by_key[key] = Target(role, method, parts.path, parts.query)
        return self.by_key[key]

    def ordered(self):
        return sorted(self.by_key.values(), key=lambda target: target.path.endswith(LAST))


def find_targets(w, clients):
    targets = Targets()
    rows = [(INPUTS[route], case) for route, case in EXPECTATIONS.items()]
    rows += [(PAGE_INPUTS[name], case) for name, case in PAGES.items()]
    for inputs, case in rows:
        url = case.url(w)
        for role in inputs.roles:
            target = targets.get(role, case.method, url)
            query, form = view_fields(target.path)
            for name in (*inputs.query, *query):
                targets.get(role, "get", url).add(name)
            for name in (*inputs.form, *form):
                targets.get(role, "post", url).add(name)
            if inputs.json:
                targets.get(role, "post", url).json = inputs.json(w)
            if case.method == "get":
                discover(targets, clients[role], role, url)
    return targets.ordered()


def discover(targets, client, role, url):
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    for method, action, items in page_forms(response.content.decode(errors="replace")):
        action_url = urljoin(url, action)
        if urlsplit(action_url).netloc not in ("", "testserver") or not in_scope(urlsplit(action_url).path):
            continue
        target = targets.get(role, "post" if method == "post" else "get", action_url)
        for name, value, is_file in items:
            if name and name != "csrfmiddlewaretoken":
                target.add(name, value, is_file)


# Sending garbage


def pairs_with(target, garbled):
    """(name, value) pairs of the target's fields, `garbled` (name -> garbage) replacing good values."""
    pairs = []
    for name, good in target.fields.items():
        value = garbled.get(name, good)
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


def urlencoded(pairs):
    return "&".join(
        f"{quote_plus(name)}=" + ("%FF%FE" if value is RAW_UTF8 else quote_plus(value)) for name, value in pairs
    )


BOUNDARY = "HostileBoundary"


def multipart(pairs, files):
    chunks = []
    for name, value in pairs:
        raw = b"\xff\xfe" if value is RAW_UTF8 else value.encode()
        disposition = f'form-data; name="{name}"'
        if name in files:
            disposition += '; filename="garbage.csv"'
        chunks.append(f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + raw + b"\r\n")
    return b"".join(chunks) + f"--{BOUNDARY}--\r\n".encode()


def json_body(good, garbled):
    placeholders = {}
    data = dict(good)
    for name, value in garbled.items():
        if value is RAW_UTF8 or value is NESTED:
            placeholders[name] = b'"\xff\xfe"' if value is RAW_UTF8 else b"[" * DEPTH + b"]" * DEPTH
            data[name] = f"@@{name}@@"
        else:
            data[name] = value
    body = json.dumps(data).encode()
    for name, raw in placeholders.items():
        body = body.replace(f'"@@{name}@@"'.encode(), raw)
    return body


def send(client, target, garbled):
    if target.json is not None:
        return client.post(target.path, json_body(target.json, garbled), content_type="application/json")
    pairs = pairs_with(target, garbled)
    if target.method == "get":
        query = "&".join(part for part in (target.query, urlencoded(pairs)) if part)
        return client.get(f"{target.path}?{query}")
    if target.files:
        return client.generic(
            "POST", target.path, multipart(pairs, target.files), f"multipart/form-data; boundary={BOUNDARY}"
        )
    return client.generic("POST", target.path, urlencoded(pairs), "application/x-www-form-urlencoded")


def garbage_plan(targets):
    """(target, {name: garbage}, description) for every request: each field with KINDS_PER_FIELD kinds,
    each kind in all fields at once."""
    position = 0
    for target in targets:
        names = list(target.json) if target.json is not None else list(target.fields)
        kinds = JSON_KINDS if target.json is not None else KINDS
        kind_names = list(kinds)
        if not names:
            continue
        for kind in kind_names:
            yield target, dict.fromkeys(names, kinds[kind]), f"{kind} in every field"
        for name in names:
            for offset in range(KINDS_PER_FIELD):
                kind = kind_names[(position + offset) % len(kind_names)]
                yield target, {name: kinds[kind]}, f"{kind} in {name}"
            position += 1


def role_clients(w):
    clients = {}
    for role, user in w.users.items():
        clients[role] = Client(raise_request_exception=False)
        if user is not None:
            clients[role].force_login(user)
    return clients


def test_garbage_in_query_parameters_and_form_fields_is_never_a_server_error(world):  # noqa: F811
    clients = role_clients(world)
    targets = find_targets(world, clients)
    errors = []
    count = 0
    for target, garbled, what in garbage_plan(targets):
        client = clients[target.role]
        count += 1
        status = send(client, target, garbled).status_code
        if status >= 500:
            errors.append(f"{target.role} {target.method.upper()} {target.path} with {what}: {status}")
        if target.path.endswith(LAST) and world.users[target.role] is not None:
            if (
                settings.SESSION_COOKIE_NAME not in client.cookies
                or not client.cookies[settings.SESSION_COOKIE_NAME].value
            ):
                client.force_login(world.users[target.role])
    assert count > 1000
    assert not errors, f"{len(errors)} server errors in {count} requests:\n" + "\n".join(errors)

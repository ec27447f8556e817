"""Garbage in every path parameter of every URL pattern never costs a server error (issue 15).

Each pattern with a path parameter has a row in SAMPLES: a good value for each parameter (from
the permission matrix's small world), so that each parameter in turn can be replaced by garbage
(GARBAGE: beyond 64 bits, not a number, unicode) while the others stay good and the request gets as
deep into the view as it can. Every such URL is requested (GET) as an anonymous visitor, the
course's participant and an administrator; none may answer 500.

A new pattern with a parameter and no row fails `test_every_pattern_with_a_parameter_has_samples`,
which names it; a row whose pattern is gone fails it too. Left out (`in_scope`): Wagtail's and
Django's own admin views (page editing, choosers, generic snippet, image and document views,
workflows, users), whose URL patterns and id parsing are Wagtail's: thousands of patterns we
cannot change; home/admin_guards.py guards the ones found to fail, and
tests/home/test_hostile_sqlite.py checks their ids beyond 64 bits. Our own views in /admin/ (and
our subclasses of Wagtail's, such as the quiz editor) are all in.
"""

from urllib.parse import quote

import pytest

from django.test import Client
from django.urls import get_resolver

from tests.home.test_permission_matrix import OUR_APPS, SERVE, L, walk, world  # noqa: F401 (world: a fixture)

GARBAGE = ["99999999999999999999999", "abc", "é€\u202e"]
ROLES = ("anonymous", "participant", "admin")
PARAMETER = r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>"


def course_id(w):
    return w.course.pk


def course_key(w):
    return w.course.course_key


def fmt(_w):
    return "csv"


COURSE = {"course_id": course_id}
LEARNING = {"course_key": course_key}
QUIZ = {**COURSE, "page_id": lambda w: w.quiz_page.pk}
OVERRIDE = {**QUIZ, "override_id": lambda w: w.override.pk}
THREAD = {**LEARNING, "thread_id": lambda w: w.thread.pk}
POST = {**LEARNING, "post_id": lambda w: w.post.pk}
PLAN = {**LEARNING, "plan_id": lambda w: w.plan.pk}
BATCH = {**COURSE, "batch_id": lambda w: w.batch.pk}
CERTIFICATE = {"pk": lambda w: w.certificate.pk}

# Patterns written as regular expressions: a function of the world and one garbage value that
# gives the paths to request (each with the garbage in one place).
REGEX_PATHS = {
    "documents/^(\\d+)/(.*)$": lambda w, g: [f"/documents/{g}/notulen.txt", f"/documents/{w.document.pk}/{g}"],
    L + "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": lambda w, g: [f"/id/accounts/confirm-email/{g}/"],
    L + "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": lambda w, g: [
        f"/id/accounts/password/reset/key/{g}-set-password/",
        f"/id/accounts/password/reset/key/1-{g}/",
    ],
    # Wagtail's page route: garbage as a page, and in each sub-route of our pages.
    SERVE: lambda w, g: [
        f"/id/{g}/",
        f"{w.course.url}sessions/{g}/check-in/",
        f"{w.course.url}{g}/",
        f"{w.quiz_page.url}attempt/{g}/",
        f"{w.quiz_page.url}attempt/{g}/answer/",
        f"{w.quiz_page.url}attempt/{g}/submit/",
        f"{w.news_index.url}{g}/",
        f"{w.news_index.url}2021/{g}/",
    ],
}

# fmt: off
SAMPLES = {
    "admin/courses/<id:course_id>/": COURSE,
    "admin/courses/<id:course_id>/results/": COURSE,
    "admin/courses/<id:course_id>/enrolments/decide/": COURSE,
    "admin/courses/<id:course_id>/enrolments/<id:enrolment_id>/decide/": {**COURSE, "enrolment_id": lambda w: w.enrolment.pk},
    "admin/courses/<id:course_id>/progress/": COURSE,
    "admin/courses/<id:course_id>/progress/results/": COURSE,
    "admin/courses/<id:course_id>/roster/<str:file_format>/": {**COURSE, "file_format": fmt},
    "admin/courses/<id:course_id>/invite/": COURSE,
    "admin/courses/<id:course_id>/attendance/": COURSE,
    "admin/courses/<id:course_id>/attendance/<id:session_id>/": {**COURSE, "session_id": lambda w: w.session.pk},
    "admin/courses/<id:course_id>/attendance/<id:session_id>/import/": {**COURSE, "session_id": lambda w: w.session.pk},
    "admin/courses/<id:course_id>/report/": COURSE,
    "admin/courses/<id:course_id>/report/<str:file_format>/": {**COURSE, "file_format": fmt},
    "admin/courses/<id:course_id>/certificates/": COURSE,
    "admin/courses/<id:course_id>/certificates/settings/": COURSE,
    "admin/courses/<id:course_id>/certificates/issue/<id:enrolment_id>/": {**COURSE, "enrolment_id": lambda w: w.enrolment.pk},
    "admin/courses/<id:course_id>/certificates/batch/": COURSE,
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/": BATCH,
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/status.json": BATCH,
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/retry/": BATCH,
    "admin/courses/<id:course_id>/certificates/zip/": COURSE,
    "admin/snippets/quiz/quiz/edit/<int:pk>/": {"pk": lambda w: w.quiz.pk},
    "admin/snippets/quiz/quiz/preview-as-participant/<id:pk>/": {"pk": lambda w: w.quiz.pk},
    "admin/quizzes/results/<id:course_id>/": COURSE,
    "admin/quizzes/results/<id:course_id>/attempts/<id:attempt_id>/": {**COURSE, "attempt_id": lambda w: w.attempt.pk},
    "admin/quizzes/results/<id:course_id>/learning-gain/": COURSE,
    "admin/quizzes/results/<id:course_id>/learning-gain/export/<str:table>/<str:file_format>/": {
        **COURSE,
        "table": lambda w: "groups",
        "file_format": fmt,
    },
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/": QUIZ,
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/": QUIZ,
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/<id:override_id>/": OVERRIDE,
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/<id:override_id>/delete/": OVERRIDE,
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/export/<str:file_format>/": {**QUIZ, "file_format": fmt},
    "admin/snippets/certificates/certificatetemplate/preview-pdf/<id:pk>/": {"pk": lambda w: w.certificate_template.pk},
    "admin/snippets/certificates/certificatetemplate/preview/<int:pk>/": {"pk": lambda w: w.certificate_template.pk},
    "admin/certificates/<id:pk>/": CERTIFICATE,
    "admin/certificates/<id:pk>/revoke/": CERTIFICATE,
    "admin/certificates/<id:pk>/reissue/": CERTIFICATE,
    "documents/authenticate_with_password/<int:restriction_id>/": {"restriction_id": lambda w: 1},
    "s/<str:code>/": {"code": lambda w: w.short_code},
    "v/<str:code>.json": {"code": lambda w: w.certificate.verification_code},
    "v/<str:code>/": {"code": lambda w: w.certificate.verification_code},
    "certificates/<id:pk>/credential/": CERTIFICATE,
    "certificates/<id:pk>/credential.json": CERTIFICATE,
    "v/<str:code>/credential.json": {"code": lambda w: w.certificate.verification_code},
    "v/status/<str:purpose>.json": {"purpose": lambda w: "revocation"},
    "certificates/<id:pk>/pdf/": CERTIFICATE,
    "certificates/<id:pk>/alumni/": CERTIFICATE,
    L + "calendar/<str:token>.ics": {"token": lambda w: w.calendar_token},
    L + "learning/<uuid:course_key>/forum/": LEARNING,
    L + "learning/<uuid:course_key>/forum/new/": LEARNING,
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/": THREAD,
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/reply/": THREAD,
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/follow/": THREAD,
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/moderate/": THREAD,
    L + "learning/<uuid:course_key>/forum/posts/<id:post_id>/edit/": POST,
    L + "learning/<uuid:course_key>/forum/posts/<id:post_id>/moderate/": POST,
    L + "learning/<uuid:course_key>/action-plan/": LEARNING,
    L + "learning/<uuid:course_key>/action-plan/team/": LEARNING,
    L + "learning/<uuid:course_key>/action-plans/": LEARNING,
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/": PLAN,
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/comment/": PLAN,
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/decide/": PLAN,
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/compare/": PLAN,
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/pdf/": PLAN,
    L + "quiz/attempts/<id:attempt_id>/answers/": {"attempt_id": lambda w: w.attempt.pk},
    L + "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": {
        "page_view_restriction_id": lambda w: 1,
        "page_id": lambda w: w.article.pk,
    },
}
# fmt: on


def in_scope(route, pattern):
    """Patterns with a path parameter, except Wagtail's and Django's own admin views (see the docstring)."""
    if "<" not in route.replace(L, "") and "(" not in route:
        return False
    if not route.startswith("admin/"):
        return True
    view = getattr(pattern.callback, "view_class", pattern.callback)
    return view.__module__.split(".")[0] in OUR_APPS


def routes_in_scope():
    return sorted({route for route, pattern in walk(get_resolver().url_patterns) if in_scope(route, pattern)})


def sample_problems():
    routes = routes_in_scope()
    known = set(SAMPLES) | set(REGEX_PATHS)
    messages = [f"add samples for {route}" for route in routes if route not in known]
    messages += [f"remove the samples for {route}: no such URL pattern" for route in sorted(known - set(routes))]
    return messages


def test_every_pattern_with_a_parameter_has_samples():
    problems = sample_problems()
    assert not problems, "\n".join(problems)


@pytest.mark.urls("tests.home.permission_matrix_urls")
def test_a_new_pattern_without_samples_is_named():
    assert "add samples for <lang>/reports/<int:year>/" in sample_problems()


def build(route, values):
    """`route` (a Django path route) with each parameter replaced by its value, under /id/."""
    import re

    return "/" + re.sub(PARAMETER, lambda match: values[match["name"]], route.replace(L, "id/"))


def hostile_paths(w):
    import re

    for route in routes_in_scope():
        if route in REGEX_PATHS:
            for garbage in GARBAGE:
                for path in REGEX_PATHS[route](w, quote(garbage, safe="")):
                    yield route, path
            continue
        good = {name: str(sample(w)) for name, sample in SAMPLES[route].items()}
        for match in re.finditer(PARAMETER, route.replace(L, "")):
            for garbage in GARBAGE:
                yield route, build(route, {**good, match["name"]: quote(garbage, safe="")})


def test_garbage_in_path_parameters_is_never_a_server_error(world):  # noqa: F811
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
    errors = []
    count = 0
    for route, path in hostile_paths(world):
        for role in ROLES:
            count += 1
            status = clients[role].get(path).status_code
            if status >= 500:
                errors.append(f"{role} GET {path} ({route}): {status}")
    assert count > 500
    assert not errors, "\n".join(errors)

"""Every URL pattern, requested by every kind of user, gets exactly the status written here.

Roles: an anonymous visitor, a participant enrolled in the course, the course's facilitator,
a writer (Penulis), an editor (Editor) and an administrator (superuser). The world is small: the
home page, the news index, an article, the training catalogue, a course with a session, a lesson
and a quiz page, a forum thread, an action plan, a quiz attempt, an override, a certificate and a
document, all belonging to the participant or the course.

What must have an expectation (`covered_patterns`):
- every pattern outside /admin/ (the site, accounts, health, documents, the language-prefixed
  pages; Wagtail's page route is requested once per page type and sub-route, see PAGES);
- in /admin/: the dashboard, the login, every view written in this project (its module is in
  home, news, courses or cms: course management, quiz results and admin, certificates,
  reports, two-factor), and the listing of each admin viewset of our models (snippets, users).
Wagtail's own admin internals (page editing, choosers, the generic create/edit/delete views of
snippets) are left to Wagtail's permission checks and its tests.

A new pattern without an expectation fails `test_every_url_pattern_has_an_expectation`, which
names it: decide what each role must get and add a row. An expectation whose pattern is gone
fails it too. Requests are GETs, except for views that take only POST: those get an empty POST,
so that their permission check answers rather than the method check.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from django.conf.urls.i18n import LocalePrefixPattern
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.documents import get_document_model

from courses.access import course_access
from courses.certificates.models import CertificateBatch, CertificateTemplate, CourseCertificateSettings
from courses.community import action_plans, forum
from courses.models import CourseFacilitator, CourseIndexPage
from courses.quiz.models import QuizOverride, QuizPage
from courses.quiz.sitting import start_or_resume
from courses.staff import FACILITATORS
from home.groups import EDITORS, WRITERS
from home.site_tree import publish
from tests.community.test_action_plans import PLAN
from tests.factories import (
    NewsArticlePageFactory,
    UserFactory,
    build_course,
    enrol_participant,
    make_lesson,
    staff_user,
)
from tests.quiz.builders import make_question, make_quiz

ROLES = ("anonymous", "participant", "facilitator", "writer", "editor", "admin")
OUR_APPS = {"home", "news", "courses", "cms"}
OUR_MODEL_APPS = {"home", "news", "courses", "quiz", "certificates"}
LISTING_NAMES = {"list", "index"}


@dataclass
class Case:
    """A request (path built from the world `w`) and the status each role must get, in ROLES order."""

    path: object
    statuses: tuple
    method: str = "get"

    def url(self, w):
        return self.path(w) if callable(self.path) else self.path


def case(path, *statuses, method="get"):
    assert len(statuses) == len(ROLES)
    return Case(path, statuses, method)


def post(path, *statuses):
    return case(path, *statuses, method="post")


L = "<lang>/"  # the language prefix of i18n_patterns


# fmt: off
# Statuses in ROLES order: anonymous, participant, facilitator, writer, editor, admin.
EXPECTATIONS = {
    # Outside the language prefixes
    "documents/^(\\d+)/(.*)$": case(lambda w: f"/documents/{w.document.pk}/{w.document.filename}", 200, 200, 200, 200, 200, 200),
    "documents/authenticate_with_password/<int:restriction_id>/": case("/documents/authenticate_with_password/999/", 404, 404, 404, 404, 404, 404),
    "s/<str:code>/": case(lambda w: f"/s/{w.short_code}/", 302, 302, 302, 302, 302, 302),
    # Certificate PDF: its holder (the participant) and the course's certificate staff; 404 for everyone else
    "certificates/<id:pk>/pdf/": case(lambda w: f"/certificates/{w.certificate.pk}/pdf/", 302, 200, 200, 404, 200, 200),
    # Alumni opt-in: the holder (the participant) only; 404 for everyone else, staff included
    "certificates/<id:pk>/alumni/": post(lambda w: f"/certificates/{w.certificate.pk}/alumni/", 302, 302, 404, 404, 404, 404),
    "sitemap.xml": case("/sitemap.xml", 200, 200, 200, 200, 200, 200),
    "robots.txt": case("/robots.txt", 200, 200, 200, 200, 200, 200),
    "health/": case("/health/", 200, 200, 200, 200, 200, 200),
    "health/ready/": case("/health/ready/", 200, 200, 200, 200, 200, 200),
    # Certificate verification: public; the credential download for the holder and the course's staff only
    "v/": case("/v/", 200, 200, 200, 200, 200, 200),
    "v/credential/": case("/v/credential/", 200, 200, 200, 200, 200, 200),
    "v/issuer/": case("/v/issuer/", 200, 200, 200, 200, 200, 200),
    "v/issuer/key.json": case("/v/issuer/key.json", 200, 200, 200, 200, 200, 200),
    "v/<str:code>.json": case(lambda w: f"/v/{w.certificate.verification_code}.json", 200, 200, 200, 200, 200, 200),
    "v/<str:code>/": case(lambda w: w.certificate.verification_path, 200, 200, 200, 200, 200, 200),
    "certificates/<id:pk>/credential/": case(lambda w: f"/certificates/{w.certificate.pk}/credential/", 302, 200, 200, 404, 200, 200),
    "certificates/<id:pk>/credential.json": case(lambda w: f"/certificates/{w.certificate.pk}/credential.json", 302, 200, 200, 404, 200, 200),
    # Open Badges 3.0 with Data Integrity: the issuer's DID document, the status lists, the wallet link (all public)
    ".well-known/did.json": case("/.well-known/did.json", 200, 200, 200, 200, 200, 200),
    "v/status/<str:purpose>.json": case("/v/status/revocation.json", 200, 200, 200, 200, 200, 200),
    "v/<str:code>/credential.json": case(lambda w: f"/v/{w.certificate.verification_code}/credential.json", 200, 200, 200, 200, 200, 200),
    # Language-prefixed site views
    L + "search/": case("/id/search/?q=kota", 200, 200, 200, 200, 200, 200),
    L + "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": case(lambda w: f"/id/_util/authenticate_with_password/999/{w.article.pk}/", 404, 404, 404, 404, 404, 404),
    L + "_util/login/": case("/id/_util/login/", 302, 302, 302, 302, 302, 302),
    L + "accounts/login/": case("/id/accounts/login/", 200, 302, 302, 302, 302, 302),
    L + "accounts/logout/": case("/id/accounts/logout/", 302, 200, 200, 200, 200, 200),
    L + "accounts/inactive/": case("/id/accounts/inactive/", 200, 200, 200, 200, 200, 200),
    L + "accounts/signup/": case("/id/accounts/signup/", 200, 302, 302, 302, 302, 302),
    L + "accounts/reauthenticate/": case("/id/accounts/reauthenticate/", 302, 200, 200, 200, 200, 200),
    L + "accounts/reauthenticate/code/": case("/id/accounts/reauthenticate/code/", 302, 302, 302, 302, 302, 302),
    L + "accounts/reauthenticate/code/confirm/": case("/id/accounts/reauthenticate/code/confirm/", 302, 302, 302, 302, 302, 302),
    L + "accounts/email/": case("/id/accounts/email/", 302, 200, 200, 200, 200, 200),
    L + "accounts/confirm-email/": case("/id/accounts/confirm-email/", 200, 200, 200, 200, 200, 200),
    L + "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": case("/id/accounts/confirm-email/not-a-key/", 200, 200, 200, 200, 200, 200),
    L + "accounts/login/code/confirm/": case("/id/accounts/login/code/confirm/", 302, 302, 302, 302, 302, 302),
    L + "accounts/password/change/": case("/id/accounts/password/change/", 302, 200, 200, 200, 200, 200),
    L + "accounts/password/set/": case("/id/accounts/password/set/", 302, 302, 302, 302, 302, 302),
    L + "accounts/password/reset/": case("/id/accounts/password/reset/", 200, 200, 200, 200, 200, 200),
    L + "accounts/password/reset/done/": case("/id/accounts/password/reset/done/", 200, 200, 200, 200, 200, 200),
    L + "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": case("/id/accounts/password/reset/key/1-not-a-key/", 200, 200, 200, 200, 200, 200),
    L + "accounts/password/reset/key/done/": case("/id/accounts/password/reset/key/done/", 200, 200, 200, 200, 200, 200),
    L + "my-courses/": case("/id/my-courses/", 302, 200, 200, 200, 200, 200),
    L + "my-courses/profile/": case("/id/my-courses/profile/", 302, 200, 200, 200, 200, 200),
    L + "my-courses/data.json": case("/id/my-courses/data.json", 302, 200, 200, 200, 200, 200),
    L + "my-courses/delete-account/": case("/id/my-courses/delete-account/", 302, 200, 200, 200, 200, 200),
    L + "privacy/": case("/id/privacy/", 200, 200, 200, 200, 200, 200),
    L + "calendar/<str:token>.ics": case(lambda w: f"/id/calendar/{w.calendar_token}.ics", 200, 200, 200, 200, 200, 200),
    L + "learning/<uuid:course_key>/forum/": case(lambda w: f"{w.learning}forum/", 302, 200, 200, 403, 200, 200),
    L + "learning/<uuid:course_key>/forum/new/": case(lambda w: f"{w.learning}forum/new/", 302, 200, 200, 403, 200, 200),
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/": case(lambda w: f"{w.learning}forum/{w.thread.pk}/", 302, 200, 200, 403, 200, 200),
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/reply/": post(lambda w: f"{w.learning}forum/{w.thread.pk}/reply/", 302, 400, 400, 403, 400, 400),
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/follow/": post(lambda w: f"{w.learning}forum/{w.thread.pk}/follow/", 302, 302, 302, 403, 302, 302),
    L + "learning/<uuid:course_key>/forum/<id:thread_id>/moderate/": post(lambda w: f"{w.learning}forum/{w.thread.pk}/moderate/", 302, 403, 302, 403, 302, 302),
    L + "learning/<uuid:course_key>/forum/posts/<id:post_id>/edit/": case(lambda w: f"{w.learning}forum/posts/{w.post.pk}/edit/", 302, 200, 403, 403, 403, 403),
    L + "learning/<uuid:course_key>/forum/posts/<id:post_id>/moderate/": post(lambda w: f"{w.learning}forum/posts/{w.post.pk}/moderate/", 302, 403, 302, 403, 302, 302),
    L + "learning/<uuid:course_key>/action-plan/": case(lambda w: f"{w.learning}action-plan/", 302, 200, 302, 403, 302, 302),
    L + "learning/<uuid:course_key>/action-plan/team/": post(lambda w: f"{w.learning}action-plan/team/", 302, 302, 302, 403, 302, 302),
    L + "learning/<uuid:course_key>/action-plans/": case(lambda w: f"{w.learning}action-plans/", 302, 403, 200, 403, 200, 200),
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/": case(lambda w: f"{w.learning}action-plans/{w.plan.pk}/", 302, 200, 200, 403, 200, 200),
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/comment/": post(lambda w: f"{w.learning}action-plans/{w.plan.pk}/comment/", 302, 400, 400, 403, 400, 400),
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/decide/": post(lambda w: f"{w.learning}action-plans/{w.plan.pk}/decide/", 302, 403, 400, 403, 400, 400),
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/compare/": case(lambda w: f"{w.learning}action-plans/{w.plan.pk}/compare/", 302, 302, 302, 403, 302, 302),
    L + "learning/<uuid:course_key>/action-plans/<id:plan_id>/pdf/": case(lambda w: f"{w.learning}action-plans/{w.plan.pk}/pdf/", 302, 403, 403, 403, 403, 403),
    L + "quiz/attempts/<id:attempt_id>/answers/": post(lambda w: f"/id/quiz/attempts/{w.attempt.pk}/answers/", 403, 400, 404, 404, 404, 404),
    # The Wagtail admin
    "admin/": case("/admin/", 302, 302, 200, 200, 200, 200),
    "admin/login/": case("/admin/login/", 200, 200, 302, 302, 302, 302),
    "admin/2fa/setup/": case("/admin/2fa/setup/", 302, 302, 200, 200, 200, 200),
    "admin/2fa/verify/": case("/admin/2fa/verify/", 302, 302, 302, 302, 302, 302),
    "admin/reports/stale-translations/": case("/admin/reports/stale-translations/", 302, 302, 302, 302, 200, 200),
    "admin/reports/stale-translations/results/": case("/admin/reports/stale-translations/results/", 302, 302, 302, 302, 200, 200),
    "admin/users/": case("/admin/users/", 302, 302, 302, 302, 302, 200),
    "admin/snippets/home/person/": case("/admin/snippets/home/person/", 302, 302, 302, 200, 200, 200),
    "admin/snippets/home/organisation/": case("/admin/snippets/home/organisation/", 302, 302, 302, 302, 302, 200),
    "admin/snippets/news/category/": case("/admin/snippets/news/category/", 302, 302, 302, 200, 200, 200),
    "admin/snippets/certificates/certificatetemplate/": case("/admin/snippets/certificates/certificatetemplate/", 302, 302, 302, 302, 200, 200),
    "admin/snippets/certificates/certificatetemplate/preview-pdf/<id:pk>/": case(lambda w: f"/admin/snippets/certificates/certificatetemplate/preview-pdf/{w.certificate_template.pk}/", 302, 302, 403, 403, 200, 200),
    # The editor's preview panel (empty form state: Wagtail's "preview not available" page).
    "admin/snippets/certificates/certificatetemplate/preview/": case("/admin/snippets/certificates/certificatetemplate/preview/", 302, 302, 302, 302, 200, 200),
    "admin/snippets/certificates/certificatetemplate/preview/<int:pk>/": case(lambda w: f"/admin/snippets/certificates/certificatetemplate/preview/{w.certificate_template.pk}/", 302, 302, 302, 302, 200, 200),
    "admin/snippets/quiz/quiz/": case("/admin/snippets/quiz/quiz/", 302, 302, 302, 302, 200, 200),
    "admin/snippets/quiz/quiz/edit/<int:pk>/": case(lambda w: f"/admin/snippets/quiz/quiz/edit/{w.quiz.pk}/", 302, 302, 302, 302, 200, 200),
    "admin/snippets/quiz/quiz/preview-as-participant/<id:pk>/": case(lambda w: f"/admin/snippets/quiz/quiz/preview-as-participant/{w.quiz.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/snippets/quiz/question/": case("/admin/snippets/quiz/question/", 302, 302, 302, 302, 200, 200),
    "admin/snippets/quiz/question/results/": case("/admin/snippets/quiz/question/results/", 302, 302, 302, 302, 200, 200),
    "admin/snippets/quiz/question/import/": case("/admin/snippets/quiz/question/import/", 302, 302, 403, 403, 200, 200),
    "admin/snippets/quiz/questioncategory/": case("/admin/snippets/quiz/questioncategory/", 302, 302, 302, 302, 200, 200),
    "admin/courses/": case("/admin/courses/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/": case(lambda w: f"/admin/courses/{w.course.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/results/": case(lambda w: f"/admin/courses/{w.course.pk}/results/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/enrolments/decide/": case(lambda w: f"/admin/courses/{w.course.pk}/enrolments/decide/", 302, 302, 405, 403, 405, 405),
    "admin/courses/<id:course_id>/enrolments/<id:enrolment_id>/decide/": case(lambda w: f"/admin/courses/{w.course.pk}/enrolments/{w.enrolment.pk}/decide/", 302, 302, 405, 403, 405, 405),
    "admin/courses/<id:course_id>/roster/<str:file_format>/": case(lambda w: f"/admin/courses/{w.course.pk}/roster/csv/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/invite/": case(lambda w: f"/admin/courses/{w.course.pk}/invite/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/attendance/": case(lambda w: f"/admin/courses/{w.course.pk}/attendance/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/attendance/<id:session_id>/": case(lambda w: f"/admin/courses/{w.course.pk}/attendance/{w.session.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/attendance/<id:session_id>/import/": case(lambda w: f"/admin/courses/{w.course.pk}/attendance/{w.session.pk}/import/", 302, 302, 405, 403, 405, 405),
    "admin/courses/<id:course_id>/progress/": case(lambda w: f"/admin/courses/{w.course.pk}/progress/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/progress/results/": case(lambda w: f"/admin/courses/{w.course.pk}/progress/results/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/report/": case(lambda w: f"/admin/courses/{w.course.pk}/report/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/report/<str:file_format>/": case(lambda w: f"/admin/courses/{w.course.pk}/report/csv/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/certificates/": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/certificates/settings/": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/settings/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/certificates/issue/<id:enrolment_id>/": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/issue/{w.enrolment.pk}/", 302, 302, 405, 403, 405, 405),
    "admin/courses/<id:course_id>/certificates/batch/": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/batch/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/batch/{w.batch.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/status.json": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/batch/{w.batch.pk}/status.json", 302, 302, 200, 403, 200, 200),
    "admin/courses/<id:course_id>/certificates/batch/<id:batch_id>/retry/": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/batch/{w.batch.pk}/retry/", 302, 302, 405, 403, 405, 405),
    "admin/courses/<id:course_id>/certificates/zip/": case(lambda w: f"/admin/courses/{w.course.pk}/certificates/zip/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/": case("/admin/quizzes/results/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/attempts/<id:attempt_id>/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/attempts/{w.attempt.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/learning-gain/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/learning-gain/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/learning-gain/export/<str:table>/<str:file_format>/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/learning-gain/export/groups/csv/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/quizzes/{w.quiz_page.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/quizzes/{w.quiz_page.pk}/overrides/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/<id:override_id>/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/quizzes/{w.quiz_page.pk}/overrides/{w.override.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/overrides/<id:override_id>/delete/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/quizzes/{w.quiz_page.pk}/overrides/{w.override.pk}/delete/", 302, 302, 405, 403, 405, 405),
    "admin/quizzes/results/<id:course_id>/quizzes/<id:page_id>/export/<str:file_format>/": case(lambda w: f"/admin/quizzes/results/{w.course.pk}/quizzes/{w.quiz_page.pk}/export/csv/", 302, 302, 200, 403, 200, 200),
    "admin/certificates/": case("/admin/certificates/", 302, 302, 200, 302, 200, 200),
    "admin/certificates/results/": case("/admin/certificates/results/", 302, 302, 200, 302, 200, 200),
    "admin/certificates/<id:pk>/": case(lambda w: f"/admin/certificates/{w.certificate.pk}/", 302, 302, 200, 403, 200, 200),
    "admin/certificates/<id:pk>/revoke/": case(lambda w: f"/admin/certificates/{w.certificate.pk}/revoke/", 302, 302, 405, 403, 405, 405),
    "admin/certificates/<id:pk>/reissue/": case(lambda w: f"/admin/certificates/{w.certificate.pk}/reissue/", 302, 302, 405, 403, 405, 405),
}

# Wagtail's page route (the pattern <lang>/^((?:[\w\-]+/)*)$), once per page type and sub-route.
PAGES = {
    "home page": case("/id/", 200, 200, 200, 200, 200, 200),
    "news index": case(lambda w: w.news_index.url, 200, 200, 200, 200, 200, 200),
    "news feed": case(lambda w: w.news_index.url + "feed/", 200, 200, 200, 200, 200, 200),
    "article": case(lambda w: w.article.url, 200, 200, 200, 200, 200, 200),
    "course index": case(lambda w: w.course_index.url, 200, 200, 200, 200, 200, 200),
    "course": case(lambda w: w.course.url, 200, 200, 200, 200, 200, 200),
    "course enrol": post(lambda w: w.course.url + "enrol/", 302, 302, 302, 302, 302, 302),
    "course check-in": post(lambda w: w.course.url + f"sessions/{w.session.session_key}/check-in/", 302, 400, 403, 403, 403, 403),
    "course calendar": case(lambda w: w.course.url + "calendar/", 200, 200, 200, 200, 200, 200),
    "course alumni": case(lambda w: w.course.url + "alumni/", 200, 200, 200, 200, 200, 200),
    "lesson": case(lambda w: w.lesson.url, 302, 200, 200, 403, 200, 200),
    "lesson complete": post(lambda w: w.lesson.url + "complete/", 302, 302, 302, 403, 302, 302),
    "quiz page": case(lambda w: w.quiz_page.url, 302, 200, 200, 403, 200, 200),
    "quiz start": post(lambda w: w.quiz_page.url + "start/", 302, 302, 302, 403, 302, 302),
    "quiz attempt": case(lambda w: w.quiz_page.url + f"attempt/{w.attempt.pk}/", 302, 200, 404, 403, 404, 404),
    "quiz answer": post(lambda w: w.quiz_page.url + f"attempt/{w.attempt.pk}/answer/", 302, 400, 404, 403, 404, 404),
    "quiz submit": post(lambda w: w.quiz_page.url + f"attempt/{w.attempt.pk}/submit/", 302, 302, 404, 403, 404, 404),
    "no such page": case("/id/no-such-page/", 404, 404, 404, 404, 404, 404),
    # Last: it withdraws the participant.
    "course withdraw": post(lambda w: w.course.url + "withdraw/", 302, 302, 302, 302, 302, 302),
}
# fmt: on


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            part = L if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            yield from walk(pattern.url_patterns, prefix + part)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def is_covered(route, pattern):
    if not route.startswith("admin/"):
        return True
    if route in {"admin/", "admin/login/"}:
        return True
    view = getattr(pattern.callback, "view_class", pattern.callback)
    if view.__module__.split(".")[0] in OUR_APPS:
        return True
    model = getattr(pattern.callback, "view_initkwargs", {}).get("model")
    return pattern.name in LISTING_NAMES and hasattr(model, "_meta") and model._meta.app_label in OUR_MODEL_APPS


def covered_patterns():
    return sorted({route for route, pattern in walk(get_resolver().url_patterns) if is_covered(route, pattern)})


SERVE = L + "^((?:[\\w\\-]+/)*)$"


def expectation_problems():
    routes = covered_patterns()
    missing = [route for route in routes if route not in EXPECTATIONS and route != SERVE]
    gone = [route for route in EXPECTATIONS if route not in routes]
    messages = [f"add an expectation for {route}" for route in missing]
    messages += [f"remove the expectation for {route}: no such URL pattern" for route in gone]
    return messages


def test_every_url_pattern_has_an_expectation():
    messages = expectation_problems()
    assert not messages, "\n".join(messages)


@pytest.mark.urls("tests.home.permission_matrix_urls")
def test_a_new_pattern_without_an_expectation_is_named():
    assert expectation_problems() == [
        "add an expectation for <lang>/reports/<int:year>/",
        "add an expectation for admin/our-new-report/",
        "add an expectation for unprotected/",
    ]


@pytest.fixture
def world(site_tree):
    from courses.certificates.issuing import issue_certificate

    article = NewsArticlePageFactory.build(title="Kota HAM", slug="kota-ham", date=datetime.date(2021, 9, 1))
    site_tree.news["id"].add_child(instance=article)
    article = publish(article)
    home = site_tree.home["id"]
    course_index = CourseIndexPage.objects.child_of(home).first()
    if course_index is None:
        course_index = publish(home.add_child(instance=CourseIndexPage(title="Pelatihan", slug="pelatihan")))
    course_index = course_index.specific
    course = build_course(
        course_index,
        "Pelatihan Kota HAM",
        "pelatihan-kota-ham",
        sessions=1,
        learning_hours=30,
    )
    CourseCertificateSettings.objects.create(course_key=course.course_key, issue_certificates=True, code="SMG")
    lesson = make_lesson(course, "Pelajaran satu")
    quiz = make_quiz([make_question("Apa itu HAM?")])
    quiz_page = QuizPage(title="Pre-test", slug="pre-test", quiz=quiz)
    course.add_child(instance=quiz_page)
    quiz_page = publish(quiz_page)

    enrolment = enrol_participant(course, "peserta")
    participant = enrolment.user
    facilitator = staff_user("fasilitator", FACILITATORS)
    CourseFacilitator.objects.create(page=course, user=facilitator)
    access = course_access(participant, course)
    thread = forum.start_thread(course, access, "Peta jalan", "Bagaimana menyusun peta jalan?")
    plan = action_plans.start_plan(course, access)
    activities = [{"activity": "Lokakarya", "start": datetime.date(2021, 10, 4), "end": datetime.date(2021, 10, 29)}]
    plan = action_plans.save_draft(plan, access, PLAN, activities)
    action_plans.submit(plan, access)
    attempt = start_or_resume(participant, quiz, course_key=course.course_key)
    document = get_document_model()(title="Notulen")
    document.file.save("notulen.txt", ContentFile(b"Notulen rapat."))
    certificate, _created = issue_certificate(enrolment, course, force=True)
    certificate_template = CertificateTemplate.objects.create(name="PKH", body_id="Diberikan kepada\n{name}")
    users = {
        "anonymous": None,
        "participant": participant,
        "facilitator": facilitator,
        "writer": staff_user("penulis", WRITERS),
        "editor": staff_user("editor", EDITORS),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    return SimpleNamespace(
        article=article,
        news_index=site_tree.news["id"],
        short_code=article.short_code,
        course_index=course_index,
        course=course,
        session=course.sessions.first(),
        lesson=lesson,
        quiz=quiz,
        quiz_page=quiz_page,
        enrolment=enrolment,
        learning=f"/id/learning/{course.course_key}/",
        thread=thread,
        post=thread.posts.first(),
        plan=plan,
        attempt=attempt,
        override=QuizOverride.objects.create(quiz_key=quiz.quiz_key, user=participant, extra_attempts=1),
        document=document,
        certificate=certificate,
        certificate_template=certificate_template,
        batch=CertificateBatch.objects.create(course_key=course.course_key),
        calendar_token=participant.participant_profile.calendar_token,
        users=users,
    )


def request_as(clients, role, case, w):
    response = getattr(clients[role], case.method)(case.url(w))
    return response.status_code


def test_every_role_gets_exactly_what_it_should(world):
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client(raise_request_exception=False)
        if user is not None:
            clients[role].force_login(user)
    rows = list(EXPECTATIONS.items()) + [(f"page: {name}", case) for name, case in PAGES.items()]
    mismatches = []
    for route, case in rows:
        actual = tuple(request_as(clients, role, case, world) for role in ROLES)
        if actual != case.statuses:
            url = case.url(world)
            mismatches.append(f"{route} ({case.method.upper()} {url}): expected {case.statuses}, got {actual}")
    assert not mismatches, f"roles: {ROLES}\n" + "\n".join(mismatches)

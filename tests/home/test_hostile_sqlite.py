"""SQLite-only server errors (issue 15, item 11): ids beyond 64 bits and searches with quotes.

PostgreSQL answers these with "not found" or results; the embedded SQLite default must as well.
"""

import pytest

from django.urls import reverse

from wagtail.images.models import Image
from wagtail.models import Page

from courses.access import course_access
from courses.community import action_plans
from home.converters import MAX_ID, parse_id
from home.models import Organisation
from news.models import Category
from tests.community.test_action_plans import draft, plan_url
from tests.factories import UserFactory, enrol_participant

HUGE = "99999999999999999999999"
QUOTED = ['"', 'a"b', '"Kota HAM', '"Kota" HAM"', "hak:asasi", "(HAM", "NEAR(a b)", "-", "*"]


@pytest.fixture
def superuser(db):
    return UserFactory(username="super", is_superuser=True, is_staff=True)


def test_parse_id_takes_only_ascii_ids_within_64_bits():
    assert parse_id("42") == 42 and parse_id(str(MAX_ID)) == MAX_ID
    for garbage in ("", None, "abc", "²", "٣", "-1", "0", "1.5", " 4", str(MAX_ID + 1), HUGE):
        assert parse_id(garbage) is None


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/courses/{HUGE}/",
        f"/admin/courses/{MAX_ID + 1}/",
        f"/admin/courses/{HUGE}/results/",
        f"/admin/courses/{HUGE}/attendance/",
        f"/admin/courses/{HUGE}/report/",
        f"/admin/courses/{HUGE}/report/xlsx/",
        f"/admin/courses/{HUGE}/roster/csv/",
        f"/admin/courses/{HUGE}/invite/",
        f"/admin/quizzes/results/{HUGE}/",
        f"/admin/quizzes/results/{HUGE}/learning-gain/",
        f"/admin/quizzes/results/{HUGE}/quizzes/{HUGE}/",
        f"/admin/quizzes/results/{HUGE}/quizzes/{HUGE}/export/csv/",
        f"/admin/quizzes/results/{HUGE}/attempts/{HUGE}/",
    ],
)
def test_admin_urls_with_ids_beyond_64_bits_are_not_found(client, superuser, path):
    client.force_login(superuser)
    assert client.get(path).status_code == 404


def test_course_urls_with_huge_ids_are_not_found(client, course, facilitator):
    client.force_login(facilitator)
    base = reverse("courses_admin_enrolments", args=[course.pk])
    assert client.get(f"{base}attendance/{HUGE}/").status_code == 404
    assert client.post(f"{base}enrolments/{HUGE}/decide/", {"action": "approve"}).status_code == 404
    assert client.get(f"/admin/quizzes/results/{course.pk}/", {"quiz": HUGE, "user": HUGE}).status_code == 200
    assert client.get(f"/admin/quizzes/results/{course.pk}/", {"quiz": "²", "user": "٣"}).status_code == 200
    assert client.get(f"/en/learning/{course.course_key}/forum/{HUGE}/").status_code == 404


@pytest.mark.parametrize("remove", [HUGE, "²", "abc", "-5"])
def test_removing_a_garbage_team_member_is_refused_with_a_message(client, course, remove):
    owner = enrol_participant(course, "rudi", full_name="Rudi Hartono").user
    draft(course, owner)
    client.force_login(owner)
    url = reverse("community_plan_team", args=[course.course_key])
    response = client.post(url, {"remove": remove}, follow=True)
    assert response.status_code == 200
    assert "not on the plan" in response.content.decode() or "tim" in response.content.decode()


@pytest.mark.parametrize("query", ["Kota", "HAM", "x", *QUOTED])
@pytest.mark.parametrize(
    "list_url",
    [
        "wagtailsnippets_news_category:list",
        "wagtailsnippets_home_organisation:list",
        "wagtailsnippets_quiz_question:list",
    ],
)
def test_snippet_searches_answer_any_query(client, superuser, list_url, query):
    client.force_login(superuser)
    response = client.get(reverse(list_url), {"q": query})
    assert response.status_code == 200


def test_snippet_searches_find_by_the_indexed_fields(client, superuser, locales):
    Category.objects.create(name="Kota HAM", slug="kota-ham")
    Organisation.objects.create(name="Komisi Nasional Hak Asasi Manusia", short_name="Komnas HAM")
    client.force_login(superuser)
    response = client.get(reverse("wagtailsnippets_news_category:list"), {"q": "Kota"})
    assert [category.name for category in response.context["object_list"]] == ["Kota HAM"]
    response = client.get(reverse("wagtailsnippets_home_organisation:list"), {"q": "Komnas"})
    assert [organisation.short_name for organisation in response.context["object_list"]] == ["Komnas HAM"]


@pytest.mark.parametrize("query", QUOTED)
@pytest.mark.parametrize(
    "path", ["/admin/pages/search/", "/admin/images/", "/admin/snippets/quiz/quiz/", "/admin/documents/"]
)
def test_admin_searches_with_quotes_answer(client, superuser, site_tree, path, query):
    client.force_login(superuser)
    assert client.get(path, {"q": query}).status_code == 200


def test_quoted_searches_still_find_what_was_typed(site_tree):
    home = Page.objects.filter(depth=2).first()
    assert home is not None
    title_word = home.title.split()[0]
    assert home.pk in [page.pk for page in Page.objects.search(f'"{title_word}"')]
    assert home.pk in [page.pk for page in Page.objects.search(f'{title_word}"')]
    assert list(Image.objects.search('"')) == []
    assert list(Page.objects.autocomplete('"')) is not None


@pytest.mark.parametrize("version", [HUGE, str(2**31), "²"])
def test_a_comment_on_a_version_beyond_any_number_is_a_400(client, course, facilitator, version):
    owner = enrol_participant(course, "rudi", full_name="Rudi Hartono").user
    plan = draft(course, owner)
    action_plans.submit(plan, course_access(owner, course))
    client.force_login(facilitator)
    response = client.post(plan_url(plan, "community_plan_comment"), {"version": version, "body": "Bagus."})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/pages/{HUGE}/",
        f"/admin/pages/{HUGE}/edit/",
        f"/admin/pages/{HUGE}/history/",
        f"/admin/images/{HUGE}/",
        f"/admin/documents/edit/{HUGE}/",
        f"/admin/snippets/home/person/edit/{HUGE}/",
        f"/admin/snippets/quiz/quiz/edit/{HUGE}/",
        f"/admin/snippets/news/category/edit/{HUGE}/",
        f"/admin/users/{HUGE}/",
    ],
)
def test_wagtails_own_admin_urls_with_ids_beyond_64_bits_are_not_found(client, superuser, path):
    client.force_login(superuser)
    assert client.get(path).status_code == 404

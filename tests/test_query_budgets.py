"""Query budgets of the pages caching cannot help (issue 18), each measured at N and 3N objects.

A budget is a ceiling on the SQL a request sends, and the count must be the same with three
times as many articles, courses, lessons, posts or attempts: a page whose count grows with its
data is a page that slows down with it. Transaction control (the SAVEPOINTs a test's transaction
turns `atomic()` into; BEGIN/COMMIT in production) is not counted. `make bench` measures the
same pages for speed; no test here looks at a clock.
"""

import datetime
import json

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.access import course_access
from courses.community import action_plans, forum
from courses.enrolment import enrol
from courses.quiz.choices import AttemptState
from courses.quiz.models import Attempt
from home.page_cache import bump_generation
from home.site_tree import publish
from tests.factories import (
    CategoryFactory,
    ImageFactory,
    NewsArticlePageFactory,
    PersonFactory,
    enrol_participant,
    make_course,
    make_lesson,
    still_enrolling,
)
from tests.quiz.builders import choice_key, make_question, make_quiz
from tests.quiz.test_taking import make_quiz_page

N = 3

# Anonymous pages, uncached (the page cache is off in tests). Wagtail's own routing cost 7
# queries before the article's; home/routing.py does it in 2 (the path, then the article; the news index it
# passes through is built from the path's row, not fetched).
# The site settings come from the routing memo, not a query per page.
ARTICLE, INDEX, HOME = 6, 8, 12
# The same pages for a reader the page cache cannot serve (logged in, or with a form's cookie) once
# the content cache holds their shared part ({% contentcache %}): the path and the page.
ARTICLE_WARM, INDEX_WARM, HOME_WARM = 2, 2, 2
# A participant's pages: the session and the user are 2 of each; with two-factor required for
# staff (as in production), a participant's request still asks nothing about permissions. The
# courses' outlines and quiz listings every participant shares come from the content cache
# (home/content_cache.py) once warm: 4 queries fewer on the dashboard, 1 on a thread or plan. The
# dashboard reads the lessons done, sessions attended and courses completed in one query.
DASHBOARD, LESSON, QUIZ_PAGE, THREAD, ACTION_PLAN = 10, 12, 11, 13, 8
START, SAVE = 9, 5
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@pytest.fixture(autouse=True)
def _as_in_production(settings, content_cache_on):
    settings.STAFF_REQUIRE_2FA = True


def count(request):
    """(response, SQL sent) of `request()`, transaction control left out."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return response, [query["sql"] for query in captured if not query["sql"].startswith(TRANSACTION_CONTROL)]


def steady(client, url):
    """The count of a second GET of `url` (the first warms the per-process memo and renditions)."""
    assert client.get(url).status_code == 200
    response, queries = count(lambda: client.get(url))
    assert response.status_code == 200
    return len(queries), queries


def assert_budget(few, many, budget):
    assert few[0] == many[0], ("grows with the data", few[1], many[1])
    assert many[0] <= budget, many[1]


# Reader's pages ---------------------------------------------------------------------------------


def add_articles(site_tree, number, category, image, person):
    articles = []
    for _n in range(number):
        article = NewsArticlePageFactory.build(category=category, image=image, image_alt="foto", editor=person)
        site_tree.news["id"].add_child(instance=article)
        articles.append(publish(article))
    last = articles[-1]
    last.writers.create(person=person)
    last.tags.add("kota-ham")
    return publish(last)


@pytest.mark.parametrize(
    "content_cache, budgets",
    [(False, (ARTICLE, INDEX, HOME)), (True, (ARTICLE_WARM, INDEX_WARM, HOME_WARM))],
    ids=["full render", "shared parts from the content cache"],
)
def test_article_news_index_and_home_do_not_grow_with_articles(site_tree, settings, content_cache, budgets):
    settings.CONTENT_CACHE_ENABLED = content_cache
    category, image, person = CategoryFactory(), ImageFactory(), PersonFactory()
    client = Client()
    counts = []
    for number in (N, 2 * N):  # N, then 3N in all
        article = add_articles(site_tree, number, category, image, person)
        bump_generation()  # what the publishes do once they commit, which a test's transaction never does
        counts.append(
            [steady(client, url) for url in (article.url, site_tree.news["id"].url, site_tree.home["id"].url)]
        )
    for few, many, budget in zip(counts[0], counts[1], budgets, strict=True):
        assert_budget(few, many, budget)


def test_routing_still_answers_what_wagtail_would(site_tree):
    """Sub-routes, unknown paths, a draft page and a private one, through home/routing.py."""
    from wagtail.models import PageViewRestriction

    category = CategoryFactory()
    article = add_articles(site_tree, 1, category, None, PersonFactory())
    client = Client()
    index = site_tree.news["id"]
    assert client.get(index.url + "feed/").status_code == 200  # the index's own sub-route
    assert client.get(index.url + "no-such-article/").status_code == 404
    assert client.get(article.url + "no-such-part/").status_code == 404
    article.unpublish()
    assert client.get(article.url).status_code == 404
    publish(article)
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]


# A participant's pages --------------------------------------------------------------------------


@pytest.fixture
def participant(course):
    return enrol_participant(course, "dewi").user


@pytest.fixture
def participant_client(participant):
    client = Client()
    client.force_login(participant)
    return client


def test_dashboard_does_not_grow_with_courses_or_lessons(site_tree, participant, participant_client):
    counts = []
    for step, number in enumerate((N, 2 * N)):
        for n in range(number):
            course = make_course(
                site_tree.courses["id"], slug=f"kursus-{step}-{n}", sessions=[{}, {}], end_date=still_enrolling()
            )
            make_lesson(course, f"Modul {step}-{n}")
            enrol_participant(course, f"lain-{step}-{n}")
            enrol(participant, course)
        counts.append(steady(participant_client, reverse("courses_dashboard")))
    assert_budget(*counts, DASHBOARD)


def test_lesson_does_not_grow_with_lessons(course, participant_client):
    first = make_lesson(course, "Modul pertama")
    counts = []
    for step, number in enumerate((N, 2 * N)):
        for n in range(number):
            make_lesson(course, f"Modul {step}-{n}")
        counts.append(steady(participant_client, first.url))
    assert_budget(*counts, LESSON)


def quiz_page_of(course, questions):
    return make_quiz_page(course, make_quiz(questions, max_attempts=0), title="Pre-test", slug="pre-test")


def finished_attempts(user, page, number):
    for _n in range(number):
        latest = Attempt.objects.filter(user=user, quiz_key=page.quiz.quiz_key).count()
        Attempt.objects.create(
            user=user,
            quiz_key=page.quiz.quiz_key,
            course_key=page.course.course_key,
            number=latest + 1,
            state=AttemptState.SUBMITTED,
            question_keys=[],
            choice_orders={},
            submitted_at=datetime.datetime(2021, 8, 20, tzinfo=datetime.UTC),
            score=1,
            max_score=1,
            percent=100,
            passed=True,
        )


def test_quiz_page_does_not_grow_with_attempts(course, participant, participant_client):
    page = quiz_page_of(course, [make_question(f"Soal {n}") for n in range(5)])
    counts = []
    for number in (N, 2 * N):
        finished_attempts(participant, page, number)
        counts.append(steady(participant_client, page.url))
    assert_budget(*counts, QUIZ_PAGE)


def test_forum_thread_does_not_grow_with_posts(course, participant, participant_client):
    access = course_access(participant, course)
    thread = forum.start_thread(course, access, "Peta jalan", "Bagaimana menyusun peta jalan?")
    authors = [enrol_participant(course, f"penulis{n}").user for n in range(3)]
    counts = []
    for number in (N, 2 * N):
        for n in range(number):
            forum.reply(thread, course_access(authors[n % 3], course), f"Balasan {n}")
        counts.append(steady(participant_client, reverse("community_thread", args=[course.course_key, thread.pk])))
    assert_budget(*counts, THREAD)


def test_action_plan_does_not_grow_with_plans(course, participant, participant_client):
    action_plans.start_plan(course, course_access(participant, course))
    counts = []
    for step, number in enumerate((N, 2 * N)):
        for n in range(number):
            other = enrol_participant(course, f"tim-{step}-{n}").user
            action_plans.start_plan(course, course_access(other, course))
        counts.append(steady(participant_client, reverse("community_my_plan", args=[course.course_key])))
    assert_budget(*counts, ACTION_PLAN)


# The start spike: "Mulai" and the answers ------------------------------------------------------


def start_and_save(course, participant, size):
    """Queries to start an attempt (after the quiz page, as a participant arrives) and to save one answer."""
    questions = [make_question(f"Soal {size}-{n}") for n in range(size)]
    page = make_quiz_page(course, make_quiz(questions, slug=f"kuis-{size}"), title=f"Kuis {size}", slug=f"kuis-{size}")
    client = Client()
    client.force_login(participant)
    assert client.get(page.url).status_code == 200  # the lobby draws the paper here
    response, starting = count(lambda: client.post(page.url + page.reverse_subpage("start")))
    assert response.status_code == 302, response.content[:300]
    attempt = Attempt.objects.get(user=participant, quiz_key=page.quiz.quiz_key)
    assert len(attempt.question_keys) == size
    question = questions[size // 2]
    body = {"question_key": str(question.translation_key), "choice_keys": [choice_key(question, "B")], "seq": 1}
    response, saving = count(
        lambda: client.post(
            reverse("quiz_save_answer", args=[attempt.pk]), json.dumps(body), content_type="application/json"
        )
    )
    assert response.json()["saved"] is True
    return (len(starting), starting), (len(saving), saving)


def test_starting_and_saving_do_not_grow_with_the_paper(course, participant):
    few_start, few_save = start_and_save(course, participant, N * 3)
    many_start, many_save = start_and_save(course, participant, N * 9)
    assert_budget(few_start, many_start, START)
    assert_budget(few_save, many_save, SAVE)


def test_a_start_without_the_lobby_still_draws_a_paper(course, participant, participant_client):
    page = quiz_page_of(course, [make_question(f"Soal {n}") for n in range(4)])
    response = participant_client.post(page.url + page.reverse_subpage("start"))
    assert response.status_code == 302
    assert len(Attempt.objects.get(user=participant).question_keys) == 4

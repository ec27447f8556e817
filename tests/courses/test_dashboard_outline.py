"""“My courses” reads what every participant shares (each course's sessions and lessons, the quizzes
placed in it) from the content cache (home/content_cache.py): what an editor publishes shows on the
next visit, and a cache that is down costs speed, not the page."""

import datetime

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.quiz.choices import QuizKind
from home.site_tree import publish
from tests.factories import enrol_participant, make_lesson
from tests.quiz.builders import make_quiz
from tests.quiz.test_taking import make_quiz_page

pytestmark = pytest.mark.usefixtures("content_cache_on")


@pytest.fixture
def participant_client(course):
    client = Client()
    client.force_login(enrol_participant(course, "dewi").user)
    return client


def dashboard(client):
    response = client.get(reverse("courses_dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_session_change_shows_on_the_next_visit(
    participant_client, course, django_capture_on_commit_callbacks
):
    def rename_first_session(title):
        sessions = list(course.sessions.all())
        sessions[0].title, sessions[0].date = title, timezone.localdate() + datetime.timedelta(days=3)
        course.sessions = sessions
        with django_capture_on_commit_callbacks(execute=True):
            publish(course)

    rename_first_session("Hari pertama")
    assert "Hari pertama" in dashboard(participant_client)
    rename_first_session("Hari pembukaan")
    html = dashboard(participant_client)
    assert "Hari pembukaan" in html and "Hari pertama" not in html


def test_lessons_published_and_unpublished_show_on_the_next_visit(
    participant_client, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_lesson(course, "Modul 1: Konsep HAM")
    assert "Modul 1: Konsep HAM" in dashboard(participant_client)
    with django_capture_on_commit_callbacks(execute=True):
        make_lesson(course, "Modul 2: Kota HAM")
        first.unpublish()
    html = dashboard(participant_client)
    assert "Modul 2: Kota HAM" in html and "Modul 1: Konsep HAM" not in html


def test_a_quiz_made_draft_leaves_the_dashboard(participant_client, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        quiz = make_quiz(kind=QuizKind.PRE_TEST)
        make_quiz_page(course, quiz, title="Pre-test Kota HAM")
    assert "Pre-test Kota HAM" in dashboard(participant_client)
    quiz.draft = True
    with django_capture_on_commit_callbacks(execute=True):
        quiz.save()
    assert "Pre-test Kota HAM" not in dashboard(participant_client)


def test_the_outline_changes_when_the_publish_commits(participant_client, course, django_capture_on_commit_callbacks):
    assert "Modul 1: Konsep HAM" not in dashboard(participant_client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_lesson(course, "Modul 1: Konsep HAM")
        assert "Modul 1: Konsep HAM" not in dashboard(participant_client)  # kept until the commit
    for callback in callbacks:
        callback()
    assert "Modul 1: Konsep HAM" in dashboard(participant_client)


def test_the_dashboard_works_with_the_cache_down(participant_client, course, cache_down):
    make_lesson(course, "Modul 1: Konsep HAM")
    assert "Modul 1: Konsep HAM" in dashboard(participant_client)

"""Forum posts, replies and new threads together, are throttled per user and per client address (issue 15, item 3)."""

import pytest

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from courses.access import course_access
from courses.community import forum
from courses.community.models import ForumPost, ForumThread
from tests.factories import enrol_participant

LIMIT = {"per_user": 3, "per_address": 5, "window": 60}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def participant(course):
    return enrol_participant(course, "dewi", full_name="Dewi Anggraini, S.H.").user


@pytest.fixture
def thread(course, participant):
    return forum.start_thread(course, course_access(participant, course), "Peta jalan", "Bagaimana?")


@override_settings(FORUM_POST_RATE_LIMIT=LIMIT)
def test_replies_and_new_threads_are_throttled_per_user(client, course, participant, thread, caplog):
    client.force_login(participant)
    reply_url = reverse("community_thread_reply", args=[course.course_key, thread.pk])
    new_url = reverse("community_thread_new", args=[course.course_key])
    for number in range(2):
        assert client.post(reply_url, {"body": f"Balasan {number}"}).status_code == 302
    assert client.post(new_url, {"title": "Utas baru", "body": "Isi"}).status_code == 302

    response = client.post(reply_url, {"body": "Satu lagi"})
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 60
    assert "posting too fast" in response.content.decode()
    response = client.post(new_url, {"title": "Utas lain", "body": "Isi"})
    assert response.status_code == 429 and "posting too fast" in response.content.decode()
    assert "forum-post" in caplog.text
    assert ForumPost.objects.count() == 4 and ForumThread.objects.count() == 2

    other = enrol_participant(course, "rudi", full_name="Rudi Hartono").user
    client.force_login(other)
    assert client.post(reply_url, {"body": "Dari orang lain"}, REMOTE_ADDR="10.0.0.9").status_code == 302


@override_settings(FORUM_POST_RATE_LIMIT=LIMIT)
def test_an_invalid_post_does_not_count(client, course, participant, thread):
    client.force_login(participant)
    reply_url = reverse("community_thread_reply", args=[course.course_key, thread.pk])
    for _attempt in range(5):
        assert client.post(reply_url, {"body": ""}).status_code == 400
    assert client.post(reply_url, {"body": "Akhirnya"}).status_code == 302

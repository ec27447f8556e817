"""Forum times are in the course's zone and say which (WIB, WITA, WIT), like the schedule."""

import datetime

from django.urls import reverse

from courses.choices import CourseTimezone
from courses.community.models import ForumPost, ForumThread
from tests.factories import build_course, enrol_participant

POSTED = datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)  # 09:30 WITA, 08:30 WIB


def test_forum_times_show_the_course_zone(client, course_index):
    course = build_course(course_index, "Pelatihan Makassar", "makassar", timezone=CourseTimezone.WITA)
    user = enrol_participant(course, "andi").user
    thread = ForumThread.objects.create(
        course_key=course.course_key, title="Perkenalan", author=user, last_post_at=POSTED
    )
    post = ForumPost.objects.create(thread=thread, author=user, body="Salam kenal.")
    ForumPost.objects.filter(pk=post.pk).update(created_at=POSTED)
    client.force_login(user)

    index = client.get(reverse("community_forum", args=[course.course_key])).content.decode()
    assert "2 Maret 2026, 09:30 WITA" in index
    detail = client.get(reverse("community_thread", args=[course.course_key, thread.pk])).content.decode()
    assert "2 Maret 2026, 09:30 WITA" in detail and "08:30" not in detail

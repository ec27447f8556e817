"""The learning forum: who reads, posts and moderates; hostile input; edit window; pagination; e-mail."""

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.access import course_access
from courses.choices import EnrolmentStatus
from courses.community import forum, permissions
from courses.community.models import ForumPost, ForumThread
from courses.models import CourseFacilitator
from courses.staff import FACILITATORS
from tests.factories import UserFactory, enrol_participant, staff_user


@pytest.fixture(autouse=True)
def english():
    """Pages are asked for in English (/en/…), so assertions can quote the English interface."""
    with translation.override("en"):
        yield


def forum_url(course, name="community_forum", *args):
    return reverse(name, args=[course.course_key, *args])


def thread_url(thread, name="community_thread"):
    return reverse(name, args=[thread.course_key, thread.pk])


@pytest.fixture
def participant(course):
    return enrol_participant(course, "dewi", full_name="Dewi Anggraini, S.H.").user


@pytest.fixture
def other_participant(course):
    return enrol_participant(course, "rudi", full_name="Rudi Hartono").user


@pytest.fixture
def thread(course, participant):
    return forum.start_thread(
        course, course_access(participant, course), "Peta jalan Kota HAM", "Bagaimana menyusun peta jalan?"
    )


def replies(thread, course, users, count):
    for number in range(count):
        user = users[number % len(users)]
        forum.reply(thread, course_access(user, course), f"Balasan nomor {number}")


# Who may read, post and moderate ----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, course, thread):
    for url in (forum_url(course), forum_url(course, "community_thread_new"), thread_url(thread)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    response = client.post(thread_url(thread, "community_thread_reply"), {"body": "Halo"})
    assert response.status_code == 302
    assert ForumPost.objects.count() == 1


@pytest.mark.parametrize(
    "status", [None, EnrolmentStatus.PENDING, EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN]
)
def test_a_user_without_an_active_enrolment_can_neither_read_nor_post(client, course, thread, status):
    if status is None:
        user = UserFactory(username="bukan-peserta")
    else:
        user = enrol_participant(course, "belum-aktif", status=status).user
    client.force_login(user)

    for url in (forum_url(course), thread_url(thread), forum_url(course, "community_thread_new")):
        response = client.get(url)
        assert response.status_code == 403
        assert "Peta jalan Kota HAM" not in response.content.decode()
    assert client.post(forum_url(course, "community_thread_new"), {"title": "Spam", "body": "x"}).status_code == 403
    assert client.post(thread_url(thread, "community_thread_reply"), {"body": "Halo"}).status_code == 403
    assert ForumThread.objects.count() == 1 and ForumPost.objects.count() == 1


def test_participant_starts_a_thread_and_another_replies(client, course, participant, other_participant):
    client.force_login(participant)
    response = client.post(
        forum_url(course, "community_thread_new"),
        {"title": "Praktik baik Wonosobo", "body": "Siapa yang pernah belajar dari Wonosobo?", "follow": "on"},
    )
    thread = ForumThread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread_url(thread)
    assert "Praktik baik Wonosobo" in client.get(forum_url(course)).content.decode()

    client.force_login(other_participant)
    response = client.post(thread_url(thread, "community_thread_reply"), {"body": "Kami pernah, lewat **FGD**."})
    assert response.status_code == 302
    html = client.get(thread_url(thread)).content.decode()
    assert "Dewi Anggraini, S.H." in html and "Rudi Hartono" in html
    assert "<strong>FGD</strong>" in html
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_the_forum_is_the_same_in_both_languages(client, course, participant, thread, locales):
    course.copy_for_translation(locales["en"], copy_parents=True).save_revision().publish()
    client.force_login(participant)
    response = client.get(f"/en/learning/{course.course_key}/forum/")
    assert response.status_code == 200
    assert "Peta jalan Kota HAM" in response.content.decode()


def test_facilitator_of_another_course_can_neither_read_nor_moderate(client, course, other_course, thread):
    stranger = staff_user("fasilitator-lain", FACILITATORS)
    CourseFacilitator.objects.create(page=other_course, user=stranger)
    client.force_login(stranger)

    assert client.get(forum_url(course)).status_code == 403
    for action in ("pin", "lock", "hide", "delete"):
        assert client.post(thread_url(thread, "community_thread_moderate"), {"action": action}).status_code == 403
    opening = thread.posts.get()
    response = client.post(reverse("community_post_moderate", args=[course.course_key, opening.pk]), {"action": "hide"})
    assert response.status_code == 403
    thread.refresh_from_db()
    assert not (thread.is_pinned or thread.is_locked or thread.is_hidden)
    assert ForumThread.objects.filter(pk=thread.pk).exists()
    assert not permissions.can_moderate(course_access(stranger, course))


def test_participants_cannot_moderate(client, course, thread, other_participant):
    client.force_login(other_participant)
    response = client.post(thread_url(thread, "community_thread_moderate"), {"action": "delete"})
    assert response.status_code == 403
    assert ForumThread.objects.filter(pk=thread.pk).exists()
    assert "Moderation" not in client.get(thread_url(thread)).content.decode()


def test_facilitator_pins_locks_hides_and_deletes(client, course, facilitator, participant, other_participant, thread):
    second = forum.start_thread(course, course_access(other_participant, course), "Thread kedua", "Isi")
    client.force_login(facilitator)
    assert client.get(forum_url(course)).context["rows"][0]["thread"] == second

    client.post(thread_url(thread, "community_thread_moderate"), {"action": "pin"})
    assert client.get(forum_url(course)).context["rows"][0]["thread"] == thread  # pinned threads come first

    client.post(thread_url(thread, "community_thread_moderate"), {"action": "lock"})
    client.force_login(participant)
    assert client.post(thread_url(thread, "community_thread_reply"), {"body": "Masih bisa?"}).status_code == 403
    assert "locked" in client.get(thread_url(thread)).content.decode()
    client.force_login(facilitator)
    assert (
        client.post(thread_url(thread, "community_thread_reply"), {"body": "Ditutup, terima kasih."}).status_code == 302
    )

    reply = forum.reply(second, course_access(participant, course), "Kata-kata kasar")
    client.post(reverse("community_post_moderate", args=[course.course_key, reply.pk]), {"action": "hide"})
    client.force_login(other_participant)
    html = client.get(thread_url(second)).content.decode()
    assert "Kata-kata kasar" not in html and "hidden by a moderator" in html
    client.force_login(facilitator)
    assert "Kata-kata kasar" in client.get(thread_url(second)).content.decode()  # staff still see it
    client.post(reverse("community_post_moderate", args=[course.course_key, reply.pk]), {"action": "delete"})
    assert not ForumPost.objects.filter(pk=reply.pk).exists()
    second.refresh_from_db()
    assert second.reply_count == 0

    client.post(thread_url(second, "community_thread_moderate"), {"action": "hide"})
    client.force_login(other_participant)
    assert client.get(thread_url(second)).status_code == 404
    assert "Thread kedua" not in client.get(forum_url(course)).content.decode()

    client.force_login(facilitator)
    response = client.post(thread_url(second, "community_thread_moderate"), {"action": "delete"})
    assert response.status_code == 302 and response["Location"] == forum_url(course)
    assert not ForumThread.objects.filter(pk=second.pk).exists()


def test_editors_moderate_every_course(client, course, editor, thread):
    client.force_login(editor)
    assert client.post(thread_url(thread, "community_thread_moderate"), {"action": "lock"}).status_code == 302
    thread.refresh_from_db()
    assert thread.is_locked


# Hostile input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('xss')</script>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "javascript:alert(document.cookie)",
        '<a href="javascript:alert(1)">klik</a>',
        'https://example.org/"onmouseover="alert(1)',
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_hostile_markup_is_shown_as_text_never_run(text):
    html = str(forum.render_body(text))
    tags = re.findall(r"<[^>]*>", html)
    assert {re.match(r"</?(\w+)", tag).group(1) for tag in tags} <= {"p", "a"}
    assert not [tag for tag in tags if re.search(r"\son\w+=|javascript:", tag)], tags
    assert "alert(" in html or "evil.example" in html  # what was typed is still there, as text


def test_only_web_and_mail_links_are_made_and_they_are_nofollow():
    html = str(forum.render_body("Lihat https://komnasham.go.id/kota-ham. Atau www.infid.org, tulis ke a@b.org"))
    assert '<a href="https://komnasham.go.id/kota-ham" rel="nofollow noopener">' in html
    assert '<a href="https://www.infid.org" rel="nofollow noopener">www.infid.org</a>,' in html
    assert '<a href="mailto:a@b.org" rel="nofollow noopener">' in html


def test_paragraphs_lists_and_quotes():
    html = str(forum.render_body("> kutipan\n\n- satu\n- dua\n\n1. pertama\n2. kedua\n\nbaris\nbaru"))
    assert html == (
        "<blockquote><p>kutipan</p></blockquote><ul><li>satu</li><li>dua</li></ul>"
        "<ol><li>pertama</li><li>kedua</li></ol><p>baris<br>baru</p>"
    )


def test_quotes_nest_a_few_levels_and_deeper_markers_stay_text():
    html = str(forum.render_body("> " * 7 + "kutipan"))
    depth = forum.MAX_QUOTE_DEPTH
    assert html == "<blockquote>" * depth + "<p>&gt; &gt; kutipan</p>" + "</blockquote>" * depth


def test_thousands_of_quote_markers_leave_the_thread_readable(client, course, participant, facilitator, thread):
    client.force_login(participant)
    response = client.post(thread_url(thread, "community_thread_reply"), {"body": "> " * 4_900})
    assert response.status_code == 302
    post = thread.posts.latest("pk")

    for reader in (participant, facilitator):
        client.force_login(reader)
        response = client.get(thread_url(thread))
        assert response.status_code == 200
        assert response.content.decode().count("<blockquote>") == forum.MAX_QUOTE_DEPTH

    client.post(reverse("community_post_moderate", args=[course.course_key, post.pk]), {"action": "hide"})
    assert client.get(thread_url(thread)).status_code == 200


def test_script_posted_through_the_form_is_escaped_on_the_page(client, course, participant, thread):
    client.force_login(participant)
    client.post(
        thread_url(thread, "community_thread_reply"),
        {"body": "<script>alert('xss')</script> and javascript:alert(1)"},
    )
    html = client.get(thread_url(thread)).content.decode()
    assert "<script>alert('xss')</script>" not in html
    assert "&lt;script&gt;alert(" in html
    assert 'href="javascript:' not in html


def test_oversized_posts_are_refused_with_a_clear_error(client, course, participant, thread):
    client.force_login(participant)
    response = client.post(thread_url(thread, "community_thread_reply"), {"body": "a" * (forum.MAX_POST_LENGTH + 1)})
    assert response.status_code == 400
    assert "10,001 characters long; the limit is 10,000" in response.content.decode()
    assert thread.posts.count() == 1
    response = client.post(forum_url(course, "community_thread_new"), {"title": "x" * 201, "body": "isi"})
    assert response.status_code == 400 and ForumThread.objects.count() == 1
    response = client.post(thread_url(thread, "community_thread_reply"), {"body": "a" * forum.MAX_POST_LENGTH})
    assert response.status_code == 302


def test_empty_posts_are_refused(client, course, participant, thread):
    client.force_login(participant)
    assert client.post(thread_url(thread, "community_thread_reply"), {"body": "   \n "}).status_code == 400
    assert thread.posts.count() == 1


# Editing ----------------------------------------------------------------------------------------


def edit_url(course, post):
    return reverse("community_post_edit", args=[course.course_key, post.pk])


def test_authors_edit_their_posts_within_the_window(client, course, participant, other_participant, thread):
    post = thread.posts.get()
    client.force_login(participant)
    assert client.get(edit_url(course, post)).status_code == 200
    response = client.post(edit_url(course, post), {"body": "Pertanyaan yang diperbaiki"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Pertanyaan yang diperbaiki" and post.edited_at is not None
    assert "edited" in client.get(thread_url(thread)).content.decode()

    client.force_login(other_participant)
    assert client.get(edit_url(course, post)).status_code == 403
    assert client.post(edit_url(course, post), {"body": "Dibajak"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "Pertanyaan yang diperbaiki"


def test_the_edit_window_closes(client, course, participant, thread):
    post = thread.posts.get()
    access = course_access(participant, course)
    assert permissions.can_edit_post(access, post, now=post.created_at + permissions.EDIT_WINDOW)
    assert not permissions.can_edit_post(
        access, post, now=post.created_at + permissions.EDIT_WINDOW + datetime.timedelta(seconds=1)
    )

    ForumPost.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=31))
    client.force_login(participant)
    response = client.get(edit_url(course, post))
    assert response.status_code == 403 and "30 minutes" in response.content.decode()
    assert client.post(edit_url(course, post), {"body": "Terlambat"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "Bagaimana menyusun peta jalan?"
    assert edit_url(course, post) not in client.get(thread_url(thread)).content.decode()


def test_staff_cannot_rewrite_participants_posts(client, course, facilitator, thread):
    client.force_login(facilitator)
    assert client.get(edit_url(course, thread.posts.get())).status_code == 403


# Pages and queries ------------------------------------------------------------------------------


def test_thread_pages_hold_twenty_posts_and_bad_page_numbers_fall_back(
    client, course, participant, other_participant, thread
):
    replies(thread, course, [participant, other_participant], 45)  # 46 posts: 20, 20, 6
    client.force_login(participant)
    assert len(client.get(thread_url(thread)).context["rows"]) == 20
    last = client.get(thread_url(thread), {"page": 3})
    assert len(last.context["rows"]) == 6 and "Balasan nomor 44" in last.content.decode()
    assert client.get(thread_url(thread), {"page": "abc"}).context["page_obj"].number == 1
    assert client.get(thread_url(thread), {"page": "99"}).context["page_obj"].number == 3

    response = client.post(thread_url(thread, "community_thread_reply"), {"body": "Balasan terakhir"})
    reply = ForumPost.objects.latest("pk")
    assert response["Location"] == f"{thread_url(thread)}?page=3#post-{reply.pk}"


def test_thread_listing_is_paginated(client, course, participant):
    access = course_access(participant, course)
    for number in range(forum.THREADS_PER_PAGE + 3):
        forum.start_thread(course, access, f"Topik {number}", "Isi")
    client.force_login(participant)
    assert len(client.get(forum_url(course)).context["rows"]) == forum.THREADS_PER_PAGE
    assert len(client.get(forum_url(course), {"page": 2}).context["rows"]) == 3


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_thread_page_queries_do_not_grow_with_replies(client, course, participant, thread):
    authors = [enrol_participant(course, f"peserta{number}").user for number in range(10)]
    replies(thread, course, authors, 5)
    client.force_login(participant)
    few = count_queries(client, thread_url(thread))
    replies(thread, course, authors, 45)
    many = count_queries(client, thread_url(thread))
    assert len(client.get(thread_url(thread)).context["rows"]) == forum.POSTS_PER_PAGE
    assert few == many, (few, many)
    assert many <= 20


# Following, e-mail and unread replies -----------------------------------------------------------


def test_a_reply_emails_the_thread_author_and_followers_but_not_the_writer(
    course, participant, other_participant, thread, mailoutbox, django_capture_on_commit_callbacks
):
    follower = enrol_participant(course, "sri").user
    forum.subscribe(thread, follower)
    leaver = enrol_participant(course, "pergi").user
    forum.subscribe(thread, leaver)
    leaver.enrolments.update(status=EnrolmentStatus.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        post = forum.reply(thread, course_access(other_participant, course), "Jawaban saya.")
    assert sorted(message.to[0] for message in mailoutbox) == [participant.email, follower.email]
    message = mailoutbox[0]
    assert "Peta jalan Kota HAM" in message.subject
    assert "Rudi Hartono" in message.body and "Jawaban saya." in message.body
    assert f"/id/learning/{course.course_key}/forum/{thread.pk}/#post-{post.pk}" in message.body
    assert other_participant.email not in [m.to[0] for m in mailoutbox]


def test_unfollowing_stops_the_emails(
    client, course, participant, other_participant, thread, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(participant)
    assert client.post(thread_url(thread, "community_thread_follow"), {"follow": "0"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        forum.reply(thread, course_access(other_participant, course), "Ada yang baca?")
    assert mailoutbox == []
    client.post(thread_url(thread, "community_thread_follow"), {"follow": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        forum.reply(thread, course_access(other_participant, course), "Sekarang?")
    assert [message.to[0] for message in mailoutbox] == [participant.email]


def test_unread_replies_are_counted_until_the_thread_is_read(client, course, participant, other_participant, thread):
    forum.reply(thread, course_access(participant, course), "Balasan saya sendiri")  # own posts are never unread
    replies(thread, course, [other_participant], 2)
    assert forum.unread_replies_by_course(participant, [course.course_key]) == {course.course_key: 2}
    client.force_login(participant)
    assert "2 unread replies" in client.get(reverse("courses_dashboard")).content.decode()
    assert "New" in client.get(forum_url(course)).content.decode()

    client.get(thread_url(thread))
    assert forum.unread_replies_by_course(participant, [course.course_key]) == {}
    html = client.get(reverse("courses_dashboard")).content.decode()
    assert "unread" not in html and forum_url(course) in html


def test_replies_from_before_someone_followed_are_not_unread_to_them(course, participant, other_participant, thread):
    third = enrol_participant(course, "sari", full_name="Sari Dewi").user
    replies(thread, course, [third], 2)
    forum.subscribe(thread, other_participant)  # after the first two replies, never having opened the thread
    assert forum.unread_replies_by_course(other_participant, [course.course_key]) == {}
    replies(thread, course, [third], 1)
    assert forum.unread_replies_by_course(other_participant, [course.course_key]) == {course.course_key: 1}
    # The thread's other followers do not multiply anyone's count.
    assert forum.unread_replies_by_course(participant, [course.course_key]) == {course.course_key: 3}


def test_course_page_links_participants_and_staff_to_the_community(client, course, participant, facilitator):
    assert forum_url(course) not in client.get(course.url).content.decode()
    client.force_login(participant)
    html = client.get(course.url).content.decode()
    assert forum_url(course) in html and reverse("community_my_plan", args=[course.course_key]) in html
    client.force_login(facilitator)
    html = client.get(course.url).content.decode()
    assert forum_url(course) in html and reverse("community_mentor_plans", args=[course.course_key]) in html


def test_unknown_course_is_not_found(client, participant):
    client.force_login(participant)
    assert client.get("/id/learning/00000000-0000-0000-0000-000000000000/forum/").status_code == 404


def test_posts_are_in_the_data_export_and_stay_anonymous_after_erasure(
    client, course, participant, other_participant, thread
):
    forum.reply(thread, course_access(other_participant, course), "Jawaban Rudi")
    client.force_login(participant)
    data = client.get(reverse("courses_export_data")).json()
    assert [(post["thread"], post["message"]) for post in data["forum_posts"]] == [
        ("Peta jalan Kota HAM", "Bagaimana menyusun peta jalan?")
    ]

    from courses.personal_data import erase_participant

    erase_participant(participant)
    client.force_login(other_participant)
    html = client.get(thread_url(thread)).content.decode()
    assert "Dewi Anggraini" not in html and "Former participant" in html and "Jawaban Rudi" in html

import datetime
import json

import pytest

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.choices import EnrolmentMode
from courses.completion import update_completion
from courses.enrolment import enrol
from courses.models import Attendance, CourseCompletion, Enrolment, LessonCompletion, ParticipantProfile
from tests.factories import UserFactory, make_course, make_lesson, make_participant, still_enrolling

ZONE = datetime.timezone(datetime.timedelta(hours=7))


def live_session(**extra):
    """A session happening now in WIB, open for check-in for at least the next quarter of an hour
    whatever the time the tests run: a session does not cross midnight."""
    now = timezone.now().astimezone(ZONE).replace(microsecond=0)
    start, end = now - datetime.timedelta(minutes=30), now + datetime.timedelta(hours=1)
    if end.date() != now.date() and now.time() >= datetime.time(23, 45):
        start = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0)  # check-in opens 15 min before
        end = start + datetime.timedelta(hours=1)
    elif end.date() != now.date():
        end = now.replace(hour=23, minute=59, second=59)
    elif start.date() != now.date():
        start = now.replace(hour=0, minute=0, second=0)
    return {"date": start.date(), "start_time": start.time(), "end_time": end.time(), **extra}


@pytest.fixture
def course(site_tree):
    return make_course(
        site_tree.courses["id"],
        sessions=[
            live_session(
                title="Sesi langsung", meeting_url="https://meet.example.org/live-room", check_in_code="ABC123"
            ),
            {
                "title": "Sesi lampau",
                "recording_url": "https://video.example.org/rekaman",
                "meeting_url": "https://meet.example.org/old",
            },
        ],
        min_attendance_percent=50,
        require_all_lessons=True,
        end_date=still_enrolling(),
    )


def test_meeting_link_only_for_enrolled_participants_in_the_window(client, course):
    html = client.get(course.url).content.decode()
    assert "live-room" not in html and "rekaman" not in html
    user = make_participant()
    client.force_login(user)
    assert "live-room" not in client.get(course.url).content.decode()
    enrol(user, course)
    html = client.get(course.url).content.decode()
    assert "https://meet.example.org/live-room" in html
    assert "https://meet.example.org/old" not in html  # past session: no meeting link
    assert "https://video.example.org/rekaman" in html  # but its recording


def test_schedule_shows_times_with_zone_in_both_languages(client, course, locales):
    html = client.get(course.url).content.decode()
    assert "WIB" in html and "Senin, 16 Agustus 2021" not in html or "WIB" in html


def test_enrol_requires_login_and_profile(client, course):
    url = course.url + "enrol/"
    response = client.post(url)
    assert response.status_code == 302 and "login" in response["Location"]
    user = UserFactory(username="tanpa-profil")
    client.force_login(user)
    response = client.post(url)
    assert response.status_code == 302 and reverse("courses_profile") in response["Location"]
    assert not Enrolment.objects.exists()


def test_wrong_enrolment_key_is_a_400_with_message(client, course):
    course.enrolment_mode, course.enrolment_key = EnrolmentMode.KEY, "RAHASIA"
    course.save_revision().publish()
    client.force_login(make_participant())
    response = client.post(course.url + "enrol/", {"enrolment_key": "salah"})
    assert response.status_code == 400
    assert "enrolment key is not right" in response.content.decode() or "kunci" in response.content.decode().lower()
    response = client.post(course.url + "enrol/", {"enrolment_key": "RAHASIA"})
    assert response.status_code == 302
    assert Enrolment.objects.get().status == "approved"


def test_check_in_with_code_during_session(client, course):
    user = make_participant()
    enrol(user, course)
    client.force_login(user)
    live = course.session_list[0]
    url = f"{course.url}sessions/{live.translation_key}/check-in/"
    assert client.post(url, {"code": "XXXXXX"}).status_code == 400
    assert not Attendance.objects.exists()
    assert client.post(url, {"code": "abc123"}).status_code == 302
    assert Attendance.objects.get().status == "present"
    past = course.session_list[1]
    response = client.post(f"{course.url}sessions/{past.translation_key}/check-in/", {"code": past.check_in_code})
    assert response.status_code == 400  # outside its live window


def test_check_in_refused_for_non_participants(client, course):
    client.force_login(make_participant())
    live = course.session_list[0]
    assert client.post(f"{course.url}sessions/{live.translation_key}/check-in/", {"code": "ABC123"}).status_code == 403


def test_lessons_are_locked_until_enrolled_and_progress_changes(client, course):
    lesson = make_lesson(course, "Modul 1: Konsep kota HAM")
    make_lesson(course, "Modul 2: Peta jalan")
    user = make_participant()
    client.force_login(user)
    assert client.get(lesson.url).status_code == 403
    enrol(user, course)
    assert client.get(lesson.url).status_code == 200
    dashboard = client.get(reverse("courses_dashboard")).content.decode()
    assert 'value="0"' in dashboard
    response = client.post(lesson.url + "complete/")
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=user).count() == 1
    dashboard = client.get(reverse("courses_dashboard")).content.decode()
    assert 'value="25"' in dashboard  # 1 of 2 lessons + 0 of 2 sessions


def test_completion_is_recorded_when_rules_are_met(course):
    lesson = make_lesson(course, "Modul 1")
    user = make_participant()
    enrolment = enrol(user, course)
    assert update_completion(enrolment, course) is None
    LessonCompletion.objects.create(user=user, course_key=course.course_key, lesson_key=lesson.translation_key)
    assert update_completion(enrolment, course) is None  # attendance 0% < 50%
    Attendance.objects.create(
        enrolment=enrolment, session_key=course.session_list[0].translation_key, status="present", source="staff"
    )
    completion = update_completion(enrolment, course)
    assert completion is not None and completion.attendance_percent == 50
    assert update_completion(enrolment, course) == completion
    assert CourseCompletion.objects.count() == 1


def test_dashboard_shows_progress_and_the_day_the_course_was_completed_in_jakarta(client, course):
    lesson = make_lesson(course, "Modul 1")
    user = make_participant()
    enrolment = enrol(user, course)
    LessonCompletion.objects.create(user=user, course_key=course.course_key, lesson_key=lesson.translation_key)
    Attendance.objects.create(
        enrolment=enrolment, session_key=course.session_list[0].translation_key, status="present", source="staff"
    )
    assert update_completion(enrolment, course) is not None
    late_evening_utc = datetime.datetime(2021, 9, 7, 20, 0, tzinfo=datetime.UTC)  # 8 September, 03:00 in Jakarta
    CourseCompletion.objects.update(completed_at=late_evening_utc)
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        dashboard = client.get(reverse("courses_dashboard")).content.decode()
    assert "Diselesaikan pada 8 September 2021" in dashboard
    assert 'value="67"' in dashboard  # 2 of 3: the one lesson done, one of the two sessions attended
    assert sum("course_key" in query["sql"] and "UNION" in query["sql"] for query in captured) == 1


def test_course_without_rules_never_completes_automatically(site_tree):
    course = make_course(site_tree.courses["id"], slug="tanpa-aturan", sessions=[{}], end_date=still_enrolling())
    assert update_completion(enrol(make_participant(), course), course) is None


def test_course_calendar_is_valid_ics(client, course):
    response = client.get(course.url + "calendar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == 2
    assert "DTSTART;TZID=Asia/Jakarta:20210817T090000" in body
    assert "meet.example.org" not in body
    # The zone the times refer to travels with them, for calendar apps without the IANA database.
    assert body.count("BEGIN:VTIMEZONE") == 1 and "TZID:Asia/Jakarta" in body
    assert "TZOFFSETTO:+0700" in body


def test_calendar_of_courses_in_two_zones_carries_both_timezones(client, course, site_tree):
    from courses.choices import CourseTimezone

    makassar = make_course(
        site_tree.courses["id"],
        slug="makassar",
        title="Pelatihan Makassar",
        sessions=[{}],
        end_date=still_enrolling(),
        timezone=CourseTimezone.WITA,
    )
    user = make_participant()
    enrol(user, course)
    enrol(user, makassar)
    token = ParticipantProfile.objects.get(user=user).calendar_token
    body = client.get(reverse("courses_personal_calendar", args=[token])).content.decode()
    assert body.count("BEGIN:VTIMEZONE") == 2
    assert "TZID:Asia/Jakarta" in body and "TZID:Asia/Makassar" in body and "TZOFFSETTO:+0800" in body


def test_personal_calendar_lists_only_my_courses(client, course, site_tree):
    other = make_course(
        site_tree.courses["id"],
        slug="lain",
        title="Pelatihan lain",
        sessions=[{"title": "Sesi lain"}],
        end_date=still_enrolling(),
    )
    user = make_participant()
    enrol(user, course)
    token = ParticipantProfile.objects.get(user=user).calendar_token
    body = client.get(reverse("courses_personal_calendar", args=[token])).content.decode()
    assert "Sesi lampau" in body and "Sesi lain" not in body
    assert other.title not in body
    assert client.get(reverse("courses_personal_calendar", args=["tebakan"])).status_code == 404


def test_profile_validates_nip(client, db):
    user = UserFactory(username="baru")
    client.force_login(user)
    data = {
        "full_name": "Budi Santoso",
        "participant_type": "asn",
        "organisation": "Dinas Sosial",
        "regency_city": "Kota Semarang",
        "nip": "12345",
        "privacy_consent": "on",
    }
    response = client.post(reverse("courses_profile"), data)
    assert response.status_code == 400
    assert not ParticipantProfile.objects.exists()
    data["nip"] = "198507262010011003"
    assert client.post(reverse("courses_profile"), data).status_code == 302
    data["privacy_consent"] = ""
    assert client.post(reverse("courses_profile"), data).status_code == 400


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_profile_returns_only_to_this_site(client, db, target):
    client.force_login(UserFactory(username="baru"))
    data = {
        "full_name": "Budi Santoso",
        "participant_type": "asn",
        "organisation": "Dinas Sosial",
        "regency_city": "Kota Semarang",
        "privacy_consent": "on",
    }
    response = client.post(reverse("courses_profile"), {**data, "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("courses_dashboard")
    response = client.post(reverse("courses_profile"), {**data, "next": "/id/pelatihan/"})
    assert response["Location"] == "/id/pelatihan/"


def test_data_export_and_erasure(client, course):
    user = make_participant()
    enrolment = enrol(user, course)
    Attendance.objects.create(
        enrolment=enrolment, session_key=course.session_list[1].translation_key, status="present", source="staff"
    )
    client.force_login(user)
    response = client.get(reverse("courses_export_data"))
    data = json.loads(response.content)
    assert data["profile"]["full_name"] == "Dewi Anggraini, S.H."
    assert data["enrolments"][0]["status"] == "approved"
    assert data["attendance"][0]["status"] == "present"
    assert client.post(reverse("courses_delete_account"), {"confirm": "nope"}).status_code == 400
    assert client.post(reverse("courses_delete_account"), {"confirm": "HAPUS"}).status_code == 302
    assert (
        not ParticipantProfile.objects.exists() and not Enrolment.objects.exists() and not Attendance.objects.exists()
    )
    assert client.get(reverse("courses_dashboard")).status_code == 302


def test_personal_pages_need_login(client, site_tree):
    for name in ("courses_dashboard", "courses_profile", "courses_export_data", "courses_delete_account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_signup_with_email_verification(client, site_tree):
    response = client.post(
        reverse("account_signup"),
        {"email": "peserta@example.org", "password1": "Kota-HAM-2021!", "password2": "Kota-HAM-2021!"},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/confirm-email/" in line).strip()
    path = link[link.index("/", link.index("//") + 2) :]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    response = client.get(reverse("courses_dashboard"))
    assert response.status_code == 200


def test_login_is_throttled(client, site_tree):
    from allauth.account.models import EmailAddress

    user = UserFactory(username="korban", email="korban@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _attempt in range(6):
        client.post(reverse("account_login"), {"login": "korban@example.org", "password": "salah"})
    response = client.post(reverse("account_login"), {"login": "korban@example.org", "password": "password"})
    assert response.status_code == 200  # the right password is refused while throttled
    assert "_auth_user_id" not in client.session
    other = client.__class__()
    assert other.post(
        reverse("account_login"), {"login": "korban@example.org", "password": "password"}
    ).status_code in (200, 302)


@pytest.mark.parametrize("count", [1, 4])
def test_dashboard_query_count_is_constant(client, site_tree, count, django_assert_max_num_queries):
    user = make_participant()
    for number in range(count):
        course = make_course(
            site_tree.courses["id"], slug=f"kursus-{number}", sessions=[{}, {}, {}], end_date=still_enrolling()
        )
        make_lesson(course, f"Modul {number}")
        enrol(user, course)
    client.force_login(user)
    client.get(reverse("courses_dashboard"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("courses_dashboard")).status_code == 200
    # 15 for the courses themselves, + 2 for courses.community (unread forum replies, action plans),
    # + 3 for courses.quiz.integration (quiz pages, attempts, overrides).
    assert len(queries) <= 15 + 2 + 3, [q["sql"][:120] for q in queries]


def test_catalogue_leaves_out_private_courses(client, site_tree):
    from wagtail.models import PageViewRestriction

    public = make_course(site_tree.courses["id"], title="Pelatihan Bisnis dan HAM", slug="bisnis-ham")
    private = make_course(site_tree.courses["id"], title="Pelatihan Internal Staf Komnas", slug="internal")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(site_tree.courses["id"].url).content.decode()
    assert public.title in html
    assert private.title not in html

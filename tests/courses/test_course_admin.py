from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import CoursePage
from tests.factories import PersonFactory, UserFactory, make_course, make_lesson


def test_editor_creates_a_course_with_sessions_and_speakers_in_the_admin(client, site_tree):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    speaker, moderator = PersonFactory(name="Beka Ulung Hapsara"), PersonFactory(name="Zainal Abidin")
    data = nested_form_data(
        {
            "title": "Pelatihan HAM Angkatan 2",
            "slug": "pelatihan-ham-angkatan-2",
            "summary": "Ringkasan.",
            "objectives": rich_text("<p>Tujuan.</p>"),
            "audience": "",
            "format": "online",
            "start_date": "2022-03-01",
            "end_date": "2022-03-10",
            "timezone": "Asia/Jakarta",
            "learning_hours": "20",
            "enrolment_mode": "open",
            "enrolment_key": "",
            "capacity": "",
            "min_attendance_percent": "75",
            "attendance_minutes_present": "60",
            "organisers": inline_formset([]),
            "facilitators": inline_formset([]),
            "sessions": inline_formset(
                [
                    {
                        "title": "Hari pertama",
                        "date": "2022-03-01",
                        "start_time": "09:00",
                        "end_time": "12:00",
                        "description": rich_text(""),
                        "moderator": moderator.pk,
                        "materials": streamfield([]),
                        "meeting_url": "https://meet.example.org/a",
                        "recording_url": "",
                        "check_in_code": "KODE01",
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )
    data["sessions-0-speakers"] = [speaker.pk]  # a multiple select posts the key once per choice
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", site_tree.courses["id"].pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    course = CoursePage.objects.get(slug="pelatihan-ham-angkatan-2")
    session = course.sessions.get()
    assert list(session.speakers.all()) == [speaker] and session.moderator == moderator
    assert session.locale == course.locale


def test_admin_edit_views_open_for_every_course_page_type(client, site_tree):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    course = make_course(site_tree.courses["id"], sessions=[{}])
    lesson = make_lesson(course, "Modul 1")
    for page in (site_tree.courses["id"], course, lesson):
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    for model in ("home/organisation", "home/person", "news/category"):
        assert client.get(f"/admin/snippets/{model}/").status_code == 200

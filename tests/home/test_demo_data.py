from django.core.management import call_command

from wagtail.models import Page, Revision

from courses.models import Attendance, CoursePage, Enrolment
from news.models import NewsArticlePage


def counts():
    return (Page.objects.count(), Revision.objects.count(), Enrolment.objects.count(), Attendance.objects.count())


def test_demo_data_loads_once_and_twice_changes_nothing(db, settings, tmp_path):
    call_command("load_demo_data", verbosity=0)
    seed = NewsArticlePage.objects.get(title="Komnas HAM Dukung Semarang Menuju Kota HAM")
    assert seed.live and seed.date.isoformat() == "2021-09-01"
    english = seed.get_translation(seed.locale.__class__.objects.get(language_code="en"))
    assert english.live and english.title.startswith("Komnas HAM Supports Semarang")
    assert NewsArticlePage.objects.filter(locale__language_code="id").count() >= 6
    course = CoursePage.objects.get(slug="pelatihan-kabupaten-kota-ham-semarang-2021")
    fifth_day = next(session for session in course.session_list if session.date.isoformat() == "2021-08-31")
    assert {person.name for person in fifth_day.speakers.all()} == {"Beka Ulung Hapsara", "Sugeng Bahagijo"}
    assert fifth_day.moderator.name == "Zainal Abidin"
    assert len(course.session_list) >= 6
    before = counts()
    call_command("load_demo_data", verbosity=0)
    assert counts() == before

import datetime

import pytest

from django.contrib.auth.models import Group

from wagtail.users.models import UserProfile

from courses.choices import EnrolmentStatus
from courses.models import CourseFacilitator, CourseIndexPage, CoursePage, CourseSession, Enrolment, ParticipantProfile
from courses.staff import FACILITATORS
from home.groups import EDITORS
from home.site_tree import publish
from tests.factories import UserFactory


def build_course(index, title, slug, sessions=3, **fields):
    """A published course with `sessions` CourseSession inlines on consecutive days."""
    values = {
        "title": title,
        "slug": slug,
        "summary": "Pelatihan daring bagi ASN dan aktivis masyarakat sipil.",
        "objectives": "<p>Memahami kerangka kabupaten/kota HAM.</p>",
        "start_date": datetime.date(2021, 8, 16),
        "end_date": datetime.date(2021, 9, 7),
    }
    values.update(fields)
    course = CoursePage(**values)
    for number in range(sessions):
        course.sessions.add(
            CourseSession(
                title=f"Hari {number + 1}",
                date=datetime.date(2021, 8, 16) + datetime.timedelta(days=number),
                start_time=datetime.time(9, 0),
                end_time=datetime.time(12, 0),
            )
        )
    index.add_child(instance=course)
    return publish(course)


def enrol_participant(course, username, status=EnrolmentStatus.APPROVED, profile=True, **profile_fields):
    """A user with a participant profile and an enrolment in `course`, made directly (no e-mails)."""
    user = UserFactory(username=username)
    if profile:
        values = {
            "full_name": f"Peserta {username}",
            "participant_type": "asn",
            "organisation": "Bagian Hukum Setda Kota Semarang",
            "regency_city": "Kota Semarang",
        }
        values.update(profile_fields)
        ParticipantProfile.objects.create(user=user, **values)
    return Enrolment.objects.create(user=user, course_key=course.course_key, status=status)


def staff_user(username, group):
    """A staff member who reads the admin in English, so tests can match its English messages."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def course_index(site_tree):
    index = CourseIndexPage.objects.child_of(site_tree.home["id"]).first()
    if index is None:
        index = site_tree.home["id"].add_child(instance=CourseIndexPage(title="Pelatihan", slug="pelatihan"))
        publish(index)
    return index.specific


@pytest.fixture
def course(course_index):
    return build_course(course_index, "Pelatihan Kabupaten/Kota HAM", "pelatihan-kota-ham")


@pytest.fixture
def other_course(course_index):
    return build_course(course_index, "Pelatihan Bisnis dan HAM", "pelatihan-bisnis-ham", sessions=1)


@pytest.fixture
def facilitator(course):
    user = staff_user("fasilitator", FACILITATORS)
    CourseFacilitator.objects.create(page=course, user=user)
    return user


@pytest.fixture
def editor(db):
    return staff_user("editor", EDITORS)

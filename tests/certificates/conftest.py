import pytest

from django.utils import timezone

from courses.certificates.models import CourseCertificateSettings
from courses.models import CourseCompletion, CourseFacilitator
from courses.staff import FACILITATORS
from tests.factories import build_course, enrol_participant, staff_user

SETTINGS_FIELDS = {field.name for field in CourseCertificateSettings._meta.fields} - {"id", "course_key"}


def certified_course(index, title="Pelatihan Kabupaten/Kota HAM", slug="pelatihan-kota-ham", **fields):
    """A course (30 JP) that issues certificates coded SMG; `fields` are the page's or its `CourseCertificateSettings`'."""
    settings = {"issue_certificates": True, "code": "SMG"}
    settings.update({name: fields.pop(name) for name in list(fields) if name in SETTINGS_FIELDS})
    course = build_course(index, title, slug, **{"learning_hours": 30, **fields})
    CourseCertificateSettings.objects.create(course_key=course.course_key, **settings)
    return course


def certificate_settings(course):
    return CourseCertificateSettings.objects.get(course_key=course.course_key)


def completed(course, username, **profile_fields):
    """An enrolled participant whose completion of `course` is recorded (without sending the signal)."""
    enrolment = enrol_participant(course, username, **profile_fields)
    CourseCompletion.objects.create(user=enrolment.user, course_key=course.course_key, completed_at=timezone.now())
    return enrolment


@pytest.fixture
def course(course_index):  # noqa: F811
    return certified_course(course_index)


@pytest.fixture
def other_course(course_index):  # noqa: F811
    return certified_course(course_index, "Pelatihan Bisnis dan HAM", "pelatihan-bisnis-ham", code="BHR")


@pytest.fixture
def facilitator(course):
    user = staff_user("fasilitator", FACILITATORS)
    CourseFacilitator.objects.create(page=course, user=user)
    return user


@pytest.fixture
def other_facilitator(other_course):
    user = staff_user("fasilitator.lain", FACILITATORS)
    CourseFacilitator.objects.create(page=other_course, user=user)
    return user

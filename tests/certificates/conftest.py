import pytest

from django.utils import timezone

from courses.models import CourseCompletion, CourseFacilitator
from courses.staff import FACILITATORS
from tests.factories import build_course, enrol_participant, staff_user


def certified_course(index, title="Pelatihan Kabupaten/Kota HAM", slug="pelatihan-kota-ham", **fields):
    values = {"issue_certificates": True, "certificate_code": "SMG", "learning_hours": 30}
    values.update(fields)
    return build_course(index, title, slug, **values)


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
    return certified_course(course_index, "Pelatihan Bisnis dan HAM", "pelatihan-bisnis-ham", certificate_code="BHR")


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

"""The one answer to "who may do what" in the core, and to "which page is the course's source"."""

import pytest

from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from wagtail.models import Locale

from courses.access import course_access, forbidden, is_course_staff, manages_all_courses
from courses.models import CoursePage
from tests.factories import UserFactory, enrol_participant


@pytest.fixture
def english_course(course, locales):
    return course.copy_for_translation(locales["en"], copy_parents=True)


def test_source_for_pins_the_source_language_page(course, english_course):
    assert CoursePage.source_for(english_course).pk == course.pk
    assert CoursePage.source_for(course) is course
    assert CoursePage.source_for(course.course_key).pk == course.pk
    # A draft source is still the source: its settings are the synchronised ones.
    course.unpublish()
    assert CoursePage.source_for(english_course.course_key).pk == course.pk


def test_source_for_a_course_written_in_another_language_is_its_first_page(course_index, locales):
    from tests.factories import build_course

    english_index = course_index.get_translation(locales["en"])
    only_english = build_course(english_index, "Business and Human Rights", "business-human-rights")
    assert only_english.locale == Locale.objects.get(language_code="en")
    assert CoursePage.source_for(only_english.course_key).pk == only_english.pk
    assert CoursePage.source_for("00000000-0000-0000-0000-000000000000") is None


def test_managing_every_course_is_its_own_permission(course):
    clerk = UserFactory(username="clerk")
    clerk.user_permissions.add(Permission.objects.get(content_type__app_label="courses", codename="change_enrolment"))
    assert not manages_all_courses(clerk)
    assert not is_course_staff(clerk, course)
    manager = UserFactory(username="manager")
    manager.user_permissions.add(
        Permission.objects.get(content_type__app_label="courses", codename="manage_all_courses")
    )
    assert manages_all_courses(manager)
    assert is_course_staff(manager, course)


def test_course_access_tells_participants_staff_and_strangers_apart(course, facilitator):
    participant = enrol_participant(course, "peserta").user
    stranger = UserFactory(username="orang.lain")
    assert course_access(participant, course).participant and not course_access(participant, course).staff
    assert course_access(facilitator, course).staff and not course_access(facilitator, course).participant
    assert not course_access(stranger, course).is_member


def test_forbidden_answers_in_the_layout_of_where_it_was_asked(course, facilitator):
    admin_request = RequestFactory().get(reverse("courses_admin_enrolments", args=[course.pk]))
    admin_request.user = facilitator
    site_request = RequestFactory().get("/id/pelatihan/")
    site_request.user = facilitator
    admin_response = forbidden(admin_request, "Tidak boleh.").render()
    site_response = forbidden(site_request, "Tidak boleh.", course=course).render()
    assert admin_response.status_code == site_response.status_code == 403
    assert admin_response.template_name == "courses/admin/forbidden.html"
    assert site_response.template_name == "courses/forbidden.html"
    assert "Tidak boleh." in admin_response.content.decode()
    assert "Tidak boleh." in site_response.content.decode()

"""A database from before the certificate settings left the course page migrates cleanly, keeping its values.

The settings (issue, automatic issue, course code, number format, score, validity, template) were
fields of `CoursePage`; they are now the certificates plug-in's `CourseCertificateSettings`, keyed
by the course's translation key. This test takes the database back to the migrations as they were
(courses 0005, certificates 0003), writes the settings onto a course's pages in both languages
through the models of that time, migrates forward and reads them back through today's models.
"""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from home.localize import translate_with_strings
from tests.factories import build_course

BEFORE = [("courses", "0005_community_moved_out"), ("certificates", "0003_template_images_custom_model")]


def migrate(targets):
    """Migrate the test database to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    return state.apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


# Serialized rollback restores the content types with their ids, so ContentType's cache stays true
# for the tests after this one. Clearing it here would make the next restore create content types
# behind the deserializer's back (a signal asking for one mid-restore) and fail on a duplicate.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_certificate_settings_survive_the_move_off_the_course_page(course_index, locales):
    course = build_course(course_index, "Pelatihan Kota HAM", "pelatihan-kota-ham", learning_hours=30)
    translate_with_strings(course, locales["en"], {course.title: "Human Rights City Training"})
    plain = build_course(course_index, "Kelas tanpa sertifikat", "tanpa-sertifikat")
    old_apps = migrate(BEFORE)
    with pytest.raises(LookupError):
        old_apps.get_model("certificates", "CourseCertificateSettings")
    OldTemplate = old_apps.get_model("certificates", "CertificateTemplate")
    OldCoursePage = old_apps.get_model("courses", "CoursePage")
    template = OldTemplate.objects.create(name="PKH Semarang", body_id="Diberikan kepada\n{name}")
    old_values = {
        "issue_certificates": True,
        "certificate_auto_issue": False,
        "certificate_code": "SMG",
        "certificate_number_format": "{seq:03d}/PKH-{code}/{month_roman}/{year}",
        "certificate_shows_score": True,
        "certificate_valid_months": 24,
        "certificate_template_id": template.pk,
    }
    assert OldCoursePage.objects.filter(translation_key=course.translation_key).update(**old_values) == 2

    migrate(latest())

    from courses.certificates.models import CourseCertificateSettings
    from courses.models import CoursePage

    settings = CourseCertificateSettings.objects.get(course_key=course.course_key)
    assert (settings.issue_certificates, settings.auto_issue, settings.code) == (True, False, "SMG")
    assert settings.number_format == "{seq:03d}/PKH-{code}/{month_roman}/{year}"
    assert (settings.shows_score, settings.valid_months, settings.template_id) == (True, 24, template.pk)
    assert CourseCertificateSettings.objects.filter(course_key=course.course_key).count() == 1  # one per course
    assert not CourseCertificateSettings.objects.get(course_key=plain.course_key).issue_certificates
    assert CoursePage.objects.get(pk=course.pk).learning_hours == 30  # a course fact: stays on the page
    assert "issue_certificates" not in {field.name for field in CoursePage._meta.get_fields()}

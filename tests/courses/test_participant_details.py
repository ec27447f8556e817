"""Small things a participant meets: every aria-describedby has its target, no "---------" participant type."""

import re

import pytest

from django.urls import reverse
from django.utils import translation

from courses.choices import AttendanceStatus
from courses.enrolment import enrol
from courses.models import Attendance
from tests.courses.test_course_pages import course  # noqa: F401 (the fixture with a live session)
from tests.courses.test_hostile_profile import PROFILE
from tests.factories import UserFactory, make_participant


def described_by_targets(html):
    """Each id an aria-describedby names, with whether the page has an element with that id."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return {
        target: target in ids for refs in re.findall(r'aria-describedby="([^"]+)"', html) for target in refs.split()
    }


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_profile_errors_are_the_targets_the_inputs_name(client, site_tree, english):
    client.force_login(UserFactory(username="baru"))
    response = client.post(reverse("courses_profile"), {**PROFILE, "nip": "123", "organisation": ""})
    targets = described_by_targets(response.content.decode())
    assert targets["id_nip_error"] and targets["id_nip_helptext"] and targets["id_organisation_error"]
    assert all(targets.values()), targets


def test_delete_account_confirmation_has_its_help_and_error(client, site_tree, english):
    client.force_login(make_participant())
    for response in (
        client.get(reverse("courses_delete_account")),
        client.post(reverse("courses_delete_account"), {"confirm": "nanti"}),
    ):
        targets = described_by_targets(response.content.decode())
        assert targets and all(targets.values()), targets
    assert "id_confirm_error" in targets


def test_participant_type_has_no_empty_choice_and_none_is_preselected(client, site_tree, english):
    client.force_login(UserFactory(username="baru"))
    html = client.get(reverse("courses_profile")).content.decode()
    radios = re.findall(r'<input type="radio" name="participant_type"[^>]*>', html)
    assert radios and not any('value=""' in radio for radio in radios)
    assert not any("checked" in radio for radio in radios)
    assert "---------" not in html


def test_a_session_in_progress_is_now_with_its_check_in_link(client, course, english):  # noqa: F811
    user = make_participant()
    enrolment = enrol(user, course)
    client.force_login(user)
    live = course.session_list[0]
    html = client.get(reverse("courses_dashboard")).content.decode()
    assert 'class="session-now"' in html and "Sesi langsung" in html
    assert f'href="{course.url}#session-{live.translation_key}"' in html
    assert "Next session" not in html and "0\xa0minutes" not in html and "0 minutes" not in html

    Attendance.objects.create(enrolment=enrolment, session_key=live.translation_key, status=AttendanceStatus.PRESENT)
    html = client.get(reverse("courses_dashboard")).content.decode()
    assert 'class="session-now"' in html and f"#session-{live.translation_key}" not in html

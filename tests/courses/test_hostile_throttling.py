"""Guessing enrolment keys and check-in codes is throttled per user and per client address (issue 15, item 3)."""

import logging

import pytest

from django.test import override_settings

from courses.choices import EnrolmentMode
from courses.enrolment import enrol
from courses.models import Attendance, Enrolment
from tests.courses.test_course_pages import course  # noqa: F401 (the fixture with a live session)
from tests.factories import make_participant

LIMIT = {"per_user": 3, "per_address": 5, "window": 600}


@pytest.fixture
def key_course(course):  # noqa: F811
    course.enrolment_mode, course.enrolment_key = EnrolmentMode.KEY, "RAHASIA"
    course.save_revision().publish()
    return course


@override_settings(ENROLMENT_KEY_RATE_LIMIT=LIMIT)
def test_wrong_enrolment_keys_are_throttled_per_user(client, key_course, caplog):
    client.force_login(make_participant("penebak"))
    url = key_course.url + "enrol/"
    for _attempt in range(3):
        assert client.post(url, {"enrolment_key": "salah"}).status_code == 400
    with caplog.at_level(logging.WARNING, logger="home.security"):
        response = client.post(url, {"enrolment_key": "RAHASIA"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "Too many wrong enrolment keys" in response.content.decode() or "kunci" in response.content.decode()
    assert "enrolment-key" in caplog.text
    assert not Enrolment.objects.exists()  # the right key is refused too while throttled

    client.force_login(make_participant("lain"))  # another user, from the same address, still within its limit
    assert client.post(url, {"enrolment_key": "RAHASIA"}).status_code == 302
    assert Enrolment.objects.count() == 1


@override_settings(ENROLMENT_KEY_RATE_LIMIT=LIMIT)
def test_wrong_enrolment_keys_are_throttled_per_address(client, key_course):
    url = key_course.url + "enrol/"
    for number in range(2):
        client.force_login(make_participant(f"penebak{number}"))
        for _attempt in range(2):
            assert client.post(url, {"enrolment_key": "salah"}).status_code == 400
    client.force_login(make_participant("penebak2"))
    assert client.post(url, {"enrolment_key": "salah"}).status_code == 400  # the address's 5th
    assert client.post(url, {"enrolment_key": "RAHASIA"}).status_code == 429
    other = make_participant("lain")
    client.force_login(other)
    response = client.post(url, {"enrolment_key": "RAHASIA"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    assert Enrolment.objects.get().user == other


@override_settings(CHECK_IN_CODE_RATE_LIMIT=LIMIT)
def test_wrong_check_in_codes_are_throttled(client, course, caplog):  # noqa: F811
    user, other = make_participant("penebak"), make_participant("lain")
    enrol(user, course)
    enrol(other, course)
    url = f"{course.url}sessions/{course.session_list[0].translation_key}/check-in/"
    client.force_login(user)
    for _attempt in range(3):
        assert client.post(url, {"code": "XXXXXX"}).status_code == 400
    with caplog.at_level(logging.WARNING, logger="home.security"):
        response = client.post(url, {"code": "ABC123"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "check-in-code" in caplog.text
    assert not Attendance.objects.exists()

    client.force_login(other)
    assert client.post(url, {"code": "ABC123"}).status_code == 302
    assert Attendance.objects.get().enrolment.user == other

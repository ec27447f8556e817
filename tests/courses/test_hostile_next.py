"""A `next` that is not a path on this site is never followed and never a 500 (issue 15, item 10)."""

import pytest

from django.urls import reverse

from courses.choices import EnrolmentStatus
from tests.factories import UserFactory, enrol_participant

NOT_LOCAL = ["foo", "javascript:x", "//evil.example/", "https://evil.example/", "courses_dashboard", "/\\evil.example"]


def url(name, course, *args):
    return reverse(f"courses_admin_{name}", args=[course.pk, *args])


@pytest.mark.parametrize("next_url", NOT_LOCAL)
def test_a_decision_with_a_foreign_next_returns_to_the_listing(client, course, facilitator, next_url):
    pending = enrol_participant(course, "rina", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)
    response = client.post(url("decide", course, pending.pk), {"action": "approve", "next": next_url})
    assert response.status_code == 302 and response["Location"] == url("enrolments", course)
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.APPROVED
    response = client.post(url("decide", course, pending.pk) + "?next=" + next_url, {"action": "nonsense"})
    assert response.status_code == 302 and response["Location"] == url("enrolments", course)


def test_a_decision_returns_to_a_local_next(client, course, facilitator):
    pending = enrol_participant(course, "rina", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)
    back = url("enrolments", course) + "?status=pending"
    response = client.post(url("decide", course, pending.pk), {"action": "approve", "next": back})
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.parametrize("next_url", NOT_LOCAL)
def test_the_profile_with_a_foreign_next_goes_to_the_dashboard(client, site_tree, next_url):
    client.force_login(UserFactory(username="baru"))
    form = {
        "full_name": "Dewi Anggraini",
        "participant_type": "asn",
        "organisation": "Bagian Hukum",
        "regency_city": "Kota Semarang",
        "privacy_consent": "on",
        "next": next_url,
    }
    response = client.post(reverse("courses_profile"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("courses_dashboard")


@pytest.mark.parametrize("garbage", ["9" * 5000, "99999999999999999999999", "²", "a\x00b"])
def test_a_decision_on_ids_that_are_not_ids_approves_only_the_real_ones(client, course, facilitator, garbage):
    pending = enrol_participant(course, "rina", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)
    response = client.post(url("decide_many", course), {"action": "approve", "enrolment": [garbage, str(pending.pk)]})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.APPROVED
    response = client.post(url("decide_many", course), {"action": "approve", "enrolment": [garbage]})
    assert response.status_code == 302 and response["Location"] == url("enrolments", course)

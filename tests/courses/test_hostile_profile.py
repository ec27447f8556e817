"""Hostile input in the participant profile: control characters and non-ASCII digits are refused."""

import pytest

from django.urls import reverse
from django.utils import translation

from courses.models import ParticipantProfile
from tests.factories import UserFactory

PROFILE = {
    "full_name": "Budi Santoso",
    "participant_type": "asn",
    "organisation": "Dinas Sosial",
    "regency_city": "Kota Semarang",
    "privacy_consent": "on",
}


@pytest.fixture
def participant_client(client, db):
    client.force_login(UserFactory(username="baru"))
    with translation.override("en"):
        yield client


def error_codes(response, field):
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


@pytest.mark.parametrize("field", ["full_name", "organisation", "position", "regency_city", "phone"])
@pytest.mark.parametrize("character", ["\x1b", "\x08", "\x0b", "\x7f", "\x85", "\t"])
def test_control_characters_in_profile_fields_are_refused_with_a_reason(participant_client, field, character):
    response = participant_client.post(reverse("courses_profile"), {**PROFILE, field: f"Budi{character}Santoso"})

    assert response.status_code == 400
    assert error_codes(response, field) == ["control_characters"]
    assert "invisible control characters" in response.content.decode()
    assert not ParticipantProfile.objects.exists()


@pytest.mark.parametrize("nip", ["١٩٨٥٠٧٢٦٢٠١٠٠١١٠٠٣", "１９８５０７２６２０１００１１００３", "19850726201001100٣"])
def test_nip_takes_ascii_digits_only(participant_client, nip):
    response = participant_client.post(reverse("courses_profile"), {**PROFILE, "nip": nip})

    assert response.status_code == 400
    assert error_codes(response, "nip") == ["invalid"]
    assert not ParticipantProfile.objects.exists()


def test_a_clean_profile_with_an_ascii_nip_is_saved(participant_client):
    response = participant_client.post(
        reverse("courses_profile"), {**PROFILE, "position": "Analis – Kebijakan", "nip": "198507262010011003"}
    )

    assert response.status_code == 302
    assert ParticipantProfile.objects.get().nip == "198507262010011003"

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


@pytest.mark.parametrize("typed", ["19850312 201001 2 003", "19850312.201001.2.003", "19850312. 201001. 2. 003"])
def test_a_nip_typed_as_printed_is_stored_as_18_digits(participant_client, typed):
    response = participant_client.post(reverse("courses_profile"), {**PROFILE, "nip": typed})

    assert response.status_code == 302
    assert ParticipantProfile.objects.get().nip == "198503122010012003"


@pytest.mark.parametrize(
    ("nip", "code", "message"),
    [
        ("000000000000000000", "nip_zeros", "A NIP cannot be all zeros."),
        ("19850230 201001 2 003", "nip_birth_date", "19850230 is not a real date"),
        ("19850312 201013 2 003", "nip_appointment", "201013 is not a real month"),
        ("19850312 201001 5 003", "nip_gender", "1 (male) or 2 (female), not 5"),
        ("1985031220100120031", "invalid", "exactly 18 digits"),
    ],
)
def test_a_malformed_nip_is_refused_with_one_clear_message(participant_client, nip, code, message):
    response = participant_client.post(reverse("courses_profile"), {**PROFILE, "nip": nip})

    assert response.status_code == 400
    assert error_codes(response, "nip") == [code]
    assert message in response.content.decode()
    assert not ParticipantProfile.objects.exists()


def test_the_nip_input_takes_the_printed_form(participant_client):
    html = participant_client.get(reverse("courses_profile")).content.decode()
    nip_input = html[html.index('name="nip"') - 200 : html.index('name="nip"') + 200]
    assert 'maxlength="30"' in nip_input and "pattern=" not in nip_input

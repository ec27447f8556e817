"""The NIP rules: 18 ASCII digits read as birth date, appointment month, gender and sequence."""

import pytest

from django.core.exceptions import ValidationError
from django.utils import translation

from home.validators import nip_validator, normalize_nip


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19850312 201001 2 003", "198503122010012003"),
        ("19850312.201001.2.003", "198503122010012003"),
        (" 19850312  201001 2 003 ", "198503122010012003"),
        ("19850312\u00a0201001\u00a02\u00a0003", "198503122010012003"),  # a no-break space, pasted
        ("198503122010012003", "198503122010012003"),
    ],
)
def test_spaces_and_dots_between_the_groups_are_removed(typed, stored):
    assert normalize_nip(typed) == stored
    nip_validator(normalize_nip(typed))


@pytest.mark.parametrize(
    "nip",
    [
        "198503122010012003",
        "200002292024121001",  # 29 February of a leap year
        "196012311985031999",
    ],
)
def test_well_formed_nips_pass(nip):
    nip_validator(nip)


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("000000000000000000", "nip_zeros"),
        ("19850312201001200", "invalid"),  # 17 digits
        ("1985031220100120031", "invalid"),  # 19 digits
        ("19850312-201001-2-003", "invalid"),  # hyphens are not removed
        ("１９８５０３１２２０１００１２００３", "invalid"),  # full-width digits
        ("198513122010012003", "nip_birth_date"),  # month 13
        ("198502302010012003", "nip_birth_date"),  # 30 February
        ("190002292010012003", "nip_birth_date"),  # 1900 was not a leap year
        ("000003122010012003", "nip_birth_date"),  # year 0
        ("185003122010012003", "nip_birth_date"),  # before 1900
        ("198503122010002003", "nip_appointment"),  # appointment month 00
        ("198503122010132003", "nip_appointment"),  # appointment month 13
        ("198503120000012003", "nip_appointment"),  # appointment year 0000
        ("198503122010013003", "nip_gender"),
        ("198503122010010003", "nip_gender"),
        ("198503122010012000", "nip_sequence"),
    ],
)
def test_malformed_nips_are_refused_with_the_rule_they_break(nip, code):
    with pytest.raises(ValidationError) as refused:
        nip_validator(nip)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("nip", "english"),
    [
        ("198502302010012003", "19850230 is not a real date"),
        ("198503122010132003", "201013 is not a real month"),
        ("198503122010013003", "is 1 (male) or 2 (female), not 3"),
        ("000000000000000000", "cannot be all zeros"),
    ],
)
def test_messages_name_the_group_to_correct(nip, english):
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        nip_validator(nip)
    with translation.override("en"):
        assert english in refused.value.messages[0]

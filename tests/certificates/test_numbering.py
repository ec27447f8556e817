import pytest

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.certificates.models import CertificateSequence
from courses.certificates.numbering import format_number, month_roman, next_number, number_format_error
from tests.certificates.conftest import certificate_settings

DEFAULT = "{seq:03d}/PKH-{code}/{month_roman}/{year}"


def test_default_format_gives_the_institutions_numbers():
    assert format_number(DEFAULT, seq=1, code="SMG", month=9, year=2021) == "001/PKH-SMG/IX/2021"
    assert format_number(DEFAULT, seq=1234, code="SMG", month=12, year=2022) == "1234/PKH-SMG/XII/2022"
    assert format_number("{year}-{month:02d}-{seq}", seq=7, code="", month=3, year=2024) == "2024-03-7"
    assert [month_roman(m) for m in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]


@pytest.mark.parametrize(
    "pattern",
    [
        "{seq:03d}/{code}",  # no year: numbers would repeat every year
        "PKH/{month_roman}/{year}",  # no sequence
        "{seq}/{year}/{name}",  # unknown placeholder
        "{seq}/{year}/{}",  # positional placeholder
        "{seq.__class__}/{year}",  # attribute access
        "{seq}/{year}/{code:03d}",  # a number format on text
        "{seq/{year}",  # unbalanced brace
        "{seq}/{year}}",
    ],
)
def test_bad_formats_are_explained(pattern):
    assert number_format_error(pattern)


def test_good_formats_pass():
    assert number_format_error(DEFAULT) is None
    assert number_format_error("{{{seq}}}/{year}") is None  # literal braces


def test_course_settings_refuse_a_bad_format_and_a_missing_code(course):
    settings = certificate_settings(course)
    settings.number_format = "{code}/{year}"
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "number_format" in error.value.message_dict
    settings.number_format = DEFAULT
    settings.code = ""
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "code" in error.value.message_dict


def test_numbers_are_consecutive_per_course_and_year_and_rollback_gives_them_back(course, other_course):
    assert [next_number(course, 2021) for _n in range(3)] == [1, 2, 3]
    assert next_number(other_course, 2021) == 1
    assert next_number(course, 2022) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(course, 2021) == 4
        raise RuntimeError("the issue failed")
    assert next_number(course, 2021) == 4
    assert CertificateSequence.objects.get(course_key=course.course_key, year=2021).last_number == 4

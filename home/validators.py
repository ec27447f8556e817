"""Validators for text people type in, shared by the apps' models."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class NoControlCharactersValidator:
    """Refuses control characters (NUL, escape, backspace…), which no keyboard types on purpose.

    They come from pasting out of other programs; stored, they break what reads the text later
    (an XLSX export refuses them outright). `allowed` names the ones a field may keep, such as
    line breaks and tabs in a multi-line field.
    """

    message = _(
        "This text contains invisible control characters, probably pasted from another program. "
        "Retype it or paste it as plain text."
    )
    code = "control_characters"

    def __init__(self, allowed=""):
        self.allowed = allowed

    def __call__(self, value):
        if any(unicodedata.category(character) == "Cc" and character not in self.allowed for character in str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator) and self.allowed == other.allowed


no_control_characters = NoControlCharactersValidator()


# What people type between a NIP's groups, as it is printed on an ID card or a decree:
# "19850312 201001 2 003" or "19850312.201001.2.003". Nothing else is dropped.
NIP_SEPARATORS = re.compile(r"[\s.]+")


def normalize_nip(value):
    """A NIP as stored: the typed text without the spaces and dots between its groups."""
    return NIP_SEPARATORS.sub("", str(value or ""))


@deconstructible
class NIPValidator:
    """A civil servant's NIP (Nomor Induk Pegawai): 18 ASCII digits, read as four groups.

    - 8 digits: date of birth, YYYYMMDD, a real calendar date;
    - 6 digits: appointment as a candidate civil servant (TMT CPNS), YYYYMM, a real month;
    - 1 digit: gender, 1 (male) or 2 (female);
    - 3 digits: sequence number among those sharing the groups before it, from 001 (000 is refused).

    Years are read as they are printed (19xx or 20xx); a date before 1900 is refused. The value is
    checked as stored, without spaces or dots: `normalize_nip` removes them first. Digits are [0-9]
    only, not any Unicode digit (Arabic-Indic or full-width digits are refused). Each rule has its own
    message and code, so a participant learns which group to correct.
    """

    digits_message = _("A NIP has exactly 18 digits (0–9); spaces or dots between the groups are fine.")
    zeros_message = _("A NIP cannot be all zeros.")
    birth_date_message = _("The first 8 digits of a NIP are a date of birth (YYYYMMDD); %(value)s is not a real date.")
    appointment_message = _(
        "Digits 9–14 of a NIP are the year and month of appointment (YYYYMM); %(value)s is not a real month."
    )
    gender_message = _("Digit 15 of a NIP is 1 (male) or 2 (female), not %(value)s.")
    sequence_message = _("The last 3 digits of a NIP are a sequence number from 001; 000 is not one.")

    def __call__(self, value):
        value = str(value)
        if not re.fullmatch(r"[0-9]{18}", value):
            raise ValidationError(self.digits_message, code="invalid")
        if set(value) == {"0"}:
            raise ValidationError(self.zeros_message, code="nip_zeros")
        birth, appointment, gender, sequence = value[:8], value[8:14], value[14], value[15:]
        try:
            born = datetime.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
        except ValueError:
            born = None
        if born is None or born.year < 1900:
            raise ValidationError(self.birth_date_message, code="nip_birth_date", params={"value": birth})
        if int(appointment[:4]) < 1900 or not 1 <= int(appointment[4:]) <= 12:
            raise ValidationError(self.appointment_message, code="nip_appointment", params={"value": appointment})
        if gender not in {"1", "2"}:
            raise ValidationError(self.gender_message, code="nip_gender", params={"value": gender})
        if sequence == "000":
            raise ValidationError(self.sequence_message, code="nip_sequence")

    def __eq__(self, other):
        return isinstance(other, NIPValidator)


nip_validator = NIPValidator()

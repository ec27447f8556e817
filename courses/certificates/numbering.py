"""Certificate numbers: a yearly sequence per course, formatted by the course's own pattern.

The pattern is a Python format string with named placeholders only:

- ``{seq}``: the certificate's place in the course's sequence for the year (``{seq:03d}`` → 001);
- ``{code}``: the course code (``CourseCertificateSettings.code``), e.g. SMG;
- ``{month}`` and ``{month_roman}``: the month of issue (9 and IX);
- ``{year}``: the year of issue.

The year is the year of issue (in the site's time zone), not of the course: a course that ends
in December and certifies in January numbers in the new year, and numbering starts again at 1
every year. ``{seq}`` and ``{year}`` are therefore required, so a number is unique per course.
"""

import string

from django.utils.translation import gettext as _

from courses.certificates.models.sequences import CertificateSequence

PLACEHOLDERS = {"seq", "code", "month", "month_roman", "year"}
REQUIRED_PLACEHOLDERS = {"seq", "year"}
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def month_roman(month):
    return ROMAN_MONTHS[month - 1]


def _fields(pattern):
    """The placeholder names of `pattern`; ValueError when it is not a well-formed format string."""
    return [name for _text, name, _spec, _conversion in string.Formatter().parse(pattern) if name is not None]


def number_format_error(pattern):
    """Why `pattern` cannot number certificates, as a message for the editor, or None when it can."""
    try:
        names = _fields(pattern)
    except ValueError:
        return _("Unbalanced braces: write placeholders as {seq}, and a literal brace as {{ or }}.")
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        return _("Unknown placeholder %(names)s; use {seq}, {code}, {month}, {month_roman} and {year}.") % {
            "names": ", ".join("{" + name + "}" for name in unknown)
        }
    missing = sorted(REQUIRED_PLACEHOLDERS - set(names))
    if missing:
        return _("The format must contain %(names)s, so that every number is unique.") % {
            "names": " ".join("{" + name + "}" for name in missing)
        }
    try:
        format_number(pattern, seq=1, code="KODE", month=12, year=2021)
    except (ValueError, TypeError, KeyError, IndexError):
        return _("A placeholder has a format that does not fit it; {seq:03d} pads the sequence to three digits.")
    return None


def format_number(pattern, *, seq, code, month, year):
    """The printed number, e.g. ``001/PKH-SMG/IX/2021``."""
    return pattern.format(seq=seq, code=code, month=month, month_roman=month_roman(month), year=year)


def next_number(course, year):
    """Take the next sequence number of `course` for `year`; call inside the transaction that uses it.

    The counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers) until
    that transaction ends, so a rolled-back issue gives its number back and two issues never share one.
    """
    counter, _created = CertificateSequence.objects.select_for_update().get_or_create(
        course_key=course.course_key, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number

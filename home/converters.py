"""Database ids in URLs and query strings, bounded to what every database can look up.

PostgreSQL answers "no such row" for an id beyond a 64-bit integer; SQLite, the embedded default,
raises OverflowError before asking. So our URLs take ids with the `id` path converter (registered
here, once, when a URL module imports this one), which does not match such a number (a 404), and
views read ids from forms and query strings with `parse_id`.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


def parse_id(value):
    """The id in `value` (ASCII digits, 1 to MAX_ID), or None for anything else: "", "abc", "²", "-1", 10**30."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """`<id:name>`: a positive database id; larger than MAX_ID does not match."""

    regex = "[0-9]+"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the pattern does not match: a 404
        return number

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

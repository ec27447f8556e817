"""Text helpers shared by the file readers and the HTML converter: whitespace, dates and leads."""

import datetime
import re

LEAD_MAX_LENGTH = 300
PLACEHOLDER_TITLE_WORDS = 8

WHITESPACE = re.compile(r"\s+")
SENTENCE_END = re.compile(r"[.!?…][”\"’)]*(?=\s+[“\"‘(]?[A-Z0-9])")
# Words that end with a full stop without ending the sentence ("Dr. Beka", "Jl. Pahlawan").
ABBREVIATIONS = {"dr", "drs", "dra", "prof", "ir", "h", "hj", "kh", "no", "jl", "st", "sdr", "sdri", "tn", "ny", "bpk"}

MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip
WRITTEN_DATE = re.compile(r"^(?:[^\W\d]+,\s*)?(?P<day>\d{1,2})\s+(?P<month>[^\W\d]+)\.?\s+(?P<year>\d{4})$")


def collapse_whitespace(text):
    return WHITESPACE.sub(" ", text).strip()


def parse_date(text):
    """A date written as 2021-09-01, "1 September 2021" or "Rabu, 1 September 2021"."""
    text = collapse_whitespace(text)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    match = WRITTEN_DATE.match(text)
    if match and match["month"].lower() in MONTHS:
        try:
            return datetime.date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD or, e.g., 1 September 2021)")


def lead_from(paragraph, max_length=LEAD_MAX_LENGTH):
    """As many whole sentences from the start of `paragraph` as fit in `max_length` characters.

    A first sentence longer than that is cut after a word and marked with an ellipsis, because the
    lead is required and an editor can still rewrite it.
    """
    if len(paragraph) <= max_length:
        return paragraph
    ends = [
        match.end()
        for match in SENTENCE_END.finditer(paragraph)
        if match.end() <= max_length and not ends_with_abbreviation(paragraph[: match.start() + 1])
    ]
    if ends:
        return paragraph[: ends[-1]].strip()
    return paragraph[: max_length - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"


def ends_with_abbreviation(text):
    word = re.search(r"(\w+)\.$", text)
    return bool(word) and (word[1].lower() in ABBREVIATIONS or (len(word[1]) == 1 and word[1].isupper()))


def placeholder_title(text):
    """A draft's stand-in title: the first words, so an editor recognises the article in a listing."""
    words = text.split()
    title = " ".join(words[:PLACEHOLDER_TITLE_WORDS])
    return title + "…" if len(words) > PLACEHOLDER_TITLE_WORDS else title

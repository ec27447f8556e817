"""Reading the old site's exports into `ArticleData`, rejecting a bad file before anything is written."""

import datetime
import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail.contrib.redirects.models import Redirect

from news.importing.html import html_to_blocks, plain_text
from news.importing.text import collapse_whitespace, lead_from, parse_date, placeholder_title
from news.models import NewsArticlePage

# The old site's column name before the first paragraph, e.g. "Kabar Latuharhary - ...". Two to five
# words, so a one-word dateline ("Jakarta - ...") is not mistaken for a column.
COLUMN_PREFIX = re.compile(r"^(?P<column>[A-Z][\w’'.]*(?:\s+[\w’'.]+){1,4})\s+[-–—]\s+(?P<text>\S.*)$")
CREDIT_LINE = re.compile(r"^(?P<role>penulis|editor)\s*:\s*(?P<names>.*?)\s*$", re.IGNORECASE)
HEADER_LINE = re.compile(r"^(?P<key>judul|tanggal)\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
# Page chrome the old site printed under every article.
SHORT_LINK_LINE = re.compile(r"^short\s*link\b", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\bdan\b)\s*")


class ImportInputError(Exception):
    """A file the importer cannot read as intended; nothing from it has been written."""


def where(path, line=None):
    return f"{path}, line {line}" if line else str(path)


@dataclass
class ArticleData:
    """One article as read from a file, before anything touches the database.

    Empty values mean "the file says nothing": an update then keeps what the page already has, so
    an editor's additions (a tag, a corrected title) survive a re-import of a poorer export.
    """

    origin: str
    import_key: str
    language: str
    lead: str
    body: list
    placeholder_title: str
    title: str = ""
    date: datetime.date | None = None
    category: str = ""
    tags: list | None = None
    writers: list = field(default_factory=list)
    editor: str = ""
    slug: str = ""
    legacy_url: str = ""
    translation_of: str = ""
    warnings: list = field(default_factory=list)


def read_articles(path, *, language, title="", date=None, slug="", legacy_url=""):
    """Articles in `path`: one per line of a `.jsonl` file, else one plain-text article.

    `title`, `date`, `slug` and `legacy_url` describe a single text article; `language` is the
    text article's language and the default for JSON lines that do not name one.
    """
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        return read_jsonl_articles(path, default_language=language)
    return [read_text_article(path, language=language, title=title, date=date, slug=slug, legacy_url=legacy_url)]


def read_utf8(path):
    path = Path(path)
    if not path.exists():
        raise ImportInputError(f"{path}: file not found")
    if not path.is_file():
        raise ImportInputError(f"{path}: not a file")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportInputError(
            f"{where(path, line)}: not UTF-8 text (byte {data[error.start]:#04x}); save the file as UTF-8"
        ) from error


def read_text_article(path, *, language, title="", date=None, slug="", legacy_url=""):
    """Read the old site's plain-text export of one article.

    The export ends with the credits and then repeats part of the body, so everything after the
    credit lines is dropped; so is any paragraph that repeats an earlier one word for word.
    Options given here win over the file's own `Judul:`/`Tanggal:` header.
    """
    path = Path(path)
    check_language(language, where(path))
    lines = [collapse_whitespace(line) for line in read_utf8(path).splitlines()]
    header, body_start = read_header(lines, path)
    title = collapse_whitespace(title or header.get("judul", ""))
    date = date or header.get("tanggal")

    paragraphs, writers, editor = [], [], ""
    in_credits = False
    for line in lines[body_start:]:
        credit = CREDIT_LINE.match(line)
        if credit:
            in_credits = True
            names = credit["names"]
            if credit["role"].lower() == "penulis":
                writers.extend(name for name in NAME_SEPARATOR.split(names) if name)
            elif names:
                editor = names
        elif in_credits:
            if line:
                break
        elif line and not SHORT_LINK_LINE.match(line):
            paragraphs.append(line)

    category = ""
    if paragraphs:
        column = COLUMN_PREFIX.match(paragraphs[0])
        if column:
            category, paragraphs[0] = column["column"], column["text"]
    paragraphs = list(dict.fromkeys(paragraphs))
    if not paragraphs:
        raise ImportInputError(f"{path}: no article text (only a header or credits)")

    article = ArticleData(
        origin=str(path),
        import_key=legacy_key(legacy_url) if legacy_url else path.name,
        language=language,
        title=title,
        date=date,
        lead=lead_from(paragraphs[0]),
        body=[{"type": "paragraph", "value": f"<p>{escape(paragraph, quote=False)}</p>"} for paragraph in paragraphs],
        placeholder_title=placeholder_title(paragraphs[0]),
        category=category,
        writers=list(dict.fromkeys(writers)),
        editor=editor,
        slug=slug,
        legacy_url=legacy_url,
    )
    check_article(article, where(path))
    return article


def read_header(lines, path):
    """`Judul:` and `Tanggal:` lines at the top of a text file, and where the body starts."""
    header = {}
    index = 0
    while index < len(lines) and not lines[index]:
        index += 1
    while index < len(lines):
        match = HEADER_LINE.match(lines[index])
        if not match:
            break
        key, value = match["key"].lower(), match["value"]
        if key == "tanggal":
            try:
                value = parse_date(value)
            except ValueError as error:
                raise ImportInputError(f"{where(path, index + 1)}: Tanggal: {error}") from error
        header[key] = value
        index += 1
    return header, index


def read_jsonl_articles(path, *, default_language):
    """Read one article per line; every bad line is reported, and then none of the file is used."""
    path = Path(path)
    articles, problems = [], []
    for number, line in enumerate(read_utf8(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where(path, number)}: invalid JSON ({error.msg}, column {error.colno})")
            continue
        try:
            articles.append(article_from_record(record, f"{path}:{number}", default_language))
        except ImportInputError as error:
            problems.append(f"{where(path, number)}: {error}")
    if problems:
        raise ImportInputError("\n".join(problems))
    if not articles:
        raise ImportInputError(f"{path}: no articles")
    return articles


def article_from_record(record, origin, default_language):
    if not isinstance(record, dict):
        raise ImportInputError("expected a JSON object")
    title = record_text(record, "title")
    if not title:
        raise ImportInputError("missing title")
    language = record_text(record, "language") or default_language
    check_language(language, "")
    date_text = record_text(record, "date")
    try:
        date = parse_date(date_text) if date_text else None
    except ValueError as error:
        raise ImportInputError(f"date: {error}") from error
    legacy_url = record_text(record, "legacy_url")
    import_key = record_text(record, "key") or (legacy_key(legacy_url) if legacy_url else "")
    if not import_key:
        raise ImportInputError("needs a key or a legacy_url, so that a re-run finds the article again")

    warnings = []
    body, dropped_media = html_to_blocks(record_text(record, "body", strip=False))
    if not body:
        raise ImportInputError("no body text")
    if dropped_media:
        warnings.append(f"{dropped_media} image(s) or embed(s) in the body skipped; add them in the admin")
    image_url = record_text(record, "image_url")
    if image_url:
        warnings.append(f"image_url skipped (images are not downloaded): {image_url}")

    first_text = next(plain_text(block) for block in body)
    tags = record.get("tags")
    article = ArticleData(
        origin=origin,
        import_key=import_key,
        language=language,
        title=title,
        date=date,
        lead=record_text(record, "lead") or lead_from(first_text),
        body=body,
        placeholder_title=placeholder_title(first_text),
        category=record_text(record, "category"),
        tags=None if tags is None else list(dict.fromkeys(record_names(record, "tags"))),
        writers=list(dict.fromkeys(record_names(record, "writers"))),
        editor=record_text(record, "editor"),
        slug=record_text(record, "slug"),
        legacy_url=legacy_url,
        translation_of=record_text(record, "translation_of"),
        warnings=warnings,
    )
    check_article(article, "")
    return article


def record_text(record, key, strip=True):
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportInputError(f"{key} must be a string")
    return collapse_whitespace(value) if strip else value


def record_names(record, key):
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ImportInputError(f"{key} must be a list of strings")
    return [collapse_whitespace(item) for item in value if item.strip()]


def check_language(language, location):
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    if language not in languages:
        prefix = f"{location}: " if location else ""
        raise ImportInputError(f"{prefix}unknown language {language!r} (expected one of: {', '.join(languages)})")


def check_article(article, location):
    """Catch what would otherwise fail half-way through saving the page."""
    problems = []
    limits = [("title", article.title, 255), ("lead", article.lead, 600), ("category", article.category, 100)]
    limits += [("tag", tag, 100) for tag in article.tags or []]
    limits += [("name", name, 255) for name in [*article.writers, article.editor]]
    limits += [("import key", article.import_key, 255), ("legacy URL", article.legacy_url, 255)]
    problems += [f"{label} longer than {limit} characters" for label, text, limit in limits if len(text) > limit]
    if article.slug and article.slug != slugify(article.slug, allow_unicode=True):
        problems.append(f"slug {article.slug!r} is not a valid slug (try {slugify(article.slug)!r})")
    if article.category and not slugify(article.category):
        problems.append(f"category {article.category!r} has no letters or digits to make a slug from")
    stream_block = NewsArticlePage._meta.get_field("body").stream_block
    try:
        stream_block.clean(stream_block.to_python(article.body))
    except ValidationError as error:
        problems.append(f"body does not fit the article blocks: {error}")
    if problems:
        prefix = f"{location}: " if location else ""
        raise ImportInputError(prefix + "; ".join(problems))


def legacy_key(legacy_url):
    """The old address as the redirects store it, so a full URL and its path find the same article."""
    return Redirect.normalise_path(legacy_url)

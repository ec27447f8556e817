"""The page and its text: geometry, fonts, colours, the placeholders and the body laid out to fit.

Texts are NFC-normalised so a decomposed "é" meets a precomposed glyph; text that would not fit shrinks:
the name to the page's width, the body as a whole until it fits its frame. The fonts and styles are
loaded once per process (`functools.cache`).
"""

import functools
import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from django.utils import formats, translation

from home import pdf_fonts

FONTS_DIR = pdf_fonts.FONTS_DIR  # shared with the action-plan PDF


# Two fonts only: each one used is subset and embedded in every PDF (a few milliseconds apiece).
SERIF, SERIF_BOLD = "CertificateSerif", "CertificateSerif-Bold"


PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)


MARGIN = 15 * mm


LOGO_HEIGHT = 18 * mm


QR_SIZE = 30 * mm


SIGNATURE_HEIGHT = 16 * mm


BOTTOM_BAND = 48 * mm  # signatories and QR code


BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN - 40 * mm


SMALLEST_SCALE = 0.35


INK = colors.HexColor("#1f2933")


MUTED = colors.HexColor("#52606d")


PLACEHOLDER = re.compile(r"\{(name|course|start|end|hours|number|score)\}")


NAME_LINE = "{name}"


@functools.cache
def register_fonts():
    for name, filename in [(SERIF, "DejaVuSerif.ttf"), (SERIF_BOLD, "DejaVuSerif-Bold.ttf")]:
        pdfmetrics.registerFont(TTFont(name, FONTS_DIR / filename))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF, boldItalic=SERIF_BOLD)


def clean(text):
    return unicodedata.normalize("NFC", str(text or "")).strip()


def _date(value, language):
    if not value:
        return ""
    with translation.override(language):
        return formats.date_format(value, "j F Y")


def values_for(certificate, language):
    """What each placeholder stands for, in `language`, as plain text."""
    score = ""
    if certificate.final_score is not None:
        with translation.override(language):
            score = formats.number_format(certificate.final_score, decimal_pos=2, use_l10n=True)
    return {
        "name": clean(certificate.holder_name),
        "course": clean(certificate.course_title(language)),
        "start": _date(certificate.course_start_date, language),
        "end": _date(certificate.course_end_date, language),
        "hours": "" if certificate.learning_hours is None else str(certificate.learning_hours),
        "number": clean(certificate.number),
        "score": score,
    }


def fill(text, values, markup=True):
    """Replace the placeholders; with `markup`, escape for reportlab's paragraph markup and bold the name."""

    def replace(match):
        value = values[match.group(1)]
        if not markup:
            return value
        value = escape(value)
        return f"<b>{value}</b>" if match.group(1) in {"name", "course"} else value

    text = clean(text)
    if not markup:
        return PLACEHOLDER.sub(replace, text)
    parts = PLACEHOLDER.split(text)
    # split() keeps the names of the groups at odd positions: escape the literal text around them.
    return "".join(
        escape(part) if index % 2 == 0 else replace(PLACEHOLDER.match("{" + part + "}"))
        for index, part in enumerate(parts)
    )


@functools.cache
def styles(scale_percent):
    scale = scale_percent / 100
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=14 * scale,
        leading=19 * scale,
        alignment=TA_CENTER,
        textColor=INK,
        spaceAfter=4 * scale,
    )
    second = ParagraphStyle(
        "second", parent=body, fontSize=11 * scale, leading=14.5 * scale, textColor=MUTED, spaceAfter=3 * scale
    )
    return body, second


def fit_size(text, font, size, width):
    """`size`, or smaller so that `text` is no wider than `width`."""
    text_width = pdfmetrics.stringWidth(text, font, size)
    return size if text_width <= width else size * width / text_width


class Line:
    """A single line of text that shrinks to fit the width (the holder's name)."""

    def __init__(self, text, font, size, color):
        self.text, self.font, self.color = text, font, color
        self.size = fit_size(text, font, size, BODY_WIDTH)
        self.height = self.size * 1.35

    def draw(self, pdf, y):
        pdf.setFont(self.font, self.size)
        pdf.setFillColor(self.color)
        pdf.drawCentredString(PAGE_WIDTH / 2, y - self.size, self.text)


class Block:
    def __init__(self, paragraph):
        self.paragraph = paragraph
        _width, height = paragraph.wrap(BODY_WIDTH, PAGE_HEIGHT)
        self.height = height + paragraph.getSpaceAfter()

    def draw(self, pdf, y):
        self.paragraph.drawOn(pdf, MARGIN + 20 * mm, y - self.height + self.paragraph.getSpaceAfter())


def body_lines(template, language):
    text = template.body_id if language == "id" else (template.body_en or template.body_id)
    return [line.strip() for line in clean(text).splitlines() if line.strip()]


def paired_lines(template, languages):
    """(language, line, is_first_language) in print order.

    Bilingual bodies with the same number of lines are interleaved, each English line under its
    Indonesian one ("Diberikan kepada" / "Awarded to", the name once, …); otherwise the English
    body follows the Indonesian one.
    """
    if len(languages) == 1:
        return [(languages[0], line, True) for line in body_lines(template, languages[0])]
    first, second = body_lines(template, "id"), body_lines(template, "en")
    if len(first) == len(second):
        pairs = []
        for line_id, line_en in zip(first, second, strict=True):
            pairs.append(("id", line_id, True))
            if line_en != line_id:
                pairs.append(("en", line_en, False))
        return pairs
    return [("id", line, True) for line in first] + [("en", line, False) for line in second]


def body_items(certificate, template, languages, scale):
    """The body's lines at `scale`: the name large on its own line, the rest as wrapped paragraphs."""
    body_style, second_style = styles(round(scale * 100))
    values = {language: values_for(certificate, language) for language in languages}
    items, name_printed = [], False
    for language, line, is_first in paired_lines(template, languages):
        if line == NAME_LINE:
            if not name_printed:
                items.append(Line(values[language]["name"], SERIF_BOLD, 30 * scale, INK))
                name_printed = True
            continue
        items.append(Block(Paragraph(fill(line, values[language]), body_style if is_first else second_style)))
    return items


def fitted_body(certificate, template, languages, height):
    """The body at the largest scale (at most 1) at which it fits `height`."""
    scale = 1.0
    while True:
        items = body_items(certificate, template, languages, scale)
        if sum(item.height for item in items) <= height or scale <= SMALLEST_SCALE:
            return items
        scale = max(SMALLEST_SCALE, scale * 0.9)

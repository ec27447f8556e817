"""The pages and their text: the three layouts' geometry, fonts, colours, the placeholders and the
body laid out to fit.

Texts are NFC-normalised so a decomposed "é" meets a precomposed glyph; text that would not fit shrinks:
the name to the text column's width, the body as a whole until it fits its frame. The fonts and styles
are loaded once per process (`functools.cache`).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from django.utils import formats, timezone, translation

from courses.certificates.choices import CertificateLayout
from home import pdf_fonts

FONTS_DIR = pdf_fonts.FONTS_DIR  # shared with the action-plan PDF


# Three fonts only: each one used is subset and embedded in every PDF (a few milliseconds apiece).
# The italic carries the English beneath the Indonesian.
SERIF, SERIF_BOLD, SERIF_ITALIC = "CertificateSerif", "CertificateSerif-Bold", "CertificateSerif-Italic"


INK = colors.HexColor("#1f2933")


MUTED = colors.HexColor("#52606d")


ACCENT = colors.HexColor("#7a1f1f")  # the institution's maroon (static/img/mark.svg)


GOLD = colors.HexColor("#b0842f")  # a gold that still reads as gold on an office printer


SMALLEST_SCALE = 0.35


PLACEHOLDER = re.compile(r"\{(name|course|start|end|hours|number|score)\}")


NAME_LINE = "{name}"


@dataclass(frozen=True)
class Design:
    """Where a layout puts things on its page (points, from the bottom left corner).

    The text column runs from `left` to `right`, from `top` down to the signatures, whose lowest
    line sits on `signatures_bottom` between `signatures_left` and `signatures_right`. The QR code's
    bottom left corner is (`qr_x`, `qr_y`); the seal is centred on (`seal_x`, `seal_y`).
    """

    layout: str
    width: float
    height: float
    left: float
    right: float
    top: float
    centred: bool
    logo_height: float
    title_size: float
    signatures_left: float
    signatures_right: float
    signatures_bottom: float
    qr_x: float
    qr_y: float
    qr_size: float
    seal_x: float
    seal_y: float
    seal_radius: float
    footer_y: float
    body_scale: float = 1.0  # the body's largest scale: an upright page has room for larger text

    @property
    def centre(self):
        return (self.left + self.right) / 2

    @property
    def column_width(self):
        return self.right - self.left

    def text_x(self, width=0):
        """Where a line `width` wide starts in the text column."""
        return self.centre - width / 2 if self.centred else self.left


_LANDSCAPE_WIDTH, _LANDSCAPE_HEIGHT = landscape(A4)
_PORTRAIT_WIDTH, _PORTRAIT_HEIGHT = portrait(A4)

DESIGNS = {
    # A double border (maroon and gold), everything centred: QR code bottom left, seal bottom right.
    CertificateLayout.CLASSIC: Design(
        layout=CertificateLayout.CLASSIC,
        width=_LANDSCAPE_WIDTH,
        height=_LANDSCAPE_HEIGHT,
        left=38 * mm,
        right=_LANDSCAPE_WIDTH - 38 * mm,
        top=_LANDSCAPE_HEIGHT - 17 * mm,
        centred=True,
        logo_height=17 * mm,
        title_size=34,
        signatures_left=58 * mm,
        signatures_right=_LANDSCAPE_WIDTH - 62 * mm,
        signatures_bottom=23 * mm,
        qr_x=21 * mm,
        qr_y=20 * mm,
        qr_size=26 * mm,
        seal_x=_LANDSCAPE_WIDTH - 38 * mm,
        seal_y=40 * mm,
        seal_radius=17 * mm,
        footer_y=13.5 * mm,
    ),
    # A maroon band down the left edge holding the seal and the QR code; text set ranged left.
    CertificateLayout.MODERN: Design(
        layout=CertificateLayout.MODERN,
        width=_LANDSCAPE_WIDTH,
        height=_LANDSCAPE_HEIGHT,
        left=92 * mm,
        right=_LANDSCAPE_WIDTH - 20 * mm,
        top=_LANDSCAPE_HEIGHT - 19 * mm,
        centred=False,
        logo_height=16 * mm,
        title_size=36,
        signatures_left=86 * mm,
        signatures_right=_LANDSCAPE_WIDTH - 14 * mm,
        signatures_bottom=25 * mm,
        qr_x=21 * mm,
        qr_y=34 * mm,
        qr_size=30 * mm,
        seal_x=36 * mm,
        seal_y=_LANDSCAPE_HEIGHT - 48 * mm,
        seal_radius=21 * mm,
        footer_y=14 * mm,
    ),
    # The classic border on an upright page: signatures above a row with the QR code and the seal.
    CertificateLayout.PORTRAIT: Design(
        layout=CertificateLayout.PORTRAIT,
        width=_PORTRAIT_WIDTH,
        height=_PORTRAIT_HEIGHT,
        left=27 * mm,
        right=_PORTRAIT_WIDTH - 27 * mm,
        top=_PORTRAIT_HEIGHT - 20 * mm,
        centred=True,
        logo_height=19 * mm,
        title_size=32,
        signatures_left=22 * mm,
        signatures_right=_PORTRAIT_WIDTH - 22 * mm,
        signatures_bottom=66 * mm,
        qr_x=21 * mm,
        qr_y=20 * mm,
        qr_size=26 * mm,
        seal_x=_PORTRAIT_WIDTH - 38 * mm,
        seal_y=38 * mm,
        seal_radius=17 * mm,
        footer_y=13.5 * mm,
        body_scale=1.15,
    ),
}


BODY_WIDTH = DESIGNS[CertificateLayout.CLASSIC].column_width  # the widest a name is set on the classic page


def design_for(template):
    return DESIGNS.get(getattr(template, "layout", None), DESIGNS[CertificateLayout.CLASSIC])


@functools.cache
def register_fonts():
    fonts = [(SERIF, "DejaVuSerif.ttf"), (SERIF_BOLD, "DejaVuSerif-Bold.ttf"), (SERIF_ITALIC, "DejaVuSerif-Italic.ttf")]
    for name, filename in fonts:
        pdfmetrics.registerFont(TTFont(name, FONTS_DIR / filename))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD)


def clean(text):
    return unicodedata.normalize("NFC", str(text or "")).strip()


def _date(value, language):
    if not value:
        return ""
    with translation.override(language):
        return formats.date_format(value, "j F Y")


def issue_date(certificate, language):
    """The day the certificate was issued, in the site's time zone, as printed in `language`."""
    return _date(timezone.localtime(certificate.issued_at).date() if certificate.issued_at else None, language)


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
def styles(scale_percent, centred=True):
    """The first language's style and the second's (smaller, italic, muted) at `scale_percent`."""
    scale = scale_percent / 100
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=14 * scale,
        leading=19 * scale,
        alignment=TA_CENTER if centred else TA_LEFT,
        textColor=INK,
        spaceAfter=4 * scale,
    )
    second = ParagraphStyle(
        "second",
        parent=body,
        fontName=SERIF_ITALIC,
        fontSize=11 * scale,
        leading=14.5 * scale,
        textColor=MUTED,
        spaceAfter=5 * scale,
    )
    return body, second


def fit_size(text, font, size, width):
    """`size`, or smaller so that `text` is no wider than `width`."""
    text_width = pdfmetrics.stringWidth(text, font, size)
    return size if text_width <= width else size * width / text_width


def draw_line(pdf, design, text, font, size, y, color=INK, char_space=0):
    """One line in the text column: centred or ranged left, as the design sets text."""
    pdf.setFont(font, size)
    pdf.setFillColor(color)
    if design.centred:
        pdf.drawCentredString(design.centre, y, text, charSpace=char_space)
    else:
        pdf.drawString(design.left, y, text, charSpace=char_space)


class Line:
    """A single line of text that shrinks to fit the column (the holder's name)."""

    def __init__(self, text, font, size, color, design):
        self.text, self.font, self.color, self.design = text, font, color, design
        self.size = fit_size(text, font, size, design.column_width)
        self.height = self.size * 1.45

    def draw(self, pdf, y):
        draw_line(pdf, self.design, self.text, self.font, self.size, y - self.size * 1.1, self.color)


class Block:
    def __init__(self, paragraph, design):
        self.paragraph, self.design = paragraph, design
        _width, height = paragraph.wrap(design.column_width, design.height)
        self.height = height + paragraph.getSpaceAfter()

    def draw(self, pdf, y):
        self.paragraph.drawOn(pdf, self.design.left, y - self.height + self.paragraph.getSpaceAfter())


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


def body_items(certificate, template, languages, scale, design):
    """The body's lines at `scale`: the name large on its own line, the rest as wrapped paragraphs."""
    body_style, second_style = styles(round(scale * 100), design.centred)
    values = {language: values_for(certificate, language) for language in languages}
    items, name_printed = [], False
    for language, line, is_first in paired_lines(template, languages):
        if line == NAME_LINE:
            if not name_printed:
                items.append(Line(values[language]["name"], SERIF_BOLD, 30 * scale, ACCENT, design))
                name_printed = True
            continue
        items.append(Block(Paragraph(fill(line, values[language]), body_style if is_first else second_style), design))
    return items


def fitted_body(certificate, template, languages, height, design):
    """The body at the largest scale (at most the design's) at which it fits `height`."""
    scale = design.body_scale
    while True:
        items = body_items(certificate, template, languages, scale, design)
        if sum(item.height for item in items) <= height or scale <= SMALLEST_SCALE:
            return items
        scale = max(SMALLEST_SCALE, scale * 0.9)

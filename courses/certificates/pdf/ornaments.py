"""What makes the page look issued rather than typed: the layouts' borders and band, the rule under
the title and the seal, all drawn as vector paths (sharp at any print size, a few kilobytes).

The shapes that never change (borders, band, the seal's star and rings) are written once per process
as PDF path operators (`functools.cache`) and added to each page as they are, the way the QR code is;
only the seal's text goes through reportlab's text machinery, since each document subsets its fonts.
"""

import functools
import math

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from courses.certificates.choices import CertificateLayout
from courses.certificates.pdf.layout import ACCENT, GOLD, SERIF_BOLD, clean

GOLD_DARK = colors.HexColor("#8a6420")
GOLD_LIGHT = colors.HexColor("#d9b45f")
BAND_WIDTH = 72 * mm


def _rgb(color):
    return f"{color.red:.3f} {color.green:.3f} {color.blue:.3f}"


def _fill(color):
    return f"{_rgb(color)} rg"


def _stroke(color):
    return f"{_rgb(color)} RG"


def _polygon(points):
    first, *rest = points
    return " ".join([f"{first[0]:.2f} {first[1]:.2f} m", *(f"{x:.2f} {y:.2f} l" for x, y in rest), "h"])


def _rect(x, y, width, height):
    return f"{x:.2f} {y:.2f} {width:.2f} {height:.2f} re"


def _diamond(cx, cy, radius):
    return _polygon([(cx, cy + radius), (cx + radius, cy), (cx, cy - radius), (cx - radius, cy)])


def _double_border(width, height):
    """A maroon outer line, a gold inner line, and gold diamonds where they turn the corners."""
    outer, inner = 7 * mm, 9.6 * mm
    corners = [(x, y) for x in (outer, width - outer) for y in (outer, height - outer)]
    inner_corners = [(x, y) for x in (inner, width - inner) for y in (inner, height - inner)]
    return "\n".join(
        [
            "q",
            _stroke(ACCENT),
            "2.4 w",
            _rect(outer, outer, width - 2 * outer, height - 2 * outer),
            "S",
            _stroke(GOLD),
            "0.8 w",
            _rect(inner, inner, width - 2 * inner, height - 2 * inner),
            "S",
            "0.4 w",
            _rect(inner + 1.4 * mm, inner + 1.4 * mm, width - 2 * inner - 2.8 * mm, height - 2 * inner - 2.8 * mm),
            "S",
            _fill(GOLD),
            *(_diamond(x, y, 2.6 * mm) for x, y in corners),
            "f",
            _fill(ACCENT),
            *(_diamond(x, y, 1.2 * mm) for x, y in inner_corners),
            "f",
            "Q",
        ]
    )


def _side_band(width, height):
    """A maroon band down the left edge with a gold line along it, and a thin gold frame round the text."""
    return "\n".join(
        [
            "q",
            _fill(ACCENT),
            _rect(0, 0, BAND_WIDTH, height),
            "f",
            _fill(GOLD),
            _rect(BAND_WIDTH, 0, 1.6 * mm, height),
            "f",
            _stroke(GOLD),
            "0.6 w",
            _rect(BAND_WIDTH - 5 * mm, 6 * mm, 0.01, height - 12 * mm),
            "S",
            "0.7 w",
            _rect(BAND_WIDTH + 8 * mm, 8 * mm, width - BAND_WIDTH - 16 * mm, height - 16 * mm),
            "S",
            "Q",
        ]
    )


@functools.cache
def frame_operators(layout, width, height):
    if layout == CertificateLayout.MODERN:
        return _side_band(width, height)
    return _double_border(width, height)


def draw_frame(pdf, design):
    pdf.addLiteral(frame_operators(design.layout, design.width, design.height))


def draw_rule(pdf, x, y, width):
    """A short gold rule with a diamond in its middle, under the title."""
    centre = x + width / 2
    pdf.addLiteral(
        "\n".join(
            [
                "q",
                _stroke(GOLD),
                "0.8 w",
                f"{x:.2f} {y:.2f} m {centre - 3 * mm:.2f} {y:.2f} l {centre + 3 * mm:.2f} {y:.2f} m "
                f"{x + width:.2f} {y:.2f} l S",
                _fill(GOLD),
                _diamond(centre, y, 1.6 * mm),
                "f",
                "Q",
            ]
        )
    )


def _star(cx, cy, outer, inner, points, turn=90):
    corners = []
    for index in range(points * 2):
        radius = outer if index % 2 == 0 else inner
        angle = math.radians(turn + index * 180 / points)
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return _polygon(corners)


@functools.cache
def seal_operators(cx, cy, radius, ribbons):
    """The seal without its text: ribbon tails, a gold starburst, rings and a star in the middle."""
    parts = ["q"]
    if ribbons:
        tail_top, tail_bottom, spread = cy - radius * 0.4, cy - radius * 1.55, radius * 0.62
        parts += [_fill(ACCENT)]
        for side in (-1, 1):
            x0, x1 = cx + side * radius * 0.18, cx + side * spread
            notch = x1 - side * radius * 0.16
            parts.append(
                _polygon(
                    [
                        (x0, tail_top),
                        (x0 + side * radius * 0.32, tail_top),
                        (x1 + side * radius * 0.08, tail_bottom),
                        (notch, tail_bottom + radius * 0.16),
                        (x1 - side * radius * 0.32, tail_bottom),
                    ]
                )
            )
        parts.append("f")
    parts += [
        _fill(GOLD),
        _star(cx, cy, radius, radius * 0.92, 36),
        "f",
        _fill(GOLD_DARK),
        _circle(cx, cy, radius * 0.86),
        "f",
        _stroke(GOLD_LIGHT),
        "0.7 w",
        _circle(cx, cy, radius * 0.81),
        "S",
        "0.5 w",
        _circle(cx, cy, radius * 0.5),
        "S",
        _fill(GOLD_LIGHT),
        _star(cx, cy, radius * 0.34, radius * 0.14, 5),
        "f",
        "Q",
    ]
    return "\n".join(parts)


def _circle(cx, cy, radius):
    """A circle as four Bézier quarters (the usual 0.5523 handle)."""
    k = 0.5523 * radius
    return (
        f"{cx + radius:.2f} {cy:.2f} m "
        f"{cx + radius:.2f} {cy + k:.2f} {cx + k:.2f} {cy + radius:.2f} {cx:.2f} {cy + radius:.2f} c "
        f"{cx - k:.2f} {cy + radius:.2f} {cx - radius:.2f} {cy + k:.2f} {cx - radius:.2f} {cy:.2f} c "
        f"{cx - radius:.2f} {cy - k:.2f} {cx - k:.2f} {cy - radius:.2f} {cx:.2f} {cy - radius:.2f} c "
        f"{cx + k:.2f} {cy - radius:.2f} {cx + radius:.2f} {cy - k:.2f} {cx + radius:.2f} {cy:.2f} c h"
    )


def draw_seal(pdf, text, cx, cy, radius, ribbons=True):
    """The seal, with `text` set round it between the rings (reading clockwise from the bottom left)."""
    text = clean(text).upper()
    if not text:
        return
    pdf.addLiteral(seal_operators(round(cx, 2), round(cy, 2), round(radius, 2), ribbons))
    text = f"{text} ● "
    baseline = radius * 0.6
    size = radius * 0.2
    width = pdfmetrics.stringWidth(text, SERIF_BOLD, size)
    circumference = 2 * math.pi * (baseline + size * 0.35)
    spacing = max(0.0, (circumference - width) / len(text))
    if spacing == 0:  # longer than the ring: smaller letters
        size *= circumference / width
        width = circumference
    # One text object, each letter placed by its own text matrix (rotated about the centre), with
    # the numbers formatted here: through saveState/rotate it costs a tenth of the page.
    text_object = pdf.beginText()
    text_object.setFont(SERIF_BOLD, size)
    text_object.setFillColor(GOLD_LIGHT)
    radius_out = baseline + size * 0.35
    angle = 270.0  # start at the bottom, go round through the left, the top and the right
    for character in text:
        character_width = pdfmetrics.stringWidth(character, SERIF_BOLD, size)
        step = math.degrees((character_width + spacing) / radius_out)
        middle = math.radians(angle - step / 2)
        # The letter's baseline is the tangent at `middle`; its left end half a letter back.
        cos, sin = math.sin(middle), -math.cos(middle)
        x = cx + baseline * math.cos(middle) - cos * character_width / 2
        y = cy + baseline * math.sin(middle) - sin * character_width / 2
        text_object._code.append(f"{cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} {x:.2f} {y:.2f} Tm")
        text_object._code.append(text_object._formatText(character))
        angle -= step
    pdf.drawText(text_object)

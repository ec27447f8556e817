"""The full-coverage TrueType fonts every PDF of the site prints names with.

DejaVu Serif and Serif Bold, cut down to the Latin scripts, combining marks and punctuation
(`fonts/README.txt`), so "Nguyễn", "Ṣalāḥ" and typographic quotes print instead of empty boxes.
Certificates and action plans both use them; they live in `home/` because neither plug-in may import
the other.
"""

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"


REGULAR, BOLD = "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"


@functools.cache
def register_serif(name, bold_name):
    """Registers the serif under `name` and its bold under `bold_name`, once per process, as one family."""
    pdfmetrics.registerFont(TTFont(name, FONTS_DIR / REGULAR))
    pdfmetrics.registerFont(TTFont(bold_name, FONTS_DIR / BOLD))
    pdfmetrics.registerFontFamily(name, normal=name, bold=bold_name, italic=name, boldItalic=bold_name)

"""The certificate PDF: A4 landscape, drawn with reportlab from the frozen certificate and its template.

Why reportlab: a well-kept library (since 2000, releases every few months) that installs from
wheels with pip alone, embeds TrueType fonts and renders a page in milliseconds, with no browser
or system library (WeasyPrint needs Pango, wkhtmltopdf a binary). The QR code's modules come from
`qrcode` (already here for two-factor set-up) and are drawn as vector paths.

What is printed comes from the certificate alone (its frozen name, titles, dates, hours, score,
number and signatories), laid out by its template: the one it was issued with, else the course's
(`template_for`), else a plain built-in layout. Texts may carry the placeholders {name},
{course}, {start}, {end}, {hours}, {number} and {score}; a body line that is only "{name}" is the
holder's name set large on its own line. A bilingual template prints Indonesian with English
beneath; otherwise the holder's language is used (their admin language when they chose one,
else Indonesian).

Names such as "Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat", "Nguyễn" or "Ṣalāḥ" need glyphs
beyond Latin-1, so the fonts are subsets of DejaVu (Latin, Latin Extended A/B and Additional,
combining marks, punctuation) kept in `fonts/` with their licence, and text is NFC-normalised so a
decomposed "é" meets a precomposed glyph. Text that would not fit shrinks: the name to the page's
width, the body as a whole until it fits its frame.

Per process the fonts, the styles and each image's reader are loaded once (`functools.cache`);
only the certificate's texts are laid out per render.

Stored PDFs live on the private storage (`courses.certificates.storage`), one file per
certificate named after its number and verification code, so a revoked certificate keeps its
PDF for the record and its replacement gets its own.
"""

import copy
import datetime
import functools
import hashlib
import io
import logging
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import asciiBase85Decode
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from django.core.files.base import ContentFile
from django.utils import formats, translation

from courses.certificates.choices import TemplateLanguage
from courses.certificates.models import CertificateTemplate
from courses.models import CoursePage

logger = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
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


class BuiltInTemplate:
    """The plain layout used when no template exists at all (a fresh site, tests)."""

    pk = None
    language = TemplateLanguage.BILINGUAL
    background = None
    title_id = "SERTIFIKAT"
    title_en = "CERTIFICATE"
    body_id = "Diberikan kepada\n{name}\nsebagai peserta {course}, {start} sampai {end}."
    body_en = "Awarded to\n{name}\nfor taking part in {course}, {start} to {end}."
    logos = ()
    signatories = ()


def template_for(course):
    """The course's chosen template, else the default one, else None."""
    if course is not None and getattr(course, "certificate_template_id", None):
        template = CertificateTemplate.objects.filter(pk=course.certificate_template_id).first()
        if template is not None:
            return template
    return CertificateTemplate.objects.filter(is_default=True).order_by("pk").first()


def signatories_of(template):
    """As frozen on a certificate (`Certificate.signatories`): name, positions and signature image id."""
    if template is None:
        return []
    return [
        {
            "name": signatory.name,
            "position_id": signatory.position_id,
            "position_en": signatory.position_en,
            "signature": signatory.signature_id,
        }
        for signatory in template.signatories.all()
    ]


def qr_payload(certificate):
    return certificate.verification_url


def _template(certificate):
    if certificate.template_id:
        template = CertificateTemplate.objects.filter(pk=certificate.template_id).first()
        if template is not None:
            return template

    return template_for(CoursePage.source_for(certificate.course_key)) or BuiltInTemplate()


def holder_language(certificate):
    """The holder's chosen admin language when it is one we print, else Indonesian."""
    if certificate.holder_id:
        from wagtail.users.models import UserProfile

        language = (
            UserProfile.objects.filter(user_id=certificate.holder_id)
            .values_list("preferred_language", flat=True)
            .first()
        )
        if language and language.split("-")[0] == "en":
            return "en"
    return "id"


def languages_for(certificate, template):
    if template.language == TemplateLanguage.BILINGUAL:
        return ["id", "en"]
    return [holder_language(certificate)]


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


def image_model(field_name, model=None):
    """The image model a template's image field points to (read from the field, not assumed)."""
    from courses.certificates.models import CertificateTemplateSignatory

    return (model or CertificateTemplateSignatory)._meta.get_field(field_name).related_model


def binary(xobject):
    """Undo reportlab's ASCII85 text encoding of an image: a quarter smaller, and written as it is
    (as text it is re-encoded for every document, a few milliseconds per 100 KiB)."""
    if xobject._filters and xobject._filters[0] == "ASCII85Decode":
        xobject.streamContent = asciiBase85Decode(xobject.streamContent)
        xobject._filters = tuple(xobject._filters[1:])
    return xobject


class PreparedImage:
    """An image made ready for PDFs once per process: decoded, compressed and named.

    reportlab's `drawImage` hashes every pixel to name the image and compresses PNGs again for
    every document (tens of milliseconds for a background); here that happens once, and each
    document gets a copy of the finished image object (`draw_image`).
    """

    def __init__(self, reader, key):
        self.key = key
        self.width, self.height = reader.getSize()
        self.xobject = binary(pdfdoc.PDFImageXObject(key, reader, mask="auto"))
        self.smask = getattr(self.xobject, "_smask", None)  # the alpha channel, its own image
        if self.smask is not None:
            del self.xobject._smask
            self.smask.name = f"{key}-alpha"
            binary(self.smask)

    def register(self, pdf):
        """This image's name in `pdf`, adding it to the document the first time (as drawImage does)."""
        document = pdf._doc
        name = document.getXObjectName(self.key)
        if name not in document.idToObject:
            xobject = copy.copy(self.xobject)
            pdf._setXObjects(xobject)
            document.Reference(xobject, name)
            document.addForm(self.key, xobject)
            if self.smask is not None:
                smask = copy.copy(self.smask)
                pdf._setXObjects(smask)
                xobject.smask = document.Reference(smask, document.getXObjectName(smask.name))
        return name


@functools.cache
def _prepared_image(model, image_id, file_name, purpose):
    """An image's PDF form, made once per process (keyed by its file, which changes when it is replaced)."""
    image = model.objects.filter(pk=image_id).first()
    if image is None:
        return None
    # About 150 dpi on the page: sharp in print, and the background JPEG goes into the PDF as it is.
    spec = "fill-1754x1240|format-jpeg|jpegquality-80" if purpose == "background" else "max-800x400|format-png"
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as source:
            reader = ImageReader(io.BytesIO(source.read()))
        key = hashlib.sha256(f"{model._meta.label_lower} {image_id} {purpose} {file_name}".encode()).hexdigest()
        return PreparedImage(reader, key[:32])  # a PDF name: letters and digits only
    except Exception:  # noqa: BLE001 - a missing or broken image must not stop the certificate
        logger.warning("certificate image %s could not be read", image_id, exc_info=True)
        return None


def prepared_image(image, purpose):
    if image is None:
        return None
    return _prepared_image(type(image), image.pk, image.file.name, purpose)


def prepared_image_by_id(image_id, purpose):
    """A frozen signatory's signature, by the id kept in `Certificate.signatories` (None once deleted)."""
    if not image_id:
        return None
    image = image_model("signature").objects.filter(pk=image_id).only("pk", "file").first()
    return prepared_image(image, purpose)


def draw_image(pdf, image, x, y, max_width, max_height, centre=True):
    """Draw `image` inside the box (x, y, max_width, max_height), keeping its proportions."""
    scale = min(max_width / image.width, max_height / image.height)
    width, height = image.width * scale, image.height * scale
    if centre:
        x += (max_width - width) / 2
    name = image.register(pdf)
    pdf.saveState()
    pdf.translate(x, y)
    pdf.scale(width, height)
    pdf.addLiteral(f"/{name} Do")
    pdf.restoreState()
    pdf._formsinuse.append(image.key)
    pdf._currentPageHasImages = 1
    return width


def draw_logos(pdf, template):
    images = [image for logo in template.logos.all() if (image := prepared_image(logo.image, "logo"))]
    if not images:
        return
    gap = 8 * mm
    widths = [min(image.width * LOGO_HEIGHT / image.height, 60 * mm) for image in images]
    x = (PAGE_WIDTH - sum(widths) - gap * (len(widths) - 1)) / 2
    for image, width in zip(images, widths, strict=True):
        draw_image(pdf, image, x, PAGE_HEIGHT - MARGIN - LOGO_HEIGHT, width, LOGO_HEIGHT)
        x += width + gap


def draw_title(pdf, certificate, template, languages, top):
    """The title (and its English beneath when bilingual) and the number; returns the y below them."""
    values = values_for(certificate, languages[0])
    first = fill(template.title_id if languages[0] == "id" else template.title_en or template.title_id, values, False)
    size = fit_size(first, SERIF_BOLD, 34, PAGE_WIDTH - 2 * MARGIN)
    pdf.setFillColor(INK)
    pdf.setFont(SERIF_BOLD, size)
    y = top - size
    pdf.drawCentredString(PAGE_WIDTH / 2, y, first)
    if len(languages) > 1 and template.title_en:
        second = fill(template.title_en, values_for(certificate, "en"), False)
        second_size = fit_size(second, SERIF, 15, PAGE_WIDTH - 2 * MARGIN)
        pdf.setFillColor(MUTED)
        pdf.setFont(SERIF, second_size)
        y -= second_size + 6
        pdf.drawCentredString(PAGE_WIDTH / 2, y, second)
    number = ("Nomor: " if languages[0] == "id" else "Number: ") + clean(certificate.number)
    if len(languages) > 1:
        number = "Nomor / Number: " + clean(certificate.number)
    pdf.setFillColor(INK)
    pdf.setFont(SERIF, 11)
    y -= 11 + 10
    pdf.drawCentredString(PAGE_WIDTH / 2, y, number)
    return y - 12


def signatory_lines(signatory, languages):
    lines = []
    for language in languages:
        position = clean(signatory.get(f"position_{language}") or signatory.get("position_id"))
        if position and position not in lines:
            lines.append(position)
    return lines


def draw_signatories(pdf, signatories, languages, left, right):
    if not signatories:
        return
    column = (right - left) / len(signatories)
    for index, signatory in enumerate(signatories):
        centre = left + column * index + column / 2
        width = min(column - 6 * mm, 85 * mm)
        positions = signatory_lines(signatory, languages)
        position_size = 9 if len(positions) < 2 else 8
        y = MARGIN + len(positions) * (position_size + 2)
        name = clean(signatory.get("name"))
        name_size = fit_size(name, SERIF_BOLD, 11, width)
        line_y = y + name_size + 4
        signature = prepared_image_by_id(signatory.get("signature"), "signature")
        if signature is not None:
            draw_image(pdf, signature, centre - width / 2, line_y + 2, width, SIGNATURE_HEIGHT)
        pdf.setStrokeColor(MUTED)
        pdf.setLineWidth(0.6)
        pdf.line(centre - width / 2, line_y, centre + width / 2, line_y)
        pdf.setFillColor(INK)
        pdf.setFont(SERIF_BOLD, name_size)
        pdf.drawCentredString(centre, y + 2, name)
        for line_index, position in enumerate(positions):
            pdf.setFillColor(INK if line_index == 0 else MUTED)
            pdf.setFont(SERIF, fit_size(position, SERIF, position_size, width))
            pdf.drawCentredString(centre, y - (line_index + 1) * (position_size + 2), position)


QR_MASK_PATTERN = 2


def qr_matrix(payload):
    """The QR code's modules (rows of booleans), error correction M (15 % may be smudged), no quiet zone.

    The mask pattern is fixed: trying all eight for the one with the fewest confusing patterns
    costs a third of the whole page, while every reader decodes every mask, and a printed 30 mm
    code of a short URL scans well with any (tests decode codes for many verification codes).
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK_PATTERN)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(pdf, certificate, languages):
    """The QR code of the verification URL in the bottom right corner, with the URL printed beneath;
    returns the left edge of the block.

    Drawn as one path of dark runs per row (reportlab's own QR widget makes a shape per module and
    encodes twice: ten times slower).
    """
    payload = qr_payload(certificate)
    matrix = qr_matrix(payload)
    module = QR_SIZE / len(matrix)
    url_size = fit_size(payload, SERIF, 8, 75 * mm)
    x0 = PAGE_WIDTH - MARGIN - QR_SIZE
    y0 = MARGIN + url_size + 4 + QR_SIZE  # top edge
    pdf.setFillColor(colors.white)
    pdf.rect(x0 - 2 * module, y0 - QR_SIZE - 2 * module, QR_SIZE + 4 * module, QR_SIZE + 4 * module, stroke=0, fill=1)
    pdf.saveState()
    pdf.translate(x0, y0)
    pdf.scale(module, -module)  # one unit per module, rows downwards: whole numbers only
    runs = []
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            runs.append(f"{start} {row_index} {column - start} 1 re")
    pdf.setFillColor(colors.black)
    # Whole-number rectangles written as PDF operators: formatting them through a path object
    # costs more than the rest of the page.
    pdf.addLiteral("\n".join(runs) + "\nf")
    pdf.restoreState()
    pdf.setFillColor(MUTED)
    pdf.setFont(SERIF, url_size)
    pdf.drawRightString(PAGE_WIDTH - MARGIN, MARGIN, payload)
    caption = " / ".join(
        "Pindai untuk memverifikasi" if language == "id" else "Scan to verify" for language in languages
    )
    caption_size = fit_size(caption, SERIF, 7, 70 * mm)
    pdf.setFont(SERIF, caption_size)
    pdf.drawRightString(PAGE_WIDTH - MARGIN, y0 + 2 * module + 3, caption)
    widths = [
        QR_SIZE,
        pdfmetrics.stringWidth(payload, SERIF, url_size),
        pdfmetrics.stringWidth(caption, SERIF, caption_size),
    ]
    return PAGE_WIDTH - MARGIN - max(widths)  # the left edge of what was drawn


def render_pdf(certificate, template=None):
    """The certificate's PDF, freshly drawn (`template` overrides the certificate's, for previews)."""
    register_fonts()
    template = template or _template(certificate)
    languages = languages_for(certificate, template)
    buffer = io.BytesIO()
    title = f"{clean(certificate.number)} · {clean(certificate.holder_name)}"
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1, invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor("Komnas HAM")
    pdf.setSubject(clean(certificate.course_title(languages[0])))
    pdf.setCreator("Latuharhary")

    background = prepared_image(getattr(template, "background", None), "background")
    if background is not None:
        draw_image(pdf, background, 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
    top = PAGE_HEIGHT - MARGIN
    if template.pk is not None:
        draw_logos(pdf, template)
        if template.logos.exists():
            top -= LOGO_HEIGHT + 6 * mm
    y = draw_title(pdf, certificate, template, languages, top)

    body_bottom = MARGIN + BOTTOM_BAND
    items = fitted_body(certificate, template, languages, y - body_bottom)
    total = sum(item.height for item in items)
    y = body_bottom + (y - body_bottom + total) / 2  # centred in the space left
    for item in items:
        item.draw(pdf, y)
        y -= item.height

    signatories = certificate.signatories
    if not signatories and not certificate.template_id and template.pk:
        # Issued before templates existed (nothing frozen): the template's current signatories.
        signatories = signatories_of(template)
    qr_left = draw_qr(pdf, certificate, languages)
    draw_signatories(pdf, signatories, languages, MARGIN, qr_left - 8 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_file_name(certificate):
    number = re.sub(r"[^0-9A-Za-z]+", "-", certificate.number).strip("-") or "sertifikat"
    return f"{number}-{certificate.verification_code}.pdf"


def download_name(certificate):
    """The name a download is saved as: the number with its slashes replaced."""
    number = re.sub(r"[^0-9A-Za-z._-]+", "-", certificate.number).strip("-")
    return f"sertifikat-{number}.pdf"


def store_pdf(certificate):
    """Render the certificate and keep the PDF on the private storage (certificate.pdf)."""
    _store(certificate)


def _store(certificate):
    content = render_pdf(certificate)
    certificate.pdf.save(pdf_file_name(certificate), ContentFile(content), save=False)
    type(certificate).objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return content


def certificate_pdf_bytes(certificate):
    """The stored PDF; rendered and stored first when there is none yet (or its file went missing)."""
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as stored:
                return stored.read()
        except (FileNotFoundError, OSError):
            logger.warning("stored PDF of certificate %s is missing; rendering it again", certificate.pk)
    return _store(certificate)


def sample_certificate(template):
    """An unsaved certificate to preview `template` with (the admin's "Preview PDF")."""
    from courses.certificates.models import Certificate

    return Certificate(
        holder_name="Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat",
        course_title_id="Pelatihan Kabupaten/Kota HAM",
        course_title_en="Human Rights Regency/City Training",
        course_start_date=datetime.date(2021, 8, 16),
        course_end_date=datetime.date(2021, 9, 3),
        learning_hours=30,
        number="001/PKH-SMG/IX/2021",
        year=2021,
        sequence=1,
        verification_code="CONTOH-contoh-CONTOH",
        signatories=signatories_of(template),
        template=template,
    )

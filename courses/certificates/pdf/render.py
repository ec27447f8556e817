"""Drawing one certificate: logos, title and number, the fitted body, signatories and the QR code."""

import io

import qrcode
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from courses.certificates.pdf.images import draw_image, prepared_image, prepared_image_by_id
from courses.certificates.pdf.layout import (
    BOTTOM_BAND,
    INK,
    LOGO_HEIGHT,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QR_SIZE,
    SERIF,
    SERIF_BOLD,
    SIGNATURE_HEIGHT,
    clean,
    fill,
    fit_size,
    fitted_body,
    register_fonts,
    values_for,
)
from courses.certificates.pdf.templates import certificate_template, languages_for, signatories_of


def qr_payload(certificate):
    return certificate.verification_url


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
    template = template or certificate_template(certificate)
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

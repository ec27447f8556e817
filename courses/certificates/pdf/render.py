"""Drawing one certificate in its template's layout: frame, logos, title and number, the fitted body,
place and date of issue, signatories, seal and QR code."""

import io

import qrcode
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from courses.certificates.choices import CertificateLayout
from courses.certificates.pdf.images import draw_image, prepared_image, prepared_images_by_id
from courses.certificates.pdf.layout import (
    ACCENT,
    INK,
    MUTED,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    clean,
    design_for,
    draw_line,
    fill,
    fit_size,
    fitted_body,
    issue_date,
    register_fonts,
    values_for,
)
from courses.certificates.pdf.ornaments import draw_frame, draw_rule, draw_seal
from courses.certificates.pdf.templates import certificate_template, languages_for, logos_of, signatories_of

SIGNATURE_HEIGHT = 16 * mm
CREAM = colors.HexColor("#f6ecd2")


def qr_payload(certificate):
    return certificate.verification_url


def draw_logos(pdf, template, design):
    """The organisers' logos in a row along the top; returns the y below them."""
    images = [image for logo in logos_of(template) if (image := prepared_image(logo.image, "logo"))]
    if not images:
        return design.top
    height, gap = design.logo_height, 7 * mm
    widths = [min(image.width * height / image.height, 60 * mm) for image in images]
    x = design.text_x(sum(widths) + gap * (len(widths) - 1))
    for image, width in zip(images, widths, strict=True):
        draw_image(pdf, image, x, design.top - height, width, height)
        x += width + gap
    return design.top - height - 6 * mm


def draw_title(pdf, certificate, template, languages, design, top):
    """The title (its English beneath, in italics, when bilingual), a rule and the number; returns the y below."""
    values = values_for(certificate, languages[0])
    first = fill(template.title_id if languages[0] == "id" else template.title_en or template.title_id, values, False)
    width = design.column_width + (20 * mm if design.centred else 0)
    char_space = design.title_size * 0.12
    size = fit_size(first, SERIF_BOLD, design.title_size, width - char_space * len(first))
    y = top - size * 0.8
    draw_line(pdf, design, first, SERIF_BOLD, size, y, ACCENT, char_space * size / design.title_size)
    if len(languages) > 1 and template.title_en:
        second = fill(template.title_en, values_for(certificate, "en"), False)
        second_size = fit_size(second, SERIF_ITALIC, 15, width - 3 * len(second))
        y -= second_size + 7
        draw_line(pdf, design, second, SERIF_ITALIC, second_size, y, MUTED, 3 * second_size / 15)
    y -= 11
    rule_width = 70 * mm
    draw_rule(pdf, design.text_x(rule_width), y, rule_width)
    number = ("Nomor: " if languages[0] == "id" else "Number: ") + clean(certificate.number)
    if len(languages) > 1:
        number = "Nomor / Number: " + clean(certificate.number)
    y -= 11 + 8
    draw_line(pdf, design, number, SERIF, fit_size(number, SERIF, 11, design.column_width), y, INK)
    return y - 14


def issue_lines(certificate, template, languages):
    """ "Ditetapkan di Semarang, 3 September 2021", with its English beneath when bilingual."""
    place = clean(getattr(template, "issue_place", ""))
    lines = []
    for language in languages:
        day = issue_date(certificate, language)
        if not day:
            continue
        if language == "id":
            lines.append(f"Ditetapkan di {place}, {day}" if place else f"Ditetapkan pada {day}")
        else:
            lines.append(f"Issued in {place}, {day}" if place else f"Issued on {day}")
    return lines


def draw_issue(pdf, certificate, template, languages, design, y):
    """Place and date of issue, bottom line on `y`; returns the y above them."""
    lines = issue_lines(certificate, template, languages)
    sizes = [10.5 if index == 0 else 9 for index in range(len(lines))]
    for index in reversed(range(len(lines))):
        font, color = (SERIF, INK) if index == 0 else (SERIF_ITALIC, MUTED)
        size = fit_size(lines[index], font, sizes[index], design.column_width)
        draw_line(pdf, design, lines[index], font, size, y, color)
        y += size + 3
    return y + 6


def signatory_lines(signatory, languages):
    lines = []
    for language in languages:
        position = clean(signatory.get(f"position_{language}") or signatory.get("position_id"))
        if position and position not in lines:
            lines.append(position)
    return lines


def draw_signatories(pdf, signatories, languages, design):
    """Each signatory in a column: signature, line, name and positions; returns the y above the signatures."""
    if not signatories:
        return design.signatures_bottom + 12 * mm
    left, right = design.signatures_left, design.signatures_right
    column = (right - left) / len(signatories)
    top = design.signatures_bottom
    signatures = prepared_images_by_id([signatory.get("signature") for signatory in signatories], "signature")
    for index, signatory in enumerate(signatories):
        centre = left + column * index + column / 2
        width = min(column - 6 * mm, 80 * mm)
        positions = signatory_lines(signatory, languages)
        position_size = 9 if len(positions) < 2 else 8.5
        y = design.signatures_bottom + (len(positions) - 1) * (position_size + 2)
        for line_index, position in enumerate(positions):
            font, color = (SERIF, INK) if line_index == 0 else (SERIF_ITALIC, MUTED)
            pdf.setFillColor(color)
            pdf.setFont(font, fit_size(position, font, position_size, width))
            pdf.drawCentredString(centre, y - line_index * (position_size + 2), position)
        name = clean(signatory.get("name"))
        name_size = fit_size(name, SERIF_BOLD, 11, width)
        name_y = y + position_size + 4
        pdf.setFillColor(INK)
        pdf.setFont(SERIF_BOLD, name_size)
        pdf.drawCentredString(centre, name_y, name)
        line_y = name_y + name_size + 1
        pdf.setStrokeColor(MUTED)
        pdf.setLineWidth(0.6)
        pdf.line(centre - width / 2, line_y, centre + width / 2, line_y)
        signature = signatures.get(signatory.get("signature"))
        if signature is not None:
            draw_image(pdf, signature, centre - width / 2, line_y + 1, width, SIGNATURE_HEIGHT)
        top = max(top, line_y + SIGNATURE_HEIGHT + 2)
    return top


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


def draw_qr(pdf, payload, x, y, size):
    """The QR code of `payload` with its bottom left corner on (x, y), on a white square (the quiet zone).

    Drawn as one path of dark runs per row (reportlab's own QR widget makes a shape per module and
    encodes twice: ten times slower).
    """
    matrix = qr_matrix(payload)
    module = size / len(matrix)
    pdf.setFillColor(colors.white)
    pdf.rect(x - 2 * module, y - 2 * module, size + 4 * module, size + 4 * module, stroke=0, fill=1)
    pdf.saveState()
    pdf.translate(x, y + size)
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


def scan_captions(languages):
    return ["Pindai untuk memverifikasi" if language == "id" else "Scan to verify" for language in languages]


def draw_verification(pdf, certificate, languages, design):
    """The QR code with its caption, and the verification URL printed in clear along the bottom."""
    payload = qr_payload(certificate)
    size, x, y = design.qr_size, design.qr_x, design.qr_y
    draw_qr(pdf, payload, x, y, size)
    on_band = design.layout == CertificateLayout.MODERN
    captions = scan_captions(languages)
    if on_band:  # beneath the code, in the band
        caption_y = y - 4 * mm
        for index, caption in enumerate(captions):
            font = SERIF if index == 0 else SERIF_ITALIC
            pdf.setFillColor(CREAM)
            pdf.setFont(font, fit_size(caption, font, 7.5, size + 16 * mm))
            pdf.drawCentredString(x + size / 2, caption_y - index * 9, caption)
    else:  # above the code
        caption_y = y + size + 2.5 * mm
        for index, caption in enumerate(reversed(captions)):
            font = SERIF if index == len(captions) - 1 else SERIF_ITALIC
            pdf.setFillColor(MUTED)
            pdf.setFont(font, fit_size(caption, font, 7, size + 12 * mm))
            pdf.drawCentredString(x + size / 2, caption_y + index * 8.5, caption)
    label = " / ".join("Verifikasi" if language == "id" else "Verify at" for language in languages)
    line = f"{label}: {payload}"
    url_size = fit_size(line, SERIF, 7.5, 120 * mm)
    pdf.setFillColor(MUTED)
    pdf.setFont(SERIF, url_size)
    if design.centred:
        pdf.drawCentredString(design.width / 2, design.footer_y, line)
    else:
        pdf.drawString(design.left, design.footer_y, line)


def draw_background(pdf, template, design):
    background = prepared_image(getattr(template, "background", None), "background")
    if background is not None:
        draw_image(pdf, background, 0, 0, design.width, design.height)


def render_pdf(certificate, template=None):
    """The certificate's PDF, freshly drawn (`template` overrides the certificate's, for previews)."""
    register_fonts()
    template = template or certificate_template(certificate)
    languages = languages_for(certificate, template)
    design = design_for(template)
    buffer = io.BytesIO()
    title = f"{clean(certificate.number)} · {clean(certificate.holder_name)}"
    pdf = canvas.Canvas(buffer, pagesize=(design.width, design.height), pageCompression=1, invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor("Komnas HAM")
    pdf.setSubject(clean(certificate.course_title(languages[0])))
    pdf.setCreator("Latuharhary")

    draw_background(pdf, template, design)
    draw_frame(pdf, design)
    y = draw_logos(pdf, template, design)
    y = draw_title(pdf, certificate, template, languages, design, y)

    signatories = certificate.signatories
    if not signatories and not certificate.template_id and template.pk:
        # Issued before templates existed (nothing frozen): the template's current signatories.
        signatories = signatories_of(template)
    signatures_top = draw_signatories(pdf, signatories, languages, design)
    body_bottom = draw_issue(pdf, certificate, template, languages, design, signatures_top + 3 * mm) + 2 * mm

    items = fitted_body(certificate, template, languages, y - body_bottom, design)
    total = sum(item.height for item in items)
    y = body_bottom + (y - body_bottom + total) / 2  # centred in the space left
    for item in items:
        item.draw(pdf, y)
        y -= item.height

    draw_seal(
        pdf,
        getattr(template, "seal_text", ""),
        design.seal_x,
        design.seal_y,
        design.seal_radius,
        ribbons=design.layout != CertificateLayout.MODERN,
    )
    draw_verification(pdf, certificate, languages, design)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

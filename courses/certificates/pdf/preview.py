"""The template editor's preview: a sample certificate drawn with the template as edited, as a picture.

A picture rather than the PDF because the preview panel frames it inside the admin, where a
browser's PDF viewer may not run (`object-src 'none'`) and phones have none; PDFium (pypdfium2)
draws the page the way the printed PDF looks. The "Preview PDF" button still gives the PDF itself.
"""

import base64
import io

import pypdfium2

from courses.certificates.pdf.render import render_pdf
from courses.certificates.pdf.templates import sample_certificate

PREVIEW_DPI = 110  # an A4 page 1,286 pixels wide: sharp in the panel, a few hundred kilobytes


def preview_png(template):
    """The sample certificate's page printed with `template` (saved or not), as PNG bytes."""
    document = pypdfium2.PdfDocument(render_pdf(sample_certificate(template), template))
    try:
        image = document[0].render(scale=PREVIEW_DPI / 72).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def preview_data_uri(template):
    return "data:image/png;base64," + base64.b64encode(preview_png(template)).decode("ascii")

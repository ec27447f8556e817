"""Logos, backgrounds and signatures, made ready for PDFs once per process and drawn by reference."""

import copy
import functools
import hashlib
import io
import logging

from reportlab.lib.rl_accel import asciiBase85Decode
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc

from courses.certificates.models import CertificateTemplateSignatory

logger = logging.getLogger(__name__)


def image_model(field_name, model=None):
    """The image model a template's image field points to (read from the field, not assumed)."""
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


def prepared_images_by_id(image_ids, purpose):
    """Frozen signatories' signatures by the ids kept in `Certificate.signatories`, in one query
    ({id: image}; a deleted one is missing)."""
    image_ids = [image_id for image_id in image_ids if image_id]
    if not image_ids:
        return {}
    images = image_model("signature").objects.filter(pk__in=image_ids).only("pk", "file")
    return {image.pk: prepared for image in images if (prepared := prepared_image(image, purpose))}


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

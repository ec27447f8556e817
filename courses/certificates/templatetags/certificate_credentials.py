"""The wallet link on "My certificates": the public JSON-LD credential's URL and its QR code."""

import functools
import io

import qrcode
import qrcode.image.svg

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from home.base_url import absolute

register = template.Library()


@register.simple_tag
def wallet_url(certificate):
    """/v/<code>/credential.json in full: what a wallet that imports a credential from a link or QR code takes."""
    return absolute(reverse("certificate_public_credential", args=[certificate.verification_code]))


@register.simple_tag
def qr_svg(url, label):
    """An inline SVG QR code of `url` (drawn as one path, scales without blurring), labelled for screen readers."""
    svg = qr_path_svg(url)
    return mark_safe(svg.replace("<svg", f'<svg role="img" aria-label="{template.defaultfilters.escape(label)}"', 1))  # noqa: S308


@functools.lru_cache(maxsize=1024)
def qr_path_svg(url):
    """The QR code's SVG, drawn once per URL and process: 6 ms of a participant's dashboard otherwise."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration

"""Demo pictures drawn with Pillow, so the demo site needs no downloads."""

import io

from PIL import Image, ImageDraw, ImageFont

from django.core.files.images import ImageFile

from home.models import CustomImage

SIZE = (1600, 900)


def draw_picture(colour, label):
    picture = Image.new("RGB", SIZE, tuple(colour))
    draw = ImageDraw.Draw(picture)
    lighter = tuple(min(255, channel + 40) for channel in colour)
    for offset in range(-SIZE[1], SIZE[0], 160):
        draw.polygon(
            [(offset, SIZE[1]), (offset + 80, SIZE[1]), (offset + 80 + SIZE[1], 0), (offset + SIZE[1], 0)], fill=lighter
        )
    draw.rectangle([(80, 620), (1520, 820)], fill=(255, 255, 255))
    font = ImageFont.load_default(size=72)
    draw.text((120, 670), label, fill=tuple(colour), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer


def demo_image(title, colour, label, credit="Latuharhary"):
    image = CustomImage.objects.filter(title=title).first()
    if image is None:
        filename = f"demo-{abs(hash(title)) % 10**8}.jpg"
        image = CustomImage(title=title, credit=credit)
        image.file = ImageFile(draw_picture(colour, label), name=filename)
        image.save()
    return image

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
        help_text=_("Use Heading 2 for sections and Heading 3 inside them; the page title is Heading 1."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Peta jalan Semarang Kota HAM", "level": "h2"}
        description = _("A section heading inside the article.")


class ImageValue(blocks.StructValue):
    def credit_text(self):
        return self.get("credit") or getattr(self.get("image"), "credit", "")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the credit stored with the image."),
    )

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        value_class = ImageValue
        description = _("A photo with alternative text, caption and credit.")
        preview_value = {"alt_text": "", "caption": "Pelatihan daring", "credit": "Komnas HAM"}


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=1000)
    speaker = blocks.CharBlock(label=_("Speaker"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/pull_quote_block.html"
        preview_value = {
            "quote": "Modal yang dimiliki Kota Semarang sudah sangat cukup.",
            "speaker": "Beka Ulung Hapsara",
        }
        description = _("A quotation set apart from the text, with who said it.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, max_length=200, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        preview_value = {"title": "Unduh laporan"}
        description = _("A link to download a document, with its type and size.")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        template="blocks/paragraph_block.html",
    )
    heading = HeadingBlock(label=_("Heading"))
    image = CaptionedImageBlock(label=_("Image"))
    quote = PullQuoteBlock(label=_("Pull quote"))
    embed = EmbedBlock(
        label=_("Embed"), help_text=_("A YouTube or other video URL."), template="blocks/embed_block.html"
    )
    document = DocumentLinkBlock(label=_("Document link"))

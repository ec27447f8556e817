from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, PreviewableMixin

from courses.certificates.choices import CertificateLayout, TemplateLanguage


class CertificateTemplate(PreviewableMixin, ClusterableModel):
    """How a certificate PDF looks: layout, background, organisers' logos, texts, seal and signatories.

    Editors keep these as snippets; a course picks one (or the default is used). Texts are written
    in both languages in the same template, because one PDF may carry both (`language`).

    Previewable so that the template editor shows Wagtail's preview panel, with the unsaved form:
    the panel's views (`CertificateTemplateViewSet` in wagtail_hooks) draw a sample certificate's
    page as a picture, so this model needs no renderer of its own.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("For editors only, e.g. “PKH 2021”."))
    is_default = models.BooleanField(
        _("default template"), default=False, help_text=_("Used by courses that do not choose a template.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=TemplateLanguage.choices,
        default=TemplateLanguage.BILINGUAL,
        help_text=_("Bilingual prints Indonesian with English below it; otherwise the holder's language is used."),
    )
    layout = models.CharField(
        _("layout"),
        max_length=10,
        choices=CertificateLayout.choices,
        default=CertificateLayout.CLASSIC,
        help_text=_("How the page is arranged. The preview panel shows a sample certificate in the chosen layout."),
    )
    background = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("background image"),
        help_text=_(
            "Printed full-page behind the text: an A4 landscape image (297 × 210 mm), light enough to read over."
        ),
    )
    title_id = models.CharField(_("title (Indonesian)"), max_length=100, default="SERTIFIKAT")
    title_en = models.CharField(_("title (English)"), max_length=100, default="CERTIFICATE")
    body_id = models.TextField(
        _("body text (Indonesian)"),
        help_text=_(
            "Placeholders: {name}, {course}, {start}, {end}, {hours}, {number}, {score}. "
            "Long texts shrink to fit the page."
        ),
    )
    body_en = models.TextField(_("body text (English)"), blank=True)
    issue_place = models.CharField(
        _("place of issue"),
        max_length=100,
        blank=True,
        help_text=_("Printed with the date of issue above the signatures, e.g. “Jakarta”."),
    )
    seal_text = models.CharField(
        _("seal text"),
        max_length=60,
        blank=True,
        help_text=_("Printed around the seal, e.g. “KOMNAS HAM · REPUBLIK INDONESIA”. Leave empty for no seal."),
    )

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def preview_sizes(self):
        return [size for size in super().preview_sizes if size["name"] == "desktop"]

    def save(self, *args, **kwargs):
        """One default at a time: saving a template as the default makes it the only one."""
        super().save(*args, **kwargs)
        if self.is_default:
            CertificateTemplate.objects.filter(is_default=True).exclude(pk=self.pk).update(is_default=False)


class CertificateTemplateLogo(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("An organiser's logo, printed along the top in this order."),
    )
    name = models.CharField(_("organisation"), max_length=200, help_text=_("Used as the logo's text alternative."))

    class Meta(Orderable.Meta):
        verbose_name = _("logo")
        verbose_name_plural = _("logos")


class CertificateTemplateSignatory(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200)
    position_id = models.CharField(_("position (Indonesian)"), max_length=200)
    position_en = models.CharField(_("position (English)"), max_length=200, blank=True)
    signature = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signature image"),
        help_text=_("A scan of the signature on a white or transparent background."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

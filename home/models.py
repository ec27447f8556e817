from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image
from wagtail.models import Page, Site, TranslatableMixin
from wagtail.search import index

from home import hooks as home_hooks
from home import routing
from home.search import stems


class User(AbstractUser):
    """Project user model, decided before the first migration so profiles can grow."""

    # Kept by home/two_factor.py's signal handlers: False for a user in no group and with no
    # permission of their own (every participant), so a request of theirs needs no query to learn
    # that they cannot reach the admin.
    holds_permissions = models.BooleanField(_("holds permissions"), default=False, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class CustomImage(AbstractImage):
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who took or owns the image, e.g. “Komnas HAM” or “Humas Pemkot Semarang”: a name, the same in "
            "every language. The site shows it as “Foto: …” or “Photo: …” in the reader's language."
        ),
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def get_rendition(self, filter):
        """Wagtail's, without writing a rendition just read from the cache back to it (one round trip, not two)."""
        if self._get_prefetched_renditions() is None:
            filter = self.clean_filter_for_svg(Filter(spec=filter) if isinstance(filter, str) else filter)
            rendition_model = self.get_rendition_model()
            key = rendition_model.construct_cache_key(self, filter.get_cache_key(self), filter.spec)
            rendition = rendition_model.cache_backend.get(key)
            if rendition is not None:
                rendition.image = self  # as Wagtail does: the caller's instance, with its local attributes
                return rendition
        return super().get_rendition(filter)


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Person(index.Indexed, models.Model):
    """A writer, editor, speaker (narasumber) or moderator, shared by news and courses."""

    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(
        _("role"),
        max_length=255,
        blank=True,
        help_text=_("Position as it should be printed, e.g. “Komisioner Pendidikan dan Penyuluhan”."),
    )
    photo = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional portrait; a square crop works best."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The end of the writer's page address, e.g. “andi-wijaya”; made from the name when left empty."),
    )
    bio = models.TextField(
        _("short biography"),
        blank=True,
        max_length=1000,
        help_text=_("Two or three sentences shown on the writer's page."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("slug"), FieldPanel("bio")]
    # The snippet admin searches as you type (autocomplete) over every field indexed here.
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.AutocompleteField("name"),
        index.AutocompleteField("role"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


def unique_slug(model, text, exclude_pk=None):
    """A slug made of `text` that no other row of `model` has yet ("nama", "nama-2", ...)."""
    base = slugify(text)[:90] or "person"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """An organiser or partner of a training (the commission, an NGO forum, a city government)."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50, blank=True, help_text=_("e.g. “INFID”, “KSP”."))
    logo = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A logo on a transparent or white background; printed on certificates too."),
    )
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("logo"), FieldPanel("website")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("short_name"),  # the admin's search box autocompletes
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(
        _("site name"),
        max_length=100,
        default="Latuharhary",
        help_text=_("The website's name, shown beside the logo and as the home page's main heading."),
    )
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=255,
        default="Komisi Nasional Hak Asasi Manusia",
        help_text=_("Publisher named in structured data and feeds."),
    )
    tagline = models.CharField(
        _("tagline"), max_length=255, blank=True, help_text=_("A short line under the name in the page header.")
    )
    address = models.TextField(_("address"), blank=True, help_text=_("Postal address, as printed in the footer."))
    phone = models.CharField(_("phone"), max_length=50, blank=True, help_text=_("e.g. “+62 21 392 5230”."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("The public contact address."))
    twitter_handle = models.CharField(_("X/Twitter handle"), max_length=50, blank=True, help_text=_("Without the @."))
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    instagram_url = models.URLField(_("Instagram profile"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    ppid_url = models.CharField(
        _("public information (PPID) link"),
        max_length=255,
        blank=True,
        help_text=_("Address of the public-information office (PPID) page, e.g. “https://ppid.example.go.id/”."),
    )
    privacy_url = models.CharField(
        _("privacy link"),
        max_length=255,
        blank=True,
        help_text=_("Address of the privacy policy; leave empty to link the site's own privacy notice."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("organisation_name"), FieldPanel("tagline"), FieldPanel("address")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contacts")),
        MultiFieldPanel(
            [
                FieldPanel("twitter_handle"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social media"),
        ),
        MultiFieldPanel([FieldPanel("ppid_url"), FieldPanel("privacy_url")], heading=_("Public information")),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """Wagtail's, from the per-process memo of home/routing.py instead of a query on every page:
        a change shows at once in the worker that saved it and within a minute in the others."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            instance = routing.site_setting(cls, site)
            instance._request = request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)


class SocialFields(models.Model):
    """Search-engine and social-card fields every page type offers."""

    social_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; 1200×630 works best. Falls back to the page image."),
    )

    promote_panels = [FieldPanel("social_image")]

    class Meta:
        abstract = True


class BasePage(SocialFields, Page):
    """Common ground for every page on the site (home, news, courses)."""

    promote_panels = Page.promote_panels + SocialFields.promote_panels
    search_fields = Page.search_fields + [index.SearchField("search_stems")]
    # True when every anonymous reader sees the same HTML, so the page cache and proxies may
    # keep it (home/page_cache.py); pages that show a reader's own data stay False.
    cache_for_anonymous = False
    # Listed by the site's search (home/search.py): pages for the public, not a participant's lessons.
    in_site_search = False
    search_kind = ""  # what a search result calls this kind of page, e.g. "Berita"

    class Meta:
        abstract = True

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        """Wagtail's, from the routing memo (home/routing.py) instead of the cache: Wagtail copies
        them onto each page or request that asks, and a page's URL asks once per page object, so a
        listing paid one cache round trip per card. Copied onto the object as Wagtail does (its
        redirect signals read them back)."""
        cache_object = cache_object or self
        if not hasattr(cache_object, "_wagtail_cached_site_root_paths"):
            cache_object._wagtail_cached_site_root_paths = routing.site_root_paths()
        return cache_object._wagtail_cached_site_root_paths

    def search_summary(self):
        """The sentence or two a search result shows under the title."""
        return self.search_description

    def search_text(self):
        """The words the site's search finds this page by."""
        return [self.title, self.search_summary()]

    def search_stems(self):
        """The Snowball stems of `search_text()`, so word forms find each other (home/search.py)."""
        return " ".join(stems(" ".join(filter(None, self.search_text())), self.locale.language_code))

    @property
    def meta_description(self):
        return self.search_description

    def get_view_restrictions(self):
        """Wagtail's, in one query instead of two (home/routing.py): every page view asks."""
        if not self.path:
            return super().get_view_restrictions()
        return routing.view_restrictions(self)

    def language_fallback_page(self):
        """Where a reader of a language this page lacks is sent; None means that language's home."""
        return None

    def get_sitemap_urls(self, request=None):
        versions = self.get_translations(inclusive=True).live().public().select_related("locale")
        alternates = [
            {"location": version.get_full_url(request), "lang_code": version.locale.language_code}
            for version in versions
        ]
        source = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
        if source:
            alternates.append({"location": source["location"], "lang_code": "x-default"})
        return [
            {
                "location": self.get_full_url(request),
                "lastmod": self.last_published_at or self.latest_revision_created_at,
                "alternates": alternates,
            }
        ]


class HomePage(BasePage):
    parent_page_types = ["wagtailcore.Page"]
    cache_for_anonymous = True

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("One or two sentences that welcome the reader, shown above the latest news."),
    )

    lead_story = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The article shown large at the top of the home page; leave empty to show the newest."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("lead_story")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's shared part is rendered, not when the content cache has it.
        context["sections"] = SimpleLazyObject(lambda: self.sections(request))
        return context

    def sections(self, request):
        """What the apps put on the home page (the latest news, the next trainings), by name."""
        found = {}
        for contribute in hooks.get_hooks(home_hooks.HOME_PAGE_CONTEXT):
            found.update(contribute(self, request))
        return found

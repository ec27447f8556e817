import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.base_url import absolute
from home.blocks import ArticleBodyBlock
from home.models import BasePage, Person
from home.pagination import paginate
from news.feeds import NewsFeed

# Letters and digits a reader can type from a printed page without confusing 0/O or 1/l/I.
SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
SHORT_CODE_LENGTH = 5


class Category(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Used in addresses and feeds, e.g. “kabar-latuharhary”; the same in every language."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences about the column, shown above its articles on the news page."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    translatable_fields = [TranslatableField("name"), TranslatableField("description"), SynchronizedField("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="news_category_unique_slug_locale")]

    def __str__(self):
        return self.name


def query_text(request, name):
    """A query parameter as text to compare with slugs: at most 100 characters, a NUL byte (which no slug
    holds, and which PostgreSQL refuses in a comparison) replaced so that it simply matches nothing."""
    return request.GET.get(name, "")[:100].replace("\x00", "\ufffd")


def is_number(text):
    """ASCII digits only: "²" is a digit to str.isdigit() but not to int()."""
    return text.isascii() and text.isdigit()


class NewsIndexPage(RoutablePageMixin, BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsArticlePage"]
    cache_for_anonymous = True

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the list of articles."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")

    def get_articles(self):
        return NewsArticlePage.objects.child_of(self).for_listing()

    def route(self, request, path_components):
        """Fetch an article with everything its page shows in one query, not Wagtail's two."""
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                # Slugs are unique among siblings, so no `.first()` and no ORDER BY: its ORDER BY
                # and LIMIT made PostgreSQL weigh every join order for a fast start, and ordering
                # by Wagtail's default `path` was a third of building the query. Each join costs
                # planning time too (2.3 ms in all before, 0.45 ms now), so the social image,
                # which few articles have, is its own query when there is one.
                found = list(
                    NewsArticlePage.objects.child_of(self)
                    .filter(slug=path_components[0])
                    .order_by()
                    .select_related("category", "image", "editor", "locale")
                    .annotate(
                        short_code=Subquery(
                            ShortLink.objects.filter(translation_key=OuterRef("translation_key")).values("code")[:1]
                        )
                    )
                )
                article = found[0] if found else None
                if article is not None:
                    article.news_index = self
                    return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def filter_articles(self, request, articles):
        """Apply the reader's filters; unknown values simply match nothing, never an error."""
        filters = {}
        category_slug = query_text(request, "category")
        if category_slug:
            articles = articles.filter(category__slug=category_slug)
            filters["category"] = Category.objects.filter(slug=category_slug, locale_id=self.locale_id).first()
        tag = query_text(request, "tag")
        if tag:
            articles = articles.filter(tags__slug=tag).distinct()
            filters["tag"] = tag
        year, month = request.GET.get("year", ""), request.GET.get("month", "")
        if is_number(year) and len(year) == 4:
            articles = articles.filter(date__year=int(year))
            filters["year"] = int(year)
            if is_number(month) and len(month) <= 2 and 1 <= int(month) <= 12:
                articles = articles.filter(date__month=int(month))
                filters["month"] = timezone.datetime(int(year), int(month), 1).date()
        return articles, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the listing is rendered, not when the content cache has it.
        context["listing"] = SimpleLazyObject(lambda: self.listing(request))
        context["listing_key"] = self.listing_key(request)
        return context

    def listing(self, request):
        """The page of articles the reader's filters select, the filters, and what they can choose from."""
        all_articles = self.get_articles()
        articles, filters = self.filter_articles(request, all_articles)
        return {
            "articles": paginate(request, articles, per_page=10),
            "filters": filters,
            # Only categories a reader can find something in: an empty one would lead to an empty page.
            "categories": Category.objects.filter(
                locale_id=self.locale_id, pk__in=all_articles.order_by().values("category_id")
            ),
            "archive_months": all_articles.dates("date", "month", order="DESC"),
        }

    @staticmethod
    def listing_key(request):
        """What the unfiltered listing's shared part varies on (its page number), None for a filtered
        one: filters are rendered every time, so made-up values cannot fill the cache."""
        if any(request.GET.get(name) for name in ("category", "tag", "year", "month")):
            return None
        number = request.GET.get("page", "1")
        return number if is_number(number) and len(number) <= 3 else None

    @path("penulis/<slug:slug>/", name="author")
    def author(self, request, slug):
        """A writer's page: photo, short biography and the articles they wrote in this index."""
        person = Person.objects.filter(slug=slug).select_related("photo").first()
        if person is None:
            raise Http404("Unknown writer")
        articles = self.get_articles().filter(writers__person=person).distinct()
        return self.render(
            request,
            template="news/author_page.html",
            context_overrides={"person": person, "articles": paginate(request, articles, per_page=10)},
        )

    @path("feed/", name="feed")
    def feed(self, request):
        return NewsFeed(self)(request)

    @path("feed/<slug:category>/", name="category_feed")
    def category_feed(self, request, category):
        category = Category.objects.filter(slug=category, locale_id=self.locale_id).first()
        if category is None:
            raise Http404("Unknown category")
        return NewsFeed(self, category=category)(request)


class NewsArticleQuerySet(PageQuerySet):
    def public_in_one_query(self):
        """Wagtail's public() (no view restriction on the page or an ancestor) as a NOT EXISTS in
        the query itself, for the related articles on every article view: public() first reads
        every restriction, a query more. Not for search: its backends cannot filter on it."""
        restriction_above = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, F("page__depth") * Page.steplen)
        )
        return self.exclude(Exists(restriction_above))

    def for_listing(self, locale=None):
        qs = self.live().public().select_related("category", "image", "locale").order_by("-date", "-first_published_at")
        if locale is not None:
            qs = qs.filter(locale=locale)
        return qs


NewsArticlePageManager = PageManager.from_queryset(NewsArticleQuerySet)


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsArticlePage(BasePage):
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    cache_for_anonymous = True

    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_("One or two sentences that sum up the news; shown in listings, feeds and when shared."),
    )
    date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the day the article is first published."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    category = models.ForeignKey(
        "news.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The column this article belongs to, e.g. “Kabar Latuharhary”."),
    )
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("tags"))
    editor = models.ForeignKey(
        "home.Person",
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The editor credited at the end of the article."),
    )
    image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the article and in listings; landscape, at least 1200 px wide."),
    )
    image_alt = models.CharField(
        _("featured image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Required with an image: describe what it shows for readers who cannot see it."),
    )
    import_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt")],
            heading=_("Featured image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
                FieldPanel("tags"),
                InlinePanel("writers", label=_("Writers (Penulis)"), min_num=0),
                FieldPanel("editor"),
            ],
            heading=_("Credits and classification"),
        ),
        InlinePanel(
            "related_links",
            label=_("Related articles"),
            help_text=_("Leave empty to show the latest articles of the same category."),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("lead", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    objects = NewsArticlePageManager()
    in_site_search = True
    search_kind = _("News")

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the featured image for readers who cannot see it.")})

    def save(self, *args, **kwargs):
        if self.date is None and self.live and self.first_published_at:
            self.date = timezone.localdate(self.first_published_at)
        return super().save(*args, **kwargs)

    @property
    def display_date(self):
        return self.date or (self.first_published_at and timezone.localdate(self.first_published_at))

    @property
    def updated_on(self):
        """The day of the latest revision, when the article was revised after the day it went live."""
        if not (self.last_published_at and self.first_published_at):
            return None
        day = timezone.localdate(self.last_published_at)
        return day if day > timezone.localdate(self.first_published_at) else None

    @cached_property
    def writer_people(self):
        return [writer.person for writer in self.writers.select_related("person")]

    @cached_property
    def short_code(self):
        """Usually annotated by NewsIndexPage.route; looked up when the page is reached otherwise."""
        return ShortLink.objects.filter(translation_key=self.translation_key).values_list("code", flat=True).first()

    @cached_property
    def news_index(self):
        """Set by NewsIndexPage.route; looked up (specific, for its routes) in previews and elsewhere."""
        return self.get_parent().specific

    def language_fallback_page(self):
        return self.news_index

    def search_summary(self):
        return self.lead

    def search_text(self):
        body = self.body.stream_block.get_searchable_content(self.body)
        return [self.title, self.lead, *body, self.category.name if self.category else ""]

    def body_starts_with_lead(self):
        """Imported articles take their lead from the first paragraph; don't print it twice."""
        first = next((block for block in self.body if block.block_type == "paragraph"), None)
        if first is None:
            return False
        text = strip_tags(first.value.source).strip()
        return bool(self.lead) and text.startswith(self.lead.strip()[:80])

    def get_related_articles(self, limit=3):
        """Editor-picked related articles, else the latest of the same category, in one query."""
        picked = NewsArticleRelated.objects.filter(page=self, article=OuterRef("pk"))
        same_category = Q(category_id=self.category_id, locale_id=self.locale_id) if self.category_id else Q(pk__in=[])
        candidates = (
            NewsArticlePage.objects.live()
            .public_in_one_query()
            .filter(Q(Exists(picked)) | same_category)
            .exclude(pk=self.pk)
            .select_related("category", "image")
            .annotate(pick_order=Subquery(picked.values("sort_order")[:1]))
            .order_by(F("pick_order").asc(nulls_last=True), "-date", "-first_published_at")[:limit]
        )
        candidates = list(candidates)
        if candidates and candidates[0].pick_order is not None:
            return [article for article in candidates if article.pick_order is not None]
        return candidates

    @cached_property
    def source_page(self):
        """The article in the site's source language (Indonesian), or None when this is it."""
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        if self.locale.language_code == language:
            return None
        return NewsArticlePage.objects.filter(
            translation_key=self.translation_key, locale__language_code=language
        ).first()

    @cached_property
    def display_tags(self):
        """Tags are the newsroom's Indonesian keywords, which wagtail-localize copies to a translation
        untranslated: a translation lists them only when an editor gave it tags of its own."""
        tags = list(self.tags.all())
        source = self.source_page
        if source is not None and {tag.pk for tag in tags} == set(source.tags.values_list("pk", flat=True)):
            return []
        return tags

    def untranslated_parts(self):
        """The parts of a translation still in the source language's words, to mark them with `lang`.

        A synced translation shows the source's text where a segment is not translated yet. Returns
        the source's language code and the names ("title", "lead") and body block ids whose text is
        the source's; nothing for the source itself.
        """
        source = self.source_page
        if source is None:
            return {"language": None, "parts": set()}
        parts = {
            name for name in ("title", "lead") if getattr(self, name) and getattr(self, name) == getattr(source, name)
        }
        source_blocks = {block["id"]: block["value"] for block in source.body.raw_data}
        parts |= {
            block["id"]
            for block in self.body.raw_data
            if block["type"] != "embed" and source_blocks.get(block["id"]) == block["value"]
        }
        return {"language": get_supported_content_language_variant(settings.LANGUAGE_CODE), "parts": parts}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the article's shared part is rendered, not when the content cache has it.
        context["untranslated"] = SimpleLazyObject(self.untranslated_parts)
        context["related_articles"] = SimpleLazyObject(self.get_related_articles)
        context["show_lead"] = SimpleLazyObject(lambda: not self.body_starts_with_lead())
        context["news_index"] = self.news_index
        if self.short_code:
            context["short_link_url"] = absolute(reverse("short_link", args=[self.short_code]))
        return context


class NewsArticleWriter(Orderable):
    page = ParentalKey("news.NewsArticlePage", on_delete=models.CASCADE, related_name="writers")
    person = models.ForeignKey("home.Person", verbose_name=_("writer"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("writer")


class NewsArticleRelated(Orderable):
    page = ParentalKey("news.NewsArticlePage", on_delete=models.CASCADE, related_name="related_links")
    article = models.ForeignKey(
        "news.NewsArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")


class ShortLink(models.Model):
    """A short code for an article, shared by all its translations and kept for good."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    translation_key = models.UUIDField(_("translation key"), unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")

    def __str__(self):
        return self.code

    @classmethod
    def for_page(cls, page, attempts=10):
        """Return the page's short link, creating one with a fresh random code the first time."""
        existing = cls.objects.filter(translation_key=page.translation_key).first()
        if existing:
            return existing
        for _attempt in range(attempts):
            code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _i in range(SHORT_CODE_LENGTH))
            try:
                with transaction.atomic():
                    return cls.objects.create(code=code, translation_key=page.translation_key)
            except IntegrityError:
                existing = cls.objects.filter(translation_key=page.translation_key).first()
                if existing:
                    return existing
        raise RuntimeError("Could not find a free short code")

    def versions(self):
        """The article's live, public translations, by language code."""
        pages = (
            NewsArticlePage.objects.live()
            .public()
            .filter(translation_key=self.translation_key)
            .select_related("locale")
            .order_by("locale__language_code")
        )
        return {page.locale.language_code: page for page in pages}

"""Writing checked articles into the page tree: pages, translations, categories, people and redirects."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from home.models import Person
from news.importing.reading import ArticleData, ImportInputError, legacy_key
from news.models import Category, NewsArticlePage, NewsArticleRelated, NewsArticleWriter, NewsIndexPage

SLUG_MAX_LENGTH = 80


@dataclass
class ImportOutcome:
    """What happened to one article, for the command's report."""

    status: str
    article: ArticleData
    page: NewsArticlePage | None = None
    reason: str = ""
    missing: list = field(default_factory=list)
    published: bool = False


class NewsImporter:
    """Write checked articles into the page tree, creating or updating pages by `import_key`.

    `publish` is True to publish every complete article, False to only ever save drafts, and None
    to publish new complete articles while existing ones keep their state (a draft stays a draft).
    An article without a title or date is never published: it needs an editor first.
    """

    def __init__(self, parent=None, publish=None, user=None):
        self.parent = parent
        self.publish = publish
        self.user = user
        self._locales = {}

    def check(self, articles):
        """Raise ImportInputError for anything that would stop an import half-way; writes nothing."""
        seen = {}
        for article in articles:
            locale = self.locale(article.language)
            if locale is None:
                raise ImportInputError(
                    f"{article.origin}: the site has no {article.language!r} locale; add it under Settings → Locales"
                )
            if not article.translation_of and self.parent_for(locale) is None:
                raise ImportInputError(f"{article.origin}: no news index in {article.language!r} to import into")
            key = (article.language, article.import_key)
            if key in seen:
                raise ImportInputError(
                    f"{article.origin}: same key {article.import_key!r} as {seen[key]}; each article needs its own"
                )
            seen[key] = article.origin

    def import_articles(self, articles):
        """Import in order, except that translations wait for the articles they translate."""
        for article in sorted(articles, key=lambda article: bool(article.translation_of)):
            yield self.import_article(article)

    def import_article(self, article):
        with transaction.atomic():
            locale = self.locale(article.language)
            page = NewsArticlePage.objects.filter(import_key=article.import_key, locale=locale).first()
            source = None
            if article.translation_of:
                source = self.find_source(article.translation_of, locale)
                if page is None and source is None:
                    return ImportOutcome(
                        "skipped", article, reason=f"translation source {article.translation_of!r} not found"
                    )
                if page is None:
                    page = source.get_translation_or_none(locale)
            if page is not None:
                outcome = self.update(article, page.specific)
            elif source is not None:
                outcome = self.create_translation(article, source, locale)
            else:
                outcome = self.create(article, locale)
            if source is not None and outcome.page is not None:
                TranslationSource.get_or_create_from_instance(source)
            return outcome

    def locale(self, language):
        if language not in self._locales:
            self._locales[language] = Locale.objects.filter(language_code=language).first()
        return self._locales[language]

    def parent_for(self, locale):
        if self.parent is not None and self.parent.locale_id == locale.pk:
            return self.parent
        return NewsIndexPage.objects.filter(locale=locale).order_by("path").first()

    def find_source(self, reference, locale):
        """The article `reference` (its key or old address) names, in another language."""
        candidates = NewsArticlePage.objects.exclude(locale=locale).order_by("pk")
        source = candidates.filter(import_key__in={reference, legacy_key(reference)}).first()
        if source is None:
            redirect = Redirect.objects.filter(old_path=legacy_key(reference), redirect_page__isnull=False).first()
            if redirect is not None:
                source = candidates.filter(pk=redirect.redirect_page_id).first()
        return source

    def create(self, article, locale):
        parent = self.parent_for(locale)
        page = NewsArticlePage(locale=locale, live=False)
        requested_slug = article.slug or slugify(article.title or article.placeholder_title)
        self.apply(article, page, slug=unique_slug(parent, requested_slug))
        parent.add_child(instance=page)
        return self.save(article, page, status="created", publish=self.publish is not False)

    def create_translation(self, article, source, locale):
        """Copy the source into `locale` so both share a translation key, then fill in the import."""
        translated_parent = source.get_parent().specific.get_translation_or_none(locale)
        if translated_parent is None:
            return ImportOutcome(
                "skipped", article, reason=f"the source's news index has no {article.language!r} translation"
            )
        page = source.copy_for_translation(locale)
        NewsArticlePage.objects.filter(pk=page.pk).update(import_key=article.import_key)
        page.related_links = [
            NewsArticleRelated(article=related)
            for link in source.related_links.all()
            if (related := link.article.get_translation_or_none(locale)) is not None
        ]
        if not article.category and source.category is not None:
            page.category = source.category.get_translation_or_none(locale)
        requested_slug = article.slug or slugify(article.title)
        self.apply(article, page, slug=unique_slug(translated_parent, requested_slug, exclude=page))
        return self.save(article, page, status="created", publish=self.publish is not False)

    def update(self, article, page):
        """Save the import as a new revision of `page`; skip it when nothing would change."""
        if page.import_key != article.import_key:
            NewsArticlePage.objects.filter(pk=page.pk).update(import_key=article.import_key)
        latest = page.get_latest_revision_as_object()
        before = snapshot(latest)
        slug = unique_slug(page.get_parent(), article.slug, exclude=page) if article.slug else ""
        self.apply(article, latest, slug=slug)
        publish = page.live if self.publish is None else self.publish
        publishes_draft = publish and not page.live and not self.missing(article, latest)
        if snapshot(latest) == before and not publishes_draft:
            redirected = self.redirect(article, page)
            reason = "unchanged; the old address now leads here" if redirected else "unchanged"
            return ImportOutcome("skipped", article, page=page, reason=reason, published=page.live)
        return self.save(article, latest, status="updated", publish=publish)

    def save(self, article, page, status, publish):
        missing = self.missing(article, page)
        revision = page.save_revision(user=self.user)
        published = publish and not missing
        if published:
            revision.publish(user=self.user)
            page.refresh_from_db()
        self.redirect(article, page)
        return ImportOutcome(status, article, page=page, missing=missing, published=published)

    def missing(self, article, page):
        """What keeps the page from being published; placeholder titles do not count as titles."""
        missing = []
        if not article.title and page.title in ("", article.placeholder_title):
            missing.append("title")
        if page.date is None:
            missing.append("date")
        return missing

    def apply(self, article, page, slug=""):
        """Copy the imported fields onto `page`; fields the file leaves empty keep their value."""
        locale = self.locale(article.language)
        page.title = article.title or page.title or article.placeholder_title
        if slug:
            page.slug = slug
        page.lead = article.lead
        page.date = article.date or page.date
        page.body = with_block_ids(article.body, page.body)
        if article.category:
            page.category = category_for(article.category, locale)
        if article.editor:
            page.editor = person_named(article.editor)
        if article.writers:
            page.writers = [NewsArticleWriter(person=person_named(name)) for name in article.writers]
        if article.tags is not None:
            page.tags.clear()
            page.tags.add(*article.tags)
        page.import_key = article.import_key

    def redirect(self, article, page):
        """Point the old address at the page (all sites); True when that changed anything."""
        if not article.legacy_url:
            return False
        old_path = legacy_key(article.legacy_url)
        redirect = Redirect.objects.filter(old_path=old_path, site=None).order_by("pk").first()
        if redirect is None:
            Redirect.objects.create(old_path=old_path, site=None, redirect_page=page)
            return True
        if redirect.redirect_page_id == page.pk and not redirect.redirect_link:
            return False
        redirect.redirect_page, redirect.redirect_link, redirect.redirect_page_route_path = page, "", ""
        redirect.save()
        return True


def snapshot(page):
    """The imported fields of `page`, comparable before and after an import (block ids aside)."""
    return {
        "title": page.title,
        "slug": page.slug,
        "lead": page.lead,
        "date": page.date,
        "body": [(block["type"], block["value"]) for block in page.body.raw_data],
        "category": page.category_id,
        "editor": page.editor_id,
        "writers": [writer.person_id for writer in page.writers.all()],
        "tags": sorted(tag.name for tag in page.tags.all()),
    }


def with_block_ids(new_blocks, old_body):
    """Reuse the old block ids position by position, so translations keep their segments."""
    old_blocks = list(old_body.raw_data) if old_body else []
    blocks = []
    for position, block in enumerate(new_blocks):
        block = dict(block)
        if position < len(old_blocks) and old_blocks[position]["type"] == block["type"]:
            block["id"] = old_blocks[position]["id"]
        blocks.append(block)
    return blocks


def unique_slug(parent, requested, exclude=None):
    """`requested`, or `requested-2`, `-3`… if a sibling already has it."""
    base = requested[:SLUG_MAX_LENGTH].strip("-") or "artikel"
    siblings = parent.get_children().filter(slug__startswith=base)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    taken = set(siblings.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def category_for(name, locale):
    """The category `name` in `locale`; a new one becomes a translation of the same-slug category."""
    slug = slugify(name)[:100]
    category = Category.objects.filter(slug=slug, locale=locale).first()
    if category is not None:
        return category
    source = Category.objects.filter(slug=slug).order_by("pk").first()
    if source is None:
        return Category.objects.create(name=name, slug=slug, locale=locale)
    category = source.copy_for_translation(locale)
    category.name = name
    category.save()
    return category


def person_named(name):
    person = Person.objects.filter(name=name).order_by("pk").first()
    return person or Person.objects.create(name=name)

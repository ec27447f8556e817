"""The news desk's demo content: categories, people, six articles, and the column's real seed article.

The seed article is imported the way an editor would import the archive (`import_news`), then
translated; the others are written straight to the models from `articles.json`. Idempotent:
articles are found by their import key, categories by slug, people by name.
"""

import datetime
import json
from html import escape
from pathlib import Path

from django.core.management import call_command
from django.utils.text import slugify

from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.demo.images import demo_image
from home.localize import translate_with_strings
from home.models import Person
from home.site_tree import publish
from news.models import Category, NewsArticlePage

DEMO_DIR = Path(__file__).resolve().parent


def load(stdout, news_index):
    """Load the demo articles under `news_index` ({"id": page, "en": page})."""
    id_locale = Locale.objects.get(language_code="id")
    en_locale = Locale.objects.get(language_code="en")
    manifest = json.loads((DEMO_DIR / "articles.json").read_text(encoding="utf-8"))
    categories = {entry["slug"]: _category(entry, id_locale, en_locale) for entry in manifest["categories"]}
    people = {
        entry["name"]: Person.objects.get_or_create(name=entry["name"], defaults={"role": entry["role"]})[0]
        for entry in manifest["people"]
    }
    for entry in manifest["articles"]:
        _demo_article(stdout, entry, news_index["id"], categories, people, id_locale, en_locale)
    _seed_article(stdout, manifest["seed"], id_locale, en_locale)


def _category(entry, id_locale, en_locale):
    category, created = Category.objects.get_or_create(
        slug=entry["slug"], locale=id_locale, defaults={"name": entry["id"]}
    )
    if category.get_translation_or_none(en_locale) is None:
        translate_with_strings(category, en_locale, {entry["id"]: entry["en"]})
    return category


def _demo_article(stdout, entry, index, categories, people, id_locale, en_locale):
    if NewsArticlePage.objects.filter(import_key=entry["key"], locale=id_locale).exists():
        return
    text = entry["id"]
    image = demo_image(text["title"], entry["image"]["colour"], entry["image"]["label"])
    page = NewsArticlePage(
        title=text["title"],
        slug=slugify(text["title"])[:80],
        lead=text["lead"],
        date=datetime.date.fromisoformat(entry["date"]),
        body=[("paragraph", RichText(f"<p>{escape(paragraph, quote=False)}</p>")) for paragraph in text["paragraphs"]],
        category=categories[entry["category"]],
        editor=people[entry["editor"]],
        image=image,
        image_alt=text["image_alt"],
        import_key=entry["key"],
    )
    index.add_child(instance=page)
    page.writers.create(person=people[entry["writer"]])
    page.tags.add(*entry["tags"])
    publish(page)
    stdout.write(f"created article {page.title}")
    if "en" in entry:
        english = entry["en"]
        strings = dict(zip(text["paragraphs"], english["paragraphs"], strict=True))
        strings.update(
            {
                text["title"]: english["title"],
                text["lead"]: english["lead"],
                text["image_alt"]: english["image_alt"],
                page.slug: slugify(english["title"])[:80],
            }
        )
        translate_with_strings(page, en_locale, strings)


def _seed_article(stdout, seed, id_locale, en_locale):
    """The real article of the column, imported the way an editor would import the archive."""
    page = NewsArticlePage.objects.filter(import_key=seed["legacy_url"], locale=id_locale).first()
    if page is None:
        call_command(
            "import_news",
            str(DEMO_DIR / seed["file"]),
            title=seed["title"],
            date=seed["date"],
            slug=seed["slug"],
            legacy_url=seed["legacy_url"],
            stdout=stdout,
        )
        page = NewsArticlePage.objects.get(import_key=seed["legacy_url"], locale=id_locale)
        page.image = demo_image(seed["title"], seed["image"]["colour"], seed["image"]["label"])
        page.image_alt = seed["image"]["alt_id"]
        page.tags.add(*seed["tags"])
        publish(page)
    if page.get_translation_or_none(en_locale) is None:
        english = json.loads((DEMO_DIR / seed["translation"]).read_text(encoding="utf-8"))
        paragraphs = [block.value.source for block in page.body if block.block_type == "paragraph"]
        strings = {
            _segment_text(source): target for source, target in zip(paragraphs, english["paragraphs"], strict=True)
        }
        strings.update(
            {
                page.title: english["title"],
                page.slug: english["slug"],
                page.lead: english["paragraphs"][0],
                page.image_alt: english["image_alt"],
            }
        )
        _translated, missing = translate_with_strings(page, en_locale, strings)
        stdout.write(f"translated seed article into English ({missing} segment(s) left untranslated)")


def _segment_text(html):
    """wagtail-localize keys a plain paragraph's segment by its inner HTML."""
    return html.removeprefix("<p>").removesuffix("</p>").strip()

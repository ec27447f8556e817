"""The skeleton every installation has: a home page in each language, and each app's section under it."""

from dataclasses import dataclass

from django.db import transaction

from wagtail import hooks
from wagtail.models import Locale, Page, Site

from home import hooks as home_hooks
from home.base_url import host_and_port
from home.models import HomePage


@dataclass
class SiteTree:
    """The site, its home page in each language, and its sections by name (`tree.news["id"]`)."""

    site: Site
    home: dict
    sections: dict

    def __getattr__(self, name):
        sections = self.__dict__.get("sections", {})
        if name in sections:
            return sections[name]
        raise AttributeError(name)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translated_copy(page, locale, title, slug):
    """A live copy of `page` in `locale`, linked by translation key (as wagtail-localize does)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale, copy_parents=False)
    copy.title = title
    copy.slug = slug
    return publish(copy)


def ensure_section(home_pages, model, titles, slugs):
    """The index page of a section (`model`) under the home pages, in both languages: {"id": ..., "en": ...}."""
    home_id, home_en = home_pages["id"], home_pages["en"]
    index = model.objects.child_of(home_id).first()
    if index is None:
        index = home_id.add_child(
            instance=model(title=titles[0], slug=slugs[0], locale=home_id.locale, show_in_menus=True)
        )
        publish(index)
    return {"id": index.specific, "en": translated_copy(index, home_en.locale, titles[1], slugs[1])}


@transaction.atomic
def ensure_site_tree(home_titles=("Beranda", "Home"), hostname=None, port=None):
    """The home pages and the default site, then each app's section (`home.hooks.SITE_SECTIONS`)."""
    id_locale = Locale.objects.get(language_code="id")
    en_locale = Locale.objects.get(language_code="en")
    root = Page.get_first_root_node()

    home_id = HomePage.objects.filter(locale=id_locale, depth=2).first()
    if home_id is None:
        home_id = root.add_child(instance=HomePage(title=home_titles[0], slug="beranda", locale=id_locale))
        publish(home_id)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        default_hostname, default_port = host_and_port()
        site = Site.objects.create(
            hostname=hostname or default_hostname, port=port or default_port, root_page=home_id, is_default_site=True
        )
    elif site.root_page_id != home_id.pk:
        old_root = site.root_page
        site.root_page = home_id
        site.save()
        if not isinstance(old_root.specific, HomePage) and not old_root.get_children().exists():
            old_root.delete()
    home_en = translated_copy(home_id, en_locale, home_titles[1], "home")
    home = {"id": home_id, "en": home_en}
    sections = dict(section(home) for section in hooks.get_hooks(home_hooks.SITE_SECTIONS))
    return SiteTree(site=site, home=home, sections=sections)

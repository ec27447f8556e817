"""The skeleton every installation has: a home page and a news index in each language."""

from dataclasses import dataclass

from django.db import transaction

from wagtail.models import Locale, Page, Site

from home.models import HomePage


@dataclass
class SiteTree:
    site: Site
    home: dict
    news: dict
    courses: dict


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


@transaction.atomic
def ensure_site_tree(
    home_titles=("Beranda", "Home"),
    news_titles=("Berita", "News"),
    course_titles=("Pelatihan", "Training"),
    hostname="127.0.0.1",
    port=8000,
):
    from courses.models import CourseIndexPage
    from news.models import NewsIndexPage

    id_locale = Locale.objects.get(language_code="id")
    en_locale = Locale.objects.get(language_code="en")
    root = Page.get_first_root_node()

    home_id = HomePage.objects.filter(locale=id_locale, depth=2).first()
    if home_id is None:
        home_id = root.add_child(instance=HomePage(title=home_titles[0], slug="beranda", locale=id_locale))
        publish(home_id)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname=hostname, port=port, root_page=home_id, is_default_site=True)
    elif site.root_page_id != home_id.pk:
        old_root = site.root_page
        site.root_page = home_id
        site.save()
        if not isinstance(old_root.specific, HomePage) and not old_root.get_children().exists():
            old_root.delete()
    home_en = translated_copy(home_id, en_locale, home_titles[1], "home")

    news_id = NewsIndexPage.objects.child_of(home_id).first()
    if news_id is None:
        news_id = home_id.add_child(
            instance=NewsIndexPage(title=news_titles[0], slug="berita", locale=id_locale, show_in_menus=True)
        )
        publish(news_id)
    news_en = translated_copy(news_id, en_locale, news_titles[1], "news")

    courses_id = CourseIndexPage.objects.child_of(home_id).first()
    if courses_id is None:
        courses_id = home_id.add_child(
            instance=CourseIndexPage(title=course_titles[0], slug="pelatihan", locale=id_locale, show_in_menus=True)
        )
        publish(courses_id)
    courses_en = translated_copy(courses_id, en_locale, course_titles[1], "training")
    return SiteTree(
        site=site,
        home={"id": home_id, "en": home_en},
        news={"id": news_id.specific, "en": news_en},
        courses={"id": courses_id.specific, "en": courses_en},
    )

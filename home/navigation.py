"""The main menu: the home page's children marked “show in menus”, per language, cached.

Cached so that a page view does not pay a query for the menu; any publish or unpublish, and any
view restriction added or removed, clears it. Private pages (login, password or groups) are not
listed: the menu is the same for every reader.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

CACHE_KEY = "main-menu:{language}"


def menu_items(language):
    key = CACHE_KEY.format(language=language)
    items = cache.get(key)
    if items is None:
        home = Page.objects.filter(depth=2, locale__language_code=language).first()
        items = []
        if home is not None:
            items = [
                {"title": page.title, "url": page.url, "path": page.url}
                for page in home.get_children().live().public().in_menu().order_by("path")
            ]
        cache.set(key, items, 3600)
    return items


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def clear_menu(sender, **kwargs):
    cache.delete_many(
        [CACHE_KEY.format(language=code) for code in Locale.objects.values_list("language_code", flat=True)]
    )


def navigation(request):
    """Context processor: the menu for the active language."""
    from django.utils.translation import get_language

    return {"main_menu": menu_items(get_language())}

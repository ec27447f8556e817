"""Which version of the current page a reader of another language should be sent to."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language_info


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    exists: bool


def live_translations(page):
    """The page's live versions keyed by language code, in one query."""
    if page is None or not getattr(page, "pk", None):
        return {}
    versions = page.get_translations(inclusive=True).live().select_related("locale")
    return {version.locale.language_code: version for version in versions}


def fallback_url(language_code):
    """The other language's news index (or home page) with a notice flag."""
    from wagtail.models import Page

    from news.models import NewsIndexPage

    target = NewsIndexPage.objects.live().filter(locale__language_code=language_code).first()
    if target is None:
        target = Page.objects.live().filter(depth=2, locale__language_code=language_code).first()
    if target is None:
        return f"/{language_code}/"
    return f"{target.url}?{urlencode({'untranslated': 1})}"


def language_links(request, page, current_language):
    versions = live_translations(page)
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        if page is not None and getattr(page, "pk", None):
            version = versions.get(code)
            url = version.url if version else fallback_url(code)
            exists = version is not None
        else:
            url = translate_url(request.get_full_path(), code)
            exists = True
        links.append(LanguageLink(code, info["name_local"], url, code == current_language, exists))
    return links, versions

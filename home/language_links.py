"""Which version of the current page a reader of another language should be sent to."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

UNTRANSLATED_FLAG = "untranslated=1"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    exists: bool


def live_versions(page):
    """Live versions of the page and of its fallback page, by language code, in one query.

    Each version is a bare `Page` holding what its URL needs, not a whole row: every public page
    asks, and building full page instances cost more than the query itself.
    """
    from wagtail.models import Page

    from home.routing import site_root_paths

    fallback = page.language_fallback_page() if hasattr(page, "language_fallback_page") else None
    keys = [page.translation_key] + ([fallback.translation_key] if fallback is not None else [])
    versions, fallbacks = {}, {}
    rows = Page.objects.live().filter(translation_key__in=keys)
    for pk, key, url_path, language in rows.values_list("pk", "translation_key", "url_path", "locale__language_code"):
        version = Page(pk=pk, translation_key=key, url_path=url_path)
        version._wagtail_cached_site_root_paths = site_root_paths()  # Wagtail's own per-instance slot
        target = versions if key == page.translation_key else fallbacks
        target[language] = version
    return versions, fallbacks


def language_links(request, page, current_language):
    versions, fallbacks = live_versions(page) if page is not None else ({}, {})
    links = []
    for code, _name in settings.LANGUAGES:
        name = get_language_info(code)["name_local"]
        if page is None:
            # A language-neutral view (e.g. /v/<code>/) may say where each language is.
            url = getattr(request, "language_urls", {}).get(code) or translate_url(request.get_full_path(), code)
            links.append(LanguageLink(code, name, url, code == current_language, True))
            continue
        version = versions.get(code)
        if version is not None:
            url = version.url
        elif code in fallbacks:
            url = f"{fallbacks[code].url}?{UNTRANSLATED_FLAG}"
        else:
            url = f"/{code}/?{UNTRANSLATED_FLAG}"
        links.append(LanguageLink(code, name, url, code == current_language, version is not None))
    return links, versions

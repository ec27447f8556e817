"""The site's search: news and trainings in the reader's language, Indonesian word forms included.

Indonesian builds words with affixes: "pelatihan" (training), "melatih" (to train), "latihan"
(exercise) all share the root "latih". PostgreSQL's `indonesian` text-search configuration and the
Snowball stemmer it is built from reduce each word to that root; SQLite has no such thing. So the
site stems in Python with Snowball (the same algorithm): every page indexes the stems of its text
as one more search field (`BasePage.search_stems`), and a query is stemmed the same way before it
reaches the search backend. Both databases then find the same pages, with the "simple" configuration
on PostgreSQL. English pages are stemmed with Snowball's English stemmer.
"""

import re
from functools import cache

import snowballstemmer

from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page, get_page_models

from home.pagination import paginate

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+(?:-\w+)*")
SNOWBALL_ALGORITHMS = {"id": "indonesian", "en": "english"}


@cache
def stemmer(language_code):
    return snowballstemmer.stemmer(SNOWBALL_ALGORITHMS.get(language_code, "indonesian"))


def stems(text, language_code):
    """The Snowball stems of the words of `text`, lower case, in order."""
    return stemmer(language_code).stemWords(WORD.findall(text.lower()))


def highlight(text, query_stems, language_code):
    """`text` escaped, with each word whose stem the query asked for in <mark>."""
    if not text or not query_stems:
        return escape(text or "")
    wanted = set(query_stems)
    out, last = [], 0
    for match in WORD.finditer(text):
        if set(stems(match.group(), language_code)) & wanted:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def searchable_page_types():
    return [model for model in get_page_models() if getattr(model, "in_site_search", False)]


@require_GET
def search(request):
    """News and trainings whose words (or their Indonesian/English roots) match every word asked for."""
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]
    locale = Locale.get_active()
    query_stems = stems(query, locale.language_code)
    results = None
    if query_stems:
        pages = Page.objects.live().public().filter(locale=locale).type(*searchable_page_types()).specific()
        results = paginate(request, pages.search(" ".join(query_stems), operator="and"), per_page=10)
        results.object_list = list(results.object_list)  # one query; the attributes below stay on these
        for page in results:
            page.highlighted_title = highlight(page.title, query_stems, locale.language_code)
            page.highlighted_summary = highlight(page.search_summary(), query_stems, locale.language_code)
    return render(request, "home/search.html", {"query": query, "results": results})

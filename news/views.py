import re

from django.shortcuts import redirect, render
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_GET

from wagtail.models import Locale

from home.pagination import paginate
from news.models import NewsArticlePage, ShortLink

MAX_QUERY_LENGTH = 200
NON_WORD = re.compile(r"[^\w\s-]+|(?<!\w)-|-(?!\w)")


def search_terms(query):
    """Words only: quotes, brackets and operators mean syntax to the database's full-text engine."""
    return " ".join(NON_WORD.sub(" ", query).split())


@require_GET
def search(request):
    """The site's search, which finds news articles in the reader's language."""
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]
    terms = search_terms(query)
    results = None
    if terms:
        locale = Locale.get_active()
        articles = NewsArticlePage.objects.live().public().filter(locale=locale).select_related("category", "image")
        results = paginate(request, articles.search(terms, operator="and"), per_page=10)
    return render(request, "news/search.html", {"query": query, "results": results})


@require_GET
def short_link(request, code):
    """/s/<code>/ → the article in the reader's language.

    When the article exists only in another language the reader is told so and chooses, rather than
    being switched to that language without a word.
    """
    link = ShortLink.objects.filter(code=code).first()
    versions = link.versions() if link else {}
    if not versions:
        response = render(request, "news/short_link_not_found.html", {"code": code[:16]}, status=404)
        response.final_404 = True
        return response
    language = get_language_from_request(request)
    if language in versions:
        return redirect(versions[language].url)
    return render(request, "news/short_link_other_language.html", {"versions": versions.values()})

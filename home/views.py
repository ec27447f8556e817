import re

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Locale

from home.pagination import paginate

MAX_QUERY_LENGTH = 200
NON_WORD = re.compile(r"[^\w\s-]+|(?<!\w)-|-(?!\w)")


def search_terms(query):
    """Words only: quotes, brackets and operators mean syntax to the database's full-text engine."""
    return " ".join(NON_WORD.sub(" ", query).split())


@require_GET
def search(request):
    from news.models import NewsArticlePage

    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]
    terms = search_terms(query)
    results = None
    if terms:
        locale = Locale.get_active()
        articles = NewsArticlePage.objects.live().public().filter(locale=locale).select_related("category", "image")
        results = paginate(request, articles.search(terms, operator="and"), per_page=10)
    return render(request, "home/search.html", {"query": query, "results": results})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /id/cari/",
        "Disallow: /en/search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def health(request):
    """Liveness: constant, no I/O. Also the benchmarks' yardstick."""
    return HttpResponse("ok", content_type="text/plain")

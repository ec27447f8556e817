import logging
import sys

import redis

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from wagtail import views as wagtail_views

from home import readiness, routing
from home.base_url import absolute

logger = logging.getLogger(__name__)

# Failures of a service the site depends on rather than of our code: the database refusing or
# dropping connections, Redis not answering.
UNAVAILABLE = (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)
RETRY_AFTER_SECONDS = 30


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    searches = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            searches.append(reverse("search"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {path}" for path in searches),
        f"Sitemap: {absolute('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def serve(request, path):
    """Wagtail's page view, routed by home/routing.py first: Wagtail reuses the route found for the request."""
    try:
        request._wagtail_route_for_request = routing.route_for_request(request, path)
    except Http404:
        request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)


@require_GET
def health(request):
    """Liveness: constant, no I/O. Also the benchmarks' yardstick."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def ready(request):
    """Readiness: the database, the cache and the task queue answer; 503 names those that do not."""
    results = readiness.run_checks()
    failing = [name for name, reason in results.items() if reason]
    body = {
        "status": "unavailable" if failing else "ok",
        "checks": {name: reason or "ok" for name, reason in results.items()},
    }
    if failing:
        body["failing"] = failing
        logger.warning("not ready: %s", ", ".join(f"{name} ({results[name]})" for name in failing))
    response = JsonResponse(body, status=503 if failing else 200)
    if failing:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: a database or Redis outage is a 503 with Retry-After, other errors a 500.

    Django calls this from inside its exception handling, for exceptions raised in any view or
    middleware, so sys.exc_info() is the error. The 503 page needs no database (no context
    processors, no site settings) and says the same in both languages, since the language
    the reader chose may be stored in the database that is down.
    """
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)

"""The anonymous page cache, the HTTP caching headers, and their invalidation.

Every anonymous reader of a public page sees the same HTML, so the rendered response is kept in
the Django cache (Redis in production) and a reverse proxy (Varnish, deploy/varnish/) may keep it
too. What makes a response shareable is decided here and nowhere else:

- the page type opts in (``BasePage.cache_for_anonymous``) or the view is wrapped in
  ``@cache_for_anonymous``;
- the request is a GET under a language prefix (/id/…, /en/…: the language is in the URL, so
  ``Accept-Language`` and the language cookie do not change the page), or on one of
  ``PAGE_CACHE_UNPREFIXED_PATHS`` (keyed by the reader's negotiated language), whose query
  parameters are all ones the pages read (``PAGE_CACHE_QUERY_PARAMETERS``; tracking parameters
  are dropped first);
- the request carries no session, CSRF or messages cookie: such a visitor may be logged in, hold
  a page password, have a form's token or a message waiting;
- the response is a 200 that sets no cookie (a form's CSRF token, a consumed message) and has no
  Cache-Control of its own.

CacheHeadersMiddleware marks such a response ``public, max-age`` (browsers) ``, s-maxage``
(proxies) with a Last-Modified; responses to logged-in readers, or that set cookies, get
``private, no-store``: no shared cache keeps them and no browser writes them to disk.
PageCacheMiddleware, the first middleware, stores the shareable ones and serves them to the next
anonymous reader without touching the session, the database or a template.

Invalidation is by generation: any publish, unpublish, move or deletion of a page, and any change
to a snippet or setting that pages show, moves the generation on after the transaction commits,
and every stored page of an older generation becomes a miss. Whole-site invalidation is the only
kind that is never wrong here: an article appears on the home page, the news index, its feed and
in other articles' "related" boxes, in both languages' language switchers. Publishing is rare
next to reading, so the cost is one render per URL per publish. The same moment purges the
changed pages from the frontend caches configured in ``WAGTAILFRONTENDCACHE`` (Varnish bans each
purged path and everything below it, so the home page's purge clears its language).
"""

import hashlib
import logging
import re
import time
from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
ENTRY_KEY = "page-cache:1:{digest}"  # the number changes with what an entry holds
STATUS_HEADER = "X-Page-Cache"
TRACKING_PARAMETER = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)$")


def cache_for_anonymous(view):
    """Let the anonymous page cache and proxies keep this (non-page) view's answers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.cache_for_anonymous = True
        return view(request, *args, **kwargs)

    return wrapper


def mark_page(page, request):
    """before_serve_page hook: pages whose anonymous readers all see the same HTML."""
    if getattr(page, "cache_for_anonymous", False):
        request.cache_for_anonymous = True


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def personal_cookies():
    return {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name}


def is_personal_request(request):
    if personal_cookies() & request.COOKIES.keys():
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def language_prefixed(path):
    return any(path.startswith(f"/{code}/") for code, _name in settings.LANGUAGES)


def key_language(request):
    """The language part of the key: "" under a language prefix (the path has it), the reader's
    negotiated language on the paths of PAGE_CACHE_UNPREFIXED_PATHS, None elsewhere (not cached)."""
    if language_prefixed(request.path):
        return ""
    if request.path.startswith(tuple(settings.PAGE_CACHE_UNPREFIXED_PATHS)):
        return translation.get_language_from_request(request)
    return None


def drop_tracking_parameters(request):
    """utm_* and click ids are for the reader's analytics, not for the page: one page, one entry."""
    if any(TRACKING_PARAMETER.match(name) for name in request.GET):
        kept = request.GET.copy()
        for name in list(kept):
            if TRACKING_PARAMETER.match(name):
                del kept[name]
        request.GET = kept
        request.META["QUERY_STRING"] = kept.urlencode()


def entry_key(request):
    """The cache key of a request that may be answered from the cache, else None."""
    if request.method != "GET" or personal_cookies() & request.COOKIES.keys():
        return None
    language = key_language(request)
    if language is None:
        return None
    drop_tracking_parameters(request)
    allowed = set(settings.PAGE_CACHE_QUERY_PARAMETERS)
    if not set(request.GET) <= allowed:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # CommonMiddleware answers 400
    query = urlencode(sorted(request.GET.lists()), doseq=True) if request.GET else ""
    address = f"{language} {request.scheme}://{host}{request.path}?{query}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return ENTRY_KEY.format(digest=digest)


def current_generation(cache):
    """The generation, started afresh when lost (first start, Redis flushed); None if the cache is down."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, time.time(), None)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return None
    return generation


def is_shareable(request, response):
    if not getattr(request, "cache_for_anonymous", False) or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control") or is_personal_request(request):
        return False
    language = key_language(request)
    if language is None:
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    # Vary: Cookie comes from the session being read for the header's login link; a shareable
    # request has no personal cookie, so every such reader gets this same response. Outside the
    # prefixes the page also varies with the language, which is part of the key there.
    return vary <= ({"cookie"} if language == "" else {"cookie", "accept-language"})


def apply_policy(request, response, generation=None):
    """Set Cache-Control, and Last-Modified from the generation, on a shareable response;
    private, no-store on a personal one. Returns whether the response is shareable.

    `generation` is the page-cache generation or a callable returning it, called only when needed.
    """
    if is_shareable(request, response):
        patch_cache_control(
            response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE, s_maxage=settings.PAGE_CACHE_S_MAXAGE
        )
        generation = generation() if callable(generation) else generation
        if generation is not None:
            # The site's last change, not the page's: listings and related articles change
            # with other pages, so no page is older than the last publish anywhere.
            response.headers["Last-Modified"] = http_date(generation)
        return True
    if not response.has_header("Cache-Control") and (response.cookies or is_personal_request(request)):
        patch_cache_control(response, private=True, no_store=True)
    return False


class CacheHeadersMiddleware:
    """Cache-Control and Last-Modified, from who asked and what was answered.

    Placed after ConditionalGetMiddleware, so it answers first and a no-store response is never
    hashed for an ETag. Works with or without the page cache (a proxy may be the only cache).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        generation = getattr(request, "page_cache_generation", None)
        if generation is None and settings.PAGE_CACHE_ENABLED:
            generation = partial(current_generation, page_cache())  # read only for a shareable answer
        request.page_cache_shareable = apply_policy(request, response, generation)
        return response


class PageCacheMiddleware:
    """Serve shareable pages from the cache, and store them.

    The first middleware: a hit costs one cache round trip (the generation and the entry in one
    get_many) and skips everything else. A stored response has been through all the other
    middleware, so it carries their headers (security, Content-Language, ETag); headers that
    differ per request (a request id) belong to middleware placed before this one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = entry_key(request) if settings.PAGE_CACHE_ENABLED else None
        if key is None:
            return self.get_response(request)
        cache = page_cache()
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            found = {}
        generation, entry = found.get(GENERATION_KEY), found.get(key)
        if generation is not None and entry is not None and entry[0] == generation:
            return self.replay(request, entry[1])
        # Read before rendering: a publish that commits meanwhile moves the generation on,
        # so this render, stored under the old one, is never served.
        generation = request.page_cache_generation = generation or current_generation(cache)
        response = self.get_response(request)
        if getattr(request, "page_cache_shareable", False) and response.status_code == 200 and generation:
            self.store(cache, key, response, generation)
            response.headers[STATUS_HEADER] = "miss"
        return response

    def replay(self, request, response):
        response.headers[STATUS_HEADER] = "hit"
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        return response

    def store(self, cache, key, response, generation):
        if not response.has_header("ETag"):
            set_response_etag(response)
        # A plain copy: what the next reader gets, without the template and request behind it.
        copy = HttpResponse(response.content, status=response.status_code, headers=response.headers)
        try:
            cache.set(key, (generation, copy), settings.PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.warning("could not store %s in the page cache", key, exc_info=True)


# Invalidation


def bump_generation():
    cache = page_cache()
    previous = cache.get(GENERATION_KEY) or 0
    cache.set(GENERATION_KEY, max(time.time(), previous + 0.001), None)


def page_urls(page):
    """Full URLs of the pages that show `page`: itself, its translations and their ancestors.

    Ancestors are the listings (news index, catalogue, home page); a translation shows the page
    in its language switcher and hreflang links.
    """
    from wagtail.models import Page

    urls = set()
    for version in page.get_translations(inclusive=True):
        for ancestor in Page.objects.ancestor_of(version, inclusive=True).filter(depth__gt=1):
            if url := ancestor.get_full_url():
                urls.add(url)
    return urls


def purge_frontend_caches(urls):
    """Send the URLs to every frontend cache in WAGTAILFRONTENDCACHE (Wagtail's backends).

    Done here, after the commit, rather than through Wagtail's purge task: the task would run
    in a worker that may fetch the page before the publish is committed, or a second later.
    """
    if not urls or not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import get_backends

    for name, backend in get_backends().items():
        try:
            backend.purge_batch(sorted(urls))
        except Exception:
            logger.exception("purging %d URLs from frontend cache %s failed", len(urls), name)


def invalidate(urls=()):
    """After the current transaction commits: a new page-cache generation, and the URLs purged."""
    urls = set(urls)

    def run():
        bump_generation()
        purge_frontend_caches(urls)

    transaction.on_commit(run)


def home_urls():
    """Every language's home page: under Varnish's prefix bans, purging these clears everything."""
    from wagtail.models import Page

    return {url for page in Page.objects.filter(depth=2) if (url := page.get_full_url())}


# Signals

# Models whose rows public pages show, and the attribute holding the one page's URL an instance
# is shown on; None: shown across the site (names, credits, logos, categories, the site name),
# so every page goes. Models of apps not installed are skipped.
SHOWN_ON_PAGES = {
    "home.SiteSettings": None,
    "home.Person": None,
    "home.Organisation": None,
    "home.CustomImage": None,
    "news.Category": None,
    # A page made private (or public again) leaves (or joins) every listing: home, indexes,
    # feeds, other articles' related boxes, the menu.
    "wagtailcore.PageViewRestriction": None,
    "certificates.Certificate": "verification_url",  # issued, revoked, reissued: its verification page
    # Course pages list their quizzes' kinds, and "My courses" keeps them in the content cache.
    "quiz.Quiz": None,
}


def page_changed(sender, instance, **kwargs):
    """Published, unpublished (also just before a live page is deleted) or translated and synced."""
    invalidate(page_urls(instance))


def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # The old parent's purge covers the old address: Varnish bans a path and everything below.
    invalidate(page_urls(instance) | page_urls(parent_page_before))


def shown_model_changed(sender, instance, **kwargs):
    attribute = SHOWN_ON_PAGES[sender._meta.label]
    invalidate({getattr(instance, attribute)} if attribute else home_urls())


def connect_signals():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(page_changed, dispatch_uid="page_cache.published")
    page_unpublished.connect(page_changed, dispatch_uid="page_cache.unpublished")
    post_page_move.connect(page_moved, dispatch_uid="page_cache.moved")
    for label in SHOWN_ON_PAGES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(shown_model_changed, sender=model, dispatch_uid=f"page_cache.saved.{label}")
        post_delete.connect(shown_model_changed, sender=model, dispatch_uid=f"page_cache.deleted.{label}")

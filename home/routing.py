"""Wagtail's routing in fewer queries: the site, the locale and the page path, remembered or fetched at once.

Wagtail finds a page with one query for the site, one for the active locale, one for the localized
home page and two per level below it (the child by slug, then its specific row): seven before an
article's own query. Here the site and the locale come from a per-process memo, and every page on
the path from the localized home page down is fetched in one query by `url_path`; then only the
page that does the routing (the last one found, or the first on the way whose class routes its
own sub-paths) is fetched as its specific class and asked to `route()` the rest, as Wagtail would.

The memo holds rows that change about once a deployment (sites, locales, which pages translate
the home page, the site root paths) and the site's settings (name, address, social links), which
every page shows. Saving or deleting one in this process clears it; another process (the other
gunicorn workers) sees the change within `MEMO_SECONDS`. A stale memo can only send routing back
to Wagtail's own (slower, always right): the path query checks the home page it expected.
"""

import time

from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

MEMO_SECONDS = 60
_memo = {}


def remembered(key, compute):
    """`compute()`, kept for `MEMO_SECONDS` in this process."""
    now = time.monotonic()
    found = _memo.get(key)
    if found is not None and found[0] > now:
        return found[1]
    value = compute()
    _memo[key] = (now + MEMO_SECONDS, value)
    return value


def forget(**kwargs):
    _memo.clear()


def clear_on_change(sender, instance, created=False, **kwargs):
    if isinstance(instance, BaseSiteSetting) and created:
        return  # made by `for_site()` on a first read: nothing remembered can be older
    if isinstance(instance, Site | Locale | Page | BaseSiteSetting):
        forget()


def connect_signals():
    post_save.connect(clear_on_change, dispatch_uid="home.routing.saved")
    post_delete.connect(clear_on_change, dispatch_uid="home.routing.deleted")


def remembered_row(key, model, fetch):
    """`fetch()` (an instance of `model`, or None) through the memo, as a fresh instance each time:
    nothing a request caches on it, or a form changes on it, outlives the request."""

    def find():
        instance = fetch()
        if instance is None:
            return None
        return {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields}

    values = remembered(key, find)
    return None if values is None else model.from_db("default", list(values), list(values.values()))


def site_for(hostname, port):
    """The Wagtail site for a host."""

    def find():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    return remembered_row(("site", hostname, port), Site, find)


def default_site():
    """The default Wagtail site (None before there is one)."""
    return remembered_row(("default site",), Site, Site.objects.filter(is_default_site=True).first)


def site_setting(model, site):
    """`model.for_site(site)` (a Wagtail site setting) without its query; see `SiteSettings.for_request`."""
    return remembered_row(("setting", model._meta.label, site.pk), model, lambda: model.for_site(site))


def site_root_paths():
    """`Site.get_site_root_paths()` without its cache round trip."""
    return remembered(("site_root_paths",), Site.get_site_root_paths)


def active_locale():
    """`Locale.get_active()` without its query."""
    return remembered(("locale", translation.get_language()), Locale.get_active)


class SiteMiddleware:
    """Give the request its Wagtail site from the memo, so `Site.find_for_request` costs no query.

    The probes under /health/ are left alone: liveness answers without the database, and readiness
    reports a database that is down instead of failing here first.
    """

    PROBES = "/health/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(self.PROBES):
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = site_for(hostname, request.get_port())
        return self.get_response(request)


def localized_root(site, locale):
    """(id, url_path) of the site's home page in `locale`: the translation if live, else the root itself."""

    def find():
        root = site.root_page
        translated = (
            Page.objects.filter(translation_key=root.translation_key, locale=locale, live=True)
            .values_list("id", "url_path")
            .first()
        )
        return translated or (root.id, root.url_path)

    return remembered(("root", site.root_page_id, locale.pk), find)


def routes_here(page, model, remaining):
    """Whether `page` (a plain row of class `model`) answers `remaining` itself instead of a child."""
    if model.route is Page.route:
        return False
    if model.route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            model.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
        except Http404:  # Resolver404: no sub-route of that name, so a child's slug
            return False
        return True
    return True  # its own route(): let it decide


def route_for_request(request, path):
    """What `Page.route_for_request` returns, in two or three queries; None for Wagtail's 404.

    The path query also says which pages on the way (and the tree's root) carry a view
    restriction or are aliases; when none does, the page found is marked so, and its
    `get_view_restrictions()` needs no query of its own.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    root_id, root_url_path = localized_root(site, active_locale())
    components = [component for component in path.split("/") if component]
    prefixes = [root_url_path]
    for component in components:
        prefixes.append(f"{prefixes[-1]}{component}/")
    # Unordered: the rows go into a dict, and Wagtail's default ORDER BY path cost a third of
    # building the query.
    rows = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=["/", *prefixes])
        .order_by()
        .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
    }
    if rows.get(root_url_path) is None or rows[root_url_path].id != root_id:
        return Page.route_for_request(request, path)  # the memo is stale: Wagtail's own routing
    chain = []
    for prefix in prefixes:
        if prefix not in rows or (chain and rows[prefix].depth != chain[-1].depth + 1):
            break
        chain.append(rows[prefix])
    for consumed, page in enumerate(chain):
        remaining = components[consumed:]
        model = page.specific_class
        if model is None:
            break
        last = consumed == len(chain) - 1
        if not last and not routes_here(page, model, remaining):
            continue
        if last:
            related = getattr(model, "route_select_related", ())
            specific = model.objects.select_related(*related).get(pk=page.pk) if related else page.specific
        else:
            # It routes on, most likely to the child found under it: its own fields wait until it
            # turns out to serve the request itself.
            specific = page.specific_deferred
        if consumed:
            specific._cached_parent_obj = chain[consumed - 1]
        result = specific.route(request, remaining)
        if result is not None and result[0] is specific and specific.get_deferred_fields():
            specific.refresh_from_db(fields=list(specific.get_deferred_fields()))
        mark_unrestricted(result, [rows.get("/"), *chain])
        return result
    return Page.route_for_request(request, path)


def mark_unrestricted(result, pages):
    """Tell the routed page that neither it nor an ancestor has a view restriction (see `view_restrictions`)."""
    if result is None or None in pages or pages[0].depth != 1:
        return
    found = result[0]
    ids = [page.id for page in pages]
    if found.id in ids:
        upto = pages[: ids.index(found.id) + 1]
        if len(upto) == found.depth and not any(page.restricted or page.alias_of_id for page in upto):
            found.known_unrestricted = True


def view_restrictions(page):
    """Wagtail's `get_view_restrictions` in one query: the page's and its ancestors' (an alias's source's).

    None at all when routing has just seen that no page on the path has one.
    """
    if getattr(page, "known_unrestricted", False):
        return PageViewRestriction.objects.none()
    step = page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page_id__in=sources)
    )

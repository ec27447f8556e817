"""Security pieces around Django's and Wagtail's own: the admin's CSP, the preview's framing, the
admin's login throttle, the two helpers every rate limit here shares (who the client is, and
counting its requests), and `RateLimit`, the throttle of participants' attempts (forum posts,
enrolment-key and check-in code guesses)."""

import logging
import math
import time

from allauth.account.adapter import get_adapter
from csp.middleware import CSPMiddleware

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.account import LoginView

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/admin/"


def client_address(request):
    """The client's address as every rate limit sees it: allauth's, which trusts the last
    ALLAUTH_TRUSTED_PROXY_COUNT entries of X-Forwarded-For, so all limits agree about who a client
    is behind the load balancer."""
    return get_adapter(request).get_client_ip(request) or "unknown"


def count_hit(key, window):
    """Add one to the counter `key` in the shared cache and return it; a new counter lives `window` seconds."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


class RateLimit:
    """At most `per_user` attempts per user and `per_address` per client address in a fixed window
    of `window` seconds, as the setting named `setting` says (read on each use, so tests can
    override it); without `per_user` only the address counts. The address limit is the larger where
    both count: a training room shares one address.

    A view asks `retry_after()` before acting and refuses while it is not None, even a right
    answer, so a guesser cannot learn from a success, and calls `hit()` for each attempt that counts
    (every post, every wrong guess); or `take()`, which counts the attempt and refuses it when it is
    one too many (every certificate lookup). Every refusal is logged.
    """

    def __init__(self, name, setting):
        self.name = name
        self.setting = setting

    def _limits(self):
        return getattr(settings, self.setting)

    def _keys(self, request):
        limits = self._limits()
        keys = {f"rate:{self.name}:address:{client_address(request)}": limits["per_address"]}
        if "per_user" in limits and request.user.is_authenticated:
            keys[f"rate:{self.name}:user:{request.user.pk}"] = limits["per_user"]
        return keys

    def _seconds_left(self, starts, over):
        """Until the earliest of the exceeded windows ends (a window starts at its first counted attempt)."""
        now = time.time()
        start = min(starts.get(f"{key}:start", now) for key in over)
        return max(1, math.ceil(start + self._limits()["window"] - now))

    def _refused(self, request, seconds):
        user = request.user.pk if request.user.is_authenticated else None
        logger.warning(
            "Rate limit %s: refused user %s at %s for %s s", self.name, user, client_address(request), seconds
        )
        return seconds

    def retry_after(self, request):
        """None while the client is within the limits, else the seconds until its window ends."""
        keys = self._keys(request)
        values = cache.get_many([*keys, *(f"{key}:start" for key in keys)])
        over = [key for key, limit in keys.items() if values.get(key, 0) >= limit]
        if not over:
            return None
        return self._refused(request, self._seconds_left(values, over))

    def hit(self, request):
        """Count one attempt; (key, count, limit) for each counter."""
        window, now = self._limits()["window"], time.time()
        counts = []
        for key, limit in self._keys(request).items():
            cache.add(f"{key}:start", now, timeout=window)  # the window starts at its first attempt
            counts.append((key, count_hit(key, window), limit))
        return counts

    def take(self, request):
        """Count this attempt: None when it is within the limits, else the seconds to wait."""
        counts = self.hit(request)
        over = [key for key, count, limit in counts if count > limit]
        if not over:
            return None
        starts = cache.get_many([f"{key}:start" for key in over])
        return self._refused(request, self._seconds_left(starts, over))


def too_many(response, seconds):
    """Mark `response` (already status 429, with the reason in the page) with Retry-After, never cached."""
    response["Retry-After"] = str(seconds)
    patch_cache_control(response, no_store=True)
    return response


def local_url(url, request):
    """`url` when it is a path on this site ("/…", never "//host/…" or "javascript:…"), else "".

    The only `next` we follow: Django's redirect() takes anything else that has no slash or dot
    ("foo") for a view name, and NoReverseMatch would be a server error."""
    url = url or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def requested_next_url(request):
    """The request's `next` (form, then query) when it is a path on this site, else ""."""
    return local_url(request.POST.get("next") or request.GET.get("next"), request)


def is_preview(request):
    """Wagtail renders a preview ("view draft", the editor's preview panel, a revision) by sending
    a dummy request for the page's public URL through the whole middleware chain, marked
    ``is_preview``; the admin frames that response, so it must allow our own origin to frame it."""
    return getattr(request, "is_preview", False)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a second policy for the Wagtail admin and a third for page previews.

    Public pages get CONTENT_SECURITY_POLICY: scripts and styles from our own origin only, and no
    framing. The admin's editors (StreamField, choosers, the preview panel) need inline scripts
    and styles, so /admin/ gets ADMIN_CONTENT_SECURITY_POLICY instead of no policy at all. A
    preview gets PREVIEW_CONTENT_SECURITY_POLICY: the public policy (the editor sees what readers
    will get) except that the admin, on our own origin, may frame it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None:
            if is_preview(request):
                parts.config = settings.PREVIEW_CONTENT_SECURITY_POLICY
            elif request.path_info.startswith(ADMIN_PREFIX):
                parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


class PreviewFramingMiddleware(MiddlewareMixin):
    """X-Frame-Options SAMEORIGIN on page previews, which the admin's preview panel frames from
    our own origin; Django's XFrameOptionsMiddleware (listed before this one, so it sees the
    response after it) leaves a header already set alone and gives every other response DENY."""

    def process_response(self, request, response):
        if is_preview(request):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


class AdminLoginView(LoginView):
    """Wagtail's login with a limit on failed attempts, per username and per client address.

    Participants log in through allauth, whose rate limits cover them; staff log in here. The
    client address is allauth's (ALLAUTH_TRUSTED_PROXY_COUNT decides which X-Forwarded-For entry
    to trust), so both limits agree about who a client is behind the load balancer.
    """

    def throttle_keys(self):
        limits = settings.ADMIN_LOGIN_RATE_LIMITS
        username = self.request.POST.get("username", "").strip().lower()[:150]
        address = client_address(self.request)
        return {
            f"admin-login-failures:user:{username}": limits["per_username"],
            f"admin-login-failures:address:{address}": limits["per_address"],
        }

    def is_throttled(self):
        counts = cache.get_many(list(self.throttle_keys()))
        return any(counts.get(key, 0) >= limit for key, limit in self.throttle_keys().items())

    def post(self, request, *args, **kwargs):
        if self.is_throttled():
            # An unbound form: a bound one would check the password while refusing to log in.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")[:150]})
            form.full_clean()
            form.cleaned_data = {}
            form.add_error(None, _("Too many failed logins. Please wait a few minutes and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        window = settings.ADMIN_LOGIN_RATE_LIMITS["window"]
        for key in self.throttle_keys():
            count_hit(key, window)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(next(iter(self.throttle_keys())))  # the username's count; the address's stays
        return super().form_valid(form)

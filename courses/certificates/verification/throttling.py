"""The verification rate limit: CERTIFICATE_VERIFICATION_RATE_LIMIT lookups per client address and window.

The address is the one every rate limit here sees (home/security.py). Every request that reaches a
lookup counts: every miss, every unknown code, every number and name search and every pasted
credential. An answer served from a cache is not counted: it costs no lookup and can only be one
somebody already fetched. Guessing is what the limit stops, and guesses are misses.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from courses.certificates.verification.languages import other_languages
from home.security import RateLimit

LOOKUPS = RateLimit("certificate-lookups", "CERTIFICATE_VERIFICATION_RATE_LIMIT")


def retry_after(request, count=True):
    """Count this lookup (or, with count=False, only look at the count); None when within the
    limit, else the seconds until the client's window ends."""
    return LOOKUPS.take(request) if count else LOOKUPS.retry_after(request)


def too_many(request, seconds, as_json=False):
    message = _("Too many certificate lookups from your address. Please wait %(seconds)s seconds and try again.") % {
        "seconds": seconds
    }
    if as_json:
        response = JsonResponse({"status": "rate_limited", "message": message, "retry_after": seconds}, status=429)
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = render(
            request,
            "certificates/verify_rate_limited.html",
            {"message": message, "seconds": seconds, "other_languages": other_languages(request)},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    patch_cache_control(response, no_store=True)
    return response

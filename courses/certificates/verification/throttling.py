"""The verification rate limit: CERTIFICATE_VERIFICATION_RATE_LIMIT lookups per client address and window.

The address is the one every rate limit here sees (home/security.py). Every request that reaches a
lookup counts: every miss, every unknown code, every number and name search and every pasted
credential. An answer served from a cache is not counted: it costs no lookup and can only be one
somebody already fetched. Guessing is what the limit stops, and guesses are misses.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from courses.certificates.verification.languages import other_languages
from home.security import client_address, count_hit

RATE_LIMIT_KEY = "certificate-lookups:{address}:{window}"


def retry_after(request, count=True):
    """Count this lookup (or, with count=False, only look at the count); None when within the
    limit, else the seconds until the client's window ends."""
    limit = settings.CERTIFICATE_VERIFICATION_RATE_LIMIT
    window = limit["window"]
    now = time.time()
    number = int(now // window)
    key = RATE_LIMIT_KEY.format(address=client_address(request), window=number)
    if count:
        within = count_hit(key, window * 2) <= limit["requests"]
    else:
        within = (cache.get(key) or 0) < limit["requests"]
    return None if within else max(1, math.ceil((number + 1) * window - now))


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

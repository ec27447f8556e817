"""Reads every reader shares, kept in the cache until published content changes.

Some pages the page cache cannot serve (a participant's "My courses") still read things that are
the same for every participant and that only an editor changes: a course's live versions, its
sessions and lessons, the quizzes placed in it. Those values are kept under the page cache's
generation (home/page_cache.py), which any publish, unpublish, move or deletion of a page, and any
change to a model that pages show, moves on after the commit. A value stored under an older
generation is a miss, so nobody is shown a schedule an editor has since changed. If the cache is
down, the values come from the database as if nothing were cached. `CONTENT_CACHE` switches it;
it is on, like the page cache, when the cache is Redis, which every process shares.
"""

import logging

from django.conf import settings
from django.utils.translation import get_language

from home.page_cache import GENERATION_KEY, current_generation, page_cache

logger = logging.getLogger(__name__)

TIMEOUT = 15 * 60  # seconds: a bound on how long an invalidation that went missing could matter


def remember_many(keys, build):
    """{key: value} for each of `keys`, from the cache where stored under the current generation.

    `build(missing)` returns {key: value} for every key of the list it is given; it is called
    once, for the keys the cache did not have, and its values are stored. The generation is read
    before building: a publish that commits meanwhile moves it on, and what was built from the
    older content is never used.
    """
    keys = list(keys)
    if not keys:
        return {}
    if not settings.CONTENT_CACHE_ENABLED:
        return build(keys)
    cache = page_cache()
    try:
        found = cache.get_many([GENERATION_KEY, *keys])
    except Exception:
        logger.warning("content cache unavailable", exc_info=True)
        return build(keys)
    generation = found.get(GENERATION_KEY) or current_generation(cache)
    values = {key: found[key][1] for key in keys if key in found and found[key][0] == generation}
    missing = [key for key in keys if key not in values]
    if missing:
        built = build(missing)
        values.update(built)
        if generation is not None:
            try:
                cache.set_many({key: (generation, built[key]) for key in missing}, TIMEOUT)
            except Exception:
                logger.warning("could not store %d values in the content cache", len(missing), exc_info=True)
    return values


def shared(request, key, build):
    """`build()`, kept under `key` and the active language: a value every reader of the live page sees.

    For a preview, for no request (a page rendered outside a view) or for a key that is None, the
    value is built and never stored, as Wagtail's `{% wagtailcache %}` does: a draft must not reach
    the live page, and None means "this one is not worth keeping" (a filtered listing).
    """
    if key is None or request is None or getattr(request, "is_preview", False):
        return build()
    key = f"{key}:{get_language() or ''}"
    return remember_many([key], lambda missing: {key: build()})[key]

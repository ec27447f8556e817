"""`{% contentcache "name" value… %}…{% endcontentcache %}`: a part of a page every reader sees alike.

A reader the page cache cannot serve (logged in, or carrying a form's `csrftoken`) still gets, on
an article, the same body, related articles and share links as everyone else. Those parts are
kept in the content cache (home/content_cache.py) under the page cache's generation, keyed by the
name, the active language and the values given (the page's id, the listing's page number), so a
publish, unpublish, move or saved snippet renders them again once it commits. What differs per
reader (the header's account links, messages, forms with a CSRF token) must stay outside the tag.
A value that is None means "do not cache this one": the part is rendered as if the tag were not
there.

Like Wagtail's `{% wagtailcache %}`, a preview is always rendered, never stored: a draft must not
reach the live page.
"""

import hashlib

from django import template
from django.template import TemplateSyntaxError

from home.content_cache import shared

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def key(self, context):
        """None when a value it varies on is None: that part is rendered, not stored."""
        values = [value.resolve(context) for value in self.vary_on]
        if any(value is None for value in values):
            return None
        parts = [self.name, *map(str, values)]
        return "fragment:" + hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()

    def render(self, context):
        # The rendered part is a SafeString, and stays one through the cache's pickling.
        return shared(context.get("request"), self.key(context), lambda: self.nodelist.render(context))


@register.tag
def contentcache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise TemplateSyntaxError(f"'{bits[0]}' needs a quoted fragment name, then the values it varies on")
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])

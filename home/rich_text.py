"""Rich text's links to pages, printed from one query (issue 18).

Wagtail's handler loads the linked pages with `.specific()` (a query for the pages, then one per
page type among them) and then asks each for `.localized`: a query for the active locale per link,
and one more for a page of another language. A URL needs none of that: the base rows of the linked
pages and of their live translations in the reader's language come in one query, and
`specific_deferred` still gives each page its own class, for a class that builds its URL itself.
"""

from django.db.models import Q
from django.utils.html import escape

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from home.converters import parse_id
from home.routing import active_locale


class PageLinkHandler(WagtailPageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        locale = active_locale()
        ids = [parse_id(attrs.get("id")) for attrs in attrs_list]  # None for an id no page can have
        wanted = [id_ for id_ in ids if id_ is not None]
        linked = Page.objects.filter(id__in=wanted)
        rows = list(
            Page.objects.filter(
                Q(id__in=wanted) | Q(translation_key__in=linked.values("translation_key"), locale=locale, live=True)
            )
        )
        by_id = {page.id: page for page in rows}
        # What `Page.localized` returns: the live version in the reader's language, else the page itself.
        in_language = {page.translation_key: page for page in rows if page.locale_id == locale.pk and page.live}
        tags = []
        for id_ in ids:
            page = by_id.get(id_)
            if page is None:
                tags.append("<a>")
                continue
            shown = in_language.get(page.translation_key, page)
            tags.append(f'<a href="{escape(shown.specific_deferred.url)}">')
        return tags

import json

from django import template
from django.conf import settings
from django.utils.html import _json_script_escapes, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Page

from home.base_url import absolute
from home.content_cache import shared
from home.language_links import language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """Language switcher links, hreflang alternates, x-default and canonical URL in one query."""
    request = context["request"]
    has_page = page is not None and getattr(page, "pk", None)

    def languages():
        links, versions = language_links(request, page if has_page else None, get_language())
        source = versions.get(settings.LANGUAGE_CODE)
        return {
            "links": links,
            "alternates": [{"code": code, "url": absolute(version.url)} for code, version in versions.items()],
            "x_default": absolute(source.url) if source else None,
            "canonical": absolute(page.url if has_page else request.path),
        }

    # The same for every reader of the page until something is published (home/content_cache.py).
    return shared(request, f"languages:{page.pk}" if has_page else None, languages)


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def page_social_meta(context):
    """Open Graph and Twitter card tags for a page that is not an article (home, index pages)."""
    request, page = context["request"], context.get("page")
    if not isinstance(page, Page):
        return {"page": None}
    identity = context["settings"]["home"]["SiteSettings"]
    image = getattr(page, "social_image", None)
    description = page.search_description or strip_tags(getattr(page, "intro", "") or "").strip()
    return {
        "page": page,
        "title": page.seo_title or page.title,
        "description": Truncator(description).chars(300),
        "url": request.build_absolute_uri(page.url),
        "image_url": request.build_absolute_uri(image.get_rendition("fill-1200x630|format-jpeg").url)
        if image
        else None,
        "site_name": identity.site_name,
        "twitter_handle": identity.twitter_handle,
        "locale": "id_ID" if get_language() == "id" else "en_GB",  # the page's language, without its locale's query
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, parent=None, last_title=None, last_url=None):
    """The trail from the home page to `page` (then to `last_title` at `last_url`, if given), with
    its schema.org BreadcrumbList; the last step is where the reader is and is not a link.

    `parent`, the page above when the view has it already (an article's news index), saves the
    query for the ancestors.
    """
    request = context["request"]
    above = [parent] if parent is not None else page.get_ancestors().filter(depth__gt=2)
    steps = [(_("Home"), f"/{get_language()}/")]
    steps += [(ancestor.title, ancestor.url) for ancestor in [*above, page] if ancestor.depth > 2]
    if last_title:
        steps.append((last_title, last_url))
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": str(title), "item": request.build_absolute_uri(url)}
            for number, (title, url) in enumerate(steps, start=1)
        ],
    }
    return {
        "steps": steps,
        "json_ld": mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)),  # noqa: S308
    }

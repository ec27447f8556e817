from django import template
from django.conf import settings
from django.utils.translation import get_language

from home.base_url import absolute
from home.language_links import language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """Language switcher links, hreflang alternates, x-default and canonical URL in one query."""
    request = context["request"]
    has_page = page is not None and getattr(page, "pk", None)
    links, versions = language_links(request, page if has_page else None, get_language())
    source = versions.get(settings.LANGUAGE_CODE)
    return {
        "links": links,
        "alternates": [{"code": code, "url": absolute(version.url)} for code, version in versions.items()],
        "x_default": absolute(source.url) if source else None,
        "canonical": absolute(page.url if has_page else request.path),
    }

import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from wagtail.models import Site

from home.base_url import absolute

register = template.Library()


@register.inclusion_tag("components/article_meta.html", takes_context=True)
def article_meta(context):
    """Open Graph, Twitter card and schema.org NewsArticle for one article."""
    request, page = context["request"], context["page"]
    settings = context["settings"]["home"]["SiteSettings"]
    image = page.social_image or page.image
    image_url = absolute(image.get_rendition("fill-1200x630|format-jpeg").url) if image else None
    url = absolute(page.url)
    people = page.writer_people
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.lead,
        "inLanguage": page.locale.language_code,
        "mainEntityOfPage": url,
        "url": url,
        "datePublished": page.display_date.isoformat() if page.display_date else None,
        "dateModified": page.last_published_at.isoformat() if page.last_published_at else None,
        "author": [
            {
                "@type": "Person",
                "name": person.name,
                "url": absolute(page.news_index.url + page.news_index.reverse_subpage("author", args=[person.slug])),
            }
            for person in people
        ],
        "editor": {"@type": "Person", "name": page.editor.name} if page.editor else None,
        "image": [image_url] if image_url else None,
        "publisher": {"@type": "Organization", "name": settings.organisation_name},
    }
    if page.category:
        data["articleSection"] = page.category.name
    data = {key: value for key, value in data.items() if value not in (None, [])}
    site = Site.find_for_request(request)
    return {
        "page": page,
        "url": url,
        "image_url": image_url,
        "site_name": site.site_name if site and site.site_name else settings.organisation_name,
        "twitter_handle": settings.twitter_handle,
        "locale": "id_ID" if page.locale.language_code == "id" else "en_GB",
        "json_ld": mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)),  # noqa: S308
    }

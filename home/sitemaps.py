from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    """Every live page in every language, each with its hreflang alternates."""

    def items(self):
        return Page.objects.live().public().filter(depth__gt=1).order_by("path").defer_streamfields().specific()

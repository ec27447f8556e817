"""One base URL for every absolute link the site writes.

Sitemap, robots.txt, canonical and hreflang links, Open Graph and JSON-LD, short links, e-mails, QR
codes and credentials all start with `settings.BASE_URL` (the `BASE_URL` environment variable;
`make run PORT=…` sets it for the demo, production refuses to start without it). Wagtail's own full
URLs (the sitemap's, `Page.get_full_url`) come from the default Site record, which
`sync_default_site` keeps equal to it after every migrate.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(path):
    """`path` (a site-relative URL such as a page's `.url`) under the configured base URL."""
    return settings.BASE_URL + path if path.startswith("/") else path


def host_and_port(base_url=None):
    parts = urlsplit(base_url or settings.BASE_URL)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(sender=None, **kwargs):
    """post_migrate (home): the default Site answers at the base URL's host and port."""
    if sender is not None and sender.label != "home":
        return
    from wagtail.models import Site

    hostname, port = host_and_port()
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(hostname=hostname, port=port)

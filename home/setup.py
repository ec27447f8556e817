"""Rows the site cannot work without, restored after every migrate (idempotent)."""

from django.conf import settings


def ensure_locales(sender, **kwargs):
    if sender.label != "home":
        return
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)

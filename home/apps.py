from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_migrate

        from home import (
            navigation,  # noqa: F401  (connects the menu-cache signals)
            page_cache,
            reference_index,
            routing,
            two_factor,
        )
        from home.base_url import sync_default_site
        from home.groups import ensure_editorial_groups
        from home.setup import ensure_locales

        post_migrate.connect(ensure_locales, dispatch_uid="home.ensure_locales")
        post_migrate.connect(sync_default_site, dispatch_uid="home.sync_default_site")
        post_migrate.connect(ensure_editorial_groups, dispatch_uid="home.ensure_editorial_groups")
        page_cache.connect_signals()
        reference_index.connect_signals()
        routing.connect_signals()
        two_factor.connect_signals()

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import page_cache, rich_text, two_factor
from home.models import Organisation, Person
from home.page_deletion import confirm_deletion_with_translations, delete_translations_if_asked
from home.translation_admin import (
    PublishAndSyncMenuItem,
    StaleTranslationsView,
    can_sync_translations,
    offer_translation_sync,
)


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_order = 210
    list_display = ["name", "role"]
    # No `search_fields`: the admin then searches all of `Person.search_fields` through the search
    # backend; naming fields here fails on SQLite ("no such column") and on any field not indexed.


register_snippet(PersonViewSet)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_order = 220
    list_display = ["name", "short_name", "locale"]
    # No `search_fields`: the admin searches the model's own index (see PersonViewSet above).


register_snippet(OrganisationViewSet)


@hooks.register("register_page_action_menu_item")
def register_publish_and_sync_menu_item():
    return PublishAndSyncMenuItem(order=15)


hooks.register("after_publish_page", offer_translation_sync)
hooks.register("before_delete_page", confirm_deletion_with_translations)
hooks.register("after_delete_page", delete_translations_if_asked)


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own, which it replaces
def page_links_in_one_query(features):
    features.register_link_type(rich_text.PageLinkHandler)


@hooks.register("before_serve_page")
def mark_page_for_anonymous_cache(page, request, serve_args, serve_kwargs):
    page_cache.mark_page(page, request)


@hooks.register("register_admin_urls")
def register_stale_translations_report():
    return [
        path("reports/stale-translations/", StaleTranslationsView.as_view(), name="stale_translations"),
        path(
            "reports/stale-translations/results/",
            StaleTranslationsView.as_view(results_only=True),
            name="stale_translations_results",
        ),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_sync_translations(request.user)


@hooks.register("register_reports_menu_item")
def register_stale_translations_menu_item():
    return EditorsMenuItem(
        _("Out-of-date translations"),
        reverse("stale_translations"),
        name="stale-translations",
        icon_name="wagtail-localize-language",
        order=650,
    )


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("2fa/setup/", two_factor.setup, name="two_factor_setup"),
        path("2fa/verify/", two_factor.verify, name="two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-step verification"),
        "help_text": _("Pair a new authenticator app, for example on a new phone."),
    }

"""Keeping translations current: "Publish and sync translations" and the out-of-date report.

wagtail-localize users' most common chore is noticing that an Indonesian page changed after its
English translation was last synced. Here the editor is offered the sync in the same step as
publishing, and a report lists every source page whose translations lag behind.
"""

from django.contrib import messages
from django.db.models import Exists, F, OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.reports import PageReportView
from wagtail_localize.models import Translation, TranslationSource

PUBLISH_AND_SYNC = "publish-and-sync"


def enabled_translation_source(page):
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is not None and source.translations.filter(enabled=True).exists():
        return source
    return None


class PublishAndSyncMenuItem(ActionMenuItem):
    """A second publish button that goes straight on to wagtail-localize's sync screen."""

    name = "action-publish"
    label = _("Publish and sync translations")
    icon_name = "resubmit"
    template_name = "home/admin/publish_and_sync_menu_item.html"

    def is_shown(self, context):
        if context.get("view") != "edit" or context.get("locked_for_user"):
            return False
        page = context.get("page")
        return (
            self.get_user_page_permissions_tester(context).can_publish()
            and enabled_translation_source(page) is not None
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["value"] = PUBLISH_AND_SYNC
        return context


def offer_translation_sync(request, page):
    """after_publish_page hook: continue to the sync screen when the editor asked for it."""
    if request.POST.get("action-publish") != PUBLISH_AND_SYNC:
        return None
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return None
    # The sync screen brings the source up to date when the editor confirms it; doing it here would
    # count a sync the editor then cancels, and drop the page from "Out-of-date translations".
    messages.success(request, _("“%(title)s” is published. Choose the translations to update.") % {"title": page.title})
    next_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return redirect(
        reverse("wagtail_localize:update_translations", args=[source.pk]) + "?" + urlencode({"next": next_url})
    )


def can_sync_translations(user):
    """Who sees the out-of-date translations report: those who may bring translations up to date."""
    return user.has_perm("wagtail_localize.submit_translation")


class StaleTranslationsView(PageReportView):
    page_title = _("Out-of-date translations")
    header_icon = "wagtail-localize-language"
    results_template_name = "home/admin/stale_translations_results.html"
    index_url_name = "stale_translations"
    index_results_url_name = "stale_translations_results"
    filterset_class = None
    permission_required = "change"

    def user_has_permission(self, permission):
        """Whoever the report's menu item is hidden from (writers) may not open it by its URL either."""
        return can_sync_translations(self.request.user) and super().user_has_permission(permission)

    def get_queryset(self):
        sources = TranslationSource.objects.filter(
            object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
        ).filter(Exists(Translation.objects.filter(source=OuterRef("pk"), enabled=True)))
        pages = (
            self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
            .annotate(
                translation_source_id=Subquery(sources.values("pk")[:1]),
                translations_synced_at=Subquery(sources.values("last_updated_at")[:1]),
            )
            .filter(translation_source_id__isnull=False, last_published_at__gt=F("translations_synced_at"))
            .select_related("locale")
            .order_by("-last_published_at")
        )
        self.queryset = pages
        return super().get_queryset()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        for page in context.get("object_list", []):
            page.sync_url = reverse("wagtail_localize:update_translations", args=[page.translation_source_id])
        return context

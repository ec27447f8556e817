"""Deleting a page that has translations: the editor sees them and chooses.

Wagtail deletes only the page asked for (wagtail-localize registers no cascade), so an English
translation stays live after its Indonesian source is gone, and a redirect to the page is removed
with it (`Redirect.redirect_page` cascades) without a word. When the page has translations or
redirects, the confirmation lists them and asks whether the translations go too; Wagtail's own
delete view still does the deleting, and the translations follow only once it has.
"""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.actions.delete_page import DeletePageAction
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

DELETE_TRANSLATIONS = "delete"
KEEP_TRANSLATIONS = "keep"


def translations_of(page):
    return list(
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(pk=page.pk)
        .select_related("locale")
        .order_by("locale__language_code")
    )


def redirects_to(pages):
    return list(Redirect.objects.filter(redirect_page__in=pages).select_related("site").order_by("old_path"))


def confirm_deletion_with_translations(request, page):
    """before_delete_page hook: Wagtail's confirmation, plus the translations and redirects to decide on."""
    if request.method != "GET":
        return None
    translations = translations_of(page)
    redirects = redirects_to([page])
    if not translations and not redirects:
        return None
    descendant_count = page.get_descendant_count()
    return TemplateResponse(
        request,
        "home/admin/confirm_delete_with_translations.html",
        {
            "page": page,
            "translations": translations,
            "redirects": redirects,
            "descendant_count": descendant_count,
            "next": get_valid_next_url_from_request(request),
            "choices": (
                (KEEP_TRANSLATIONS, _("Keep the translations: they stay as they are, published or not")),
                (DELETE_TRANSLATIONS, _("Delete the translations too, with any redirects that lead to them")),
            ),
        },
    )


def delete_translations_if_asked(request, page):
    """after_delete_page hook: the source is gone; delete its translations when the editor chose so."""
    if request.POST.get("translations") != DELETE_TRANSLATIONS:
        return None
    deleted, refused = 0, []
    for translation in translations_of(page):
        if translation.permissions_for_user(request.user).can_delete():
            DeletePageAction(translation, user=request.user).execute(skip_permission_checks=True)
            deleted += 1
        else:
            refused.append(translation.get_admin_display_title())
    if deleted:
        messages.success(
            request,
            ngettext("%(count)d translation deleted as well.", "%(count)d translations deleted as well.", deleted)
            % {"count": deleted},
        )
    if refused:
        messages.warning(
            request,
            _("You may not delete these translations, so they stay: %(titles)s") % {"titles": ", ".join(refused)},
        )
    return None

"""Malformed admin requests that Wagtail itself answers with a 500 or mishandles, answered here first.

Wagtail's own views are not patched: this middleware recognises the few requests by the URL they
resolve to and answers before the view runs. Each guard is described, with Wagtail's behaviour
without it, in the README's "Security" section.

- Bulk actions (`wagtail_bulk_action`) pass every `id` to `pk__in`: "abc" raises ValueError.
- The page editor (`wagtailadmin_pages:add`, `:edit` and their previews) reads each StreamField's
  `<name>-count`, `-order` and `-type` keys without checking them: a post without them raises
  KeyError or ValueError. The same reading is done here first, inside a try. A translated page's
  edit view is wagtail-localize's translation editor instead, whose posts carry no page form.
- `/admin/logout/` answers GET with 405 but deletes the session cookie all the same, so a link or an
  image could log staff out. Only POST reaches it.
- Every admin form with a chooser (a snippet's, a page's, an image's; in the form or in its inline
  rows) redraws an invalid form with the chooser looking the posted value up again,
  `objects.get(pk=value)`: "abc" or a number beyond 64 bits raises ValueError. Those values, and
  the inline rows' `id`, must be empty or an id.
- The admin's listings (snippets, images, users, ...) pass filter values such as `locale` to the
  database unchecked; PostgreSQL refuses text with a NUL byte (DataError). No admin link carries one:
  a query parameter with a NUL byte is a 400 in /admin/.
- A rich-text field outside a StreamField (Draftail) converts its posted JSON unchecked: "abc"
  raises JSONDecodeError, "1" AttributeError. The same conversion is done here first, inside a try.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_localize.models import Translation

from home.converters import parse_id

BULK_ACTION_ID = re.compile(r"[0-9]{1,18}|all")
PAGE_ID = re.compile(r"[0-9]{1,18}")
MAX_ID = 2**63 - 1  # beyond it SQLite cannot even be asked
PAGE_FORM_VIEWS = {"add", "edit", "preview_on_add", "preview_on_edit"}


class AdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.view_name == "wagtailadmin_logout" and request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if match.view_name == "wagtail_bulk_action" and _is_staff(request):
            return _check_bulk_action(request)
        if not match.route.startswith("admin/"):
            return None
        if any("\x00" in name + "".join(values) for name, values in request.GET.lists()) and _is_staff(request):
            return HttpResponseBadRequest(
                _("A parameter of this address holds a NUL byte, which the admin never sends.")
            )
        if request.method != "POST":
            return None
        is_page_form = match.namespace == "wagtailadmin_pages" and match.url_name in PAGE_FORM_VIEWS
        if is_page_form and _is_staff(request):
            return _check_page_form(request, view_kwargs)
        form_class = getattr(match.func, "view_initkwargs", {}).get("form_class")  # snippets, model viewsets
        if form_class is not None and _is_staff(request):
            return _check_form_values(request, form_class)
        return None


def _is_staff(request):
    """Others are sent to log in by the view, as before."""
    return request.user.has_perm("wagtailadmin.access_admin")


def _check_bulk_action(request):
    ids = request.GET.getlist("id")
    parent = request.GET.get("childOf")
    if not all(BULK_ACTION_ID.fullmatch(value) for value in ids) or (parent and not PAGE_ID.fullmatch(parent)):
        return HttpResponseBadRequest(_("Bulk actions take the numeric ids of the selected items."))
    return None


def _page_class(view_kwargs):
    if "page_id" in view_kwargs:
        if view_kwargs["page_id"] > MAX_ID:
            return None
        page = Page.objects.filter(pk=view_kwargs["page_id"]).only("content_type").first()
        return page.specific_class if page else None
    content_type = ContentType.objects.filter(
        app_label=view_kwargs.get("content_type_app_name"), model=view_kwargs.get("content_type_model_name")
    ).first()
    model = content_type.model_class() if content_type else None
    return model if model and issubclass(model, Page) else None


def _check_page_form(request, view_kwargs):
    """Reads the page's StreamFields from the post as the editor will, and answers 400 where it would fail.

    The fields are those of the page type's edit form. A StreamField panel shown only to some users
    (`FieldPanel(permission=...)`, none so far) would have to be skipped for the others.
    """
    page_class = _page_class(view_kwargs)
    if page_class is None:
        return None  # the view answers 404
    if request.resolver_match.url_name == "edit" and _in_translation_editor(view_kwargs["page_id"]):
        return None
    form_class = page_class.get_edit_handler().get_form_class()
    if refusal := _check_form_values(request, form_class):
        return refusal
    form_fields = form_class.base_fields
    for field in page_class._meta.get_fields():
        if not isinstance(field, StreamField) or field.name not in form_fields:
            continue
        try:
            field.stream_block.value_from_datadict(request.POST, request.FILES, field.name)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError):
            return HttpResponseBadRequest(
                _("The page form arrived incomplete or malformed (%(field)s). Reload the editor and try again.")
                % {"field": field.name}
            )
    return None


def _in_translation_editor(page_id):
    """wagtail-localize serves the edit view of a page translated from another language with its
    translation editor (its `before_edit_page` hook), whose "Publish" posts an action and no fields."""
    page = Page.objects.filter(pk=page_id).only("translation_key", "locale_id").first()
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).exists()


def _checked_keys(form_class, prefix=""):
    """(regular expression of a post key, its widget) for the keys read unchecked: choosers, rich text and
    inline rows' `id` (widget None), recursively through the inline rows."""
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, BaseChooser | DraftailRichTextArea):
            yield prefix + re.escape(name), field.widget
    for name, formset in (getattr(form_class, "formsets", None) or {}).items():
        row = prefix + re.escape(name) + "-[0-9]+-"
        yield row + "id", None
        yield from _checked_keys(formset.form, row)


def _readable(widget, request, key):
    values = request.POST.getlist(key)
    if not isinstance(widget, DraftailRichTextArea):  # an id
        return all(value == "" or parse_id(value) for value in values)
    try:
        widget.value_from_datadict(request.POST, request.FILES, key)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
        return False
    return True


def _check_form_values(request, form_class):
    checked = [(re.compile(pattern), widget) for pattern, widget in _checked_keys(form_class)]
    for key in request.POST:
        for pattern, widget in checked:
            if pattern.fullmatch(key) and not _readable(widget, request, key):
                return HttpResponseBadRequest(
                    _(
                        "The form arrived with a value the editor cannot have sent in %(field)s. Reload it and try again."
                    )
                    % {"field": key}
                )
    return None

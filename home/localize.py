"""Programmatic translation through wagtail-localize, for importers and demo content.

The translation stays a wagtail-localize translation: linked to its source, editable in the
admin's translation editor and updated by "Sync translated pages".
"""

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource


def translate_with_strings(instance, locale, strings, user=None, publish=True):
    """Create or update the `locale` translation of `instance`, filling segments from `strings`.

    `strings` maps a source segment's text to its translation; segments it lacks stay in the
    source language until an editor translates them. Translatable objects the instance points
    to (a category, say) are translated first, as wagtail-localize requires. Returns
    (translated object, number of segments left untranslated).
    """
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    for segment in source.relatedobjectsegment_set.all():
        related = segment.object.get_instance(instance.locale)
        if related.get_translation_or_none(locale) is None:
            translate_with_strings(related, locale, strings, user=user, publish=publish)

    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    missing = 0
    for entry in po:
        if entry.obsolete:
            continue
        translated = strings.get(entry.msgid)
        if translated:
            entry.msgstr = translated
        elif not entry.msgstr:
            missing += 1
    translation.import_po(po, user=user)

    # wagtail-localize publishes pages in transaction.on_commit, which would publish a stale
    # revision after ours when the caller holds a transaction; save a draft and publish it here.
    is_page = isinstance(instance, Page)
    source.create_or_update_translation(
        locale, user=user, publish=publish and not is_page, fallback=True, copy_parent_pages=True
    )
    target = instance.get_translation(locale)
    if publish and is_page:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target, missing

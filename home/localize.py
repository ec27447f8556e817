"""Programmatic translation through wagtail-localize, for importers and demo content.

The translation stays a wagtail-localize translation: linked to its source, editable in the
admin's translation editor and updated by "Sync translated pages".
"""

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator


def translate_with_strings(instance, locale, strings, user=None, publish=True):
    """Create or update the `locale` translation of `instance`, filling segments from `strings`.

    `strings` maps a source segment's text to its translation; segments it lacks stay in
    the source language until an editor translates them. Returns (translated object, number
    of segments left untranslated).
    """
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    TranslationCreator(user, [locale]).create_translations(instance)
    translation = Translation.objects.get(source=source, target_locale=locale)
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
    # wagtail-localize publishes pages in transaction.on_commit; publish the new revision here
    # instead, so callers inside a transaction (imports, tests) see a live translation at once.
    is_page = isinstance(instance, Page)
    translation.save_target(user=user, publish=publish and not is_page)
    target = instance.get_translation(locale)
    if publish and is_page:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target, missing

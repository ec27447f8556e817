"""The source-language version of a quiz or a question, meant the way `CoursePage.source_for` means it.

Grading, marking and the results work on one version of each translatable snippet: the one in the
source language, or, for a snippet written in another language only, the first one created.
Translations share the synchronised settings (a quiz's pass mark, a choice's `is_correct`), so any
version would grade the same; choosing one the same way everywhere keeps the titles and texts
staff see consistent.
"""

from django.db.models import Case, IntegerField, Value, When

from courses.models.pages import source_language


def source_rank():
    """0 for a row in the source language, 1 for a translation: an ordering expression."""
    return Case(
        When(locale__language_code=source_language(), then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def source_first(queryset):
    """`queryset` with, for each translation key, its source-language row first (then the first created).

    Works in subqueries too, e.g. `source_first(Quiz.objects.filter(translation_key=OuterRef("quiz_key")))`.
    """
    return queryset.order_by(source_rank(), "pk")


def source_version(model, translation_key):
    """The source-language version of the `model` snippet with `translation_key`, or None."""
    return source_first(model.objects.filter(translation_key=translation_key)).first()


def source_versions(model, translation_keys):
    """{translation_key: source-language version} for the `model` snippets with `translation_keys`, in one query."""
    chosen = {}
    for row in source_first(model.objects.filter(translation_key__in=list(translation_keys)).select_related("locale")):
        chosen.setdefault(row.translation_key, row)
    return chosen

"""Reference-index updates in the database task queue never point at an object deleted since:
a new translation replaces the inline objects it copied, and the worker must not fail on them."""

import pytest

from wagtail.tasks import update_reference_index_task

from home.localize import translate_with_strings
from home.site_tree import publish
from news.models import NewsArticleWriter
from tests.factories import NewsArticlePageFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_updates():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=update_reference_index_task.module_path)


def test_a_new_translation_leaves_no_update_for_a_deleted_writer(database_queue, site_tree, locales):
    article = NewsArticlePageFactory.build(title="Komnas HAM Dukung Semarang Menuju Kota HAM")
    site_tree.news["id"].add_child(instance=article)
    article.writers.create(person=PersonFactory(name="Utari Putri Wardanti"))
    publish(article)
    english, _missing = translate_with_strings(article, locales["en"], {article.title: "Komnas HAM Supports Semarang"})
    assert english.writers.count() == 1

    writer_updates = [
        result.args_kwargs["args"]
        for result in queued_updates()
        if result.args_kwargs["args"][1] == "newsarticlewriter"
    ]
    assert writer_updates  # the writers' saves were queued
    existing = {str(pk) for pk in NewsArticleWriter.objects.values_list("pk", flat=True)}
    assert {pk for _app, _model, pk in writer_updates} <= existing
    for result in queued_updates():  # what the worker does with them
        update_reference_index_task.call(*result.args_kwargs["args"])

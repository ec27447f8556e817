"""Reference-index updates queued for objects that are gone before the task worker gets to them.

Wagtail queues ``update_reference_index_task`` on every save of a tracked model, inline objects
(a news article's writers, a course's organisers and facilitators) included, and the task fails
with DoesNotExist when the object has been deleted by the time the worker runs it. Every new
translation does that: ``copy_for_translation`` saves copies of the source's inline objects and
wagtail-localize replaces them with its synchronised copies in the same transaction (the demo
loader translates each article and course this way, hence the tracebacks of a first
``make run``). By then the deletion has removed the object's references (Wagtail's post_delete
handler) and the parent's own save has queued the parent's update, so the queued task has nothing
left to do: it is dropped while it still waits in the database queue, in the deleting transaction.
"""

from django.db.models.signals import post_delete, post_migrate, pre_migrate

from wagtail.models import ReferenceIndex
from wagtail.tasks import update_reference_index_task


def drop_queued_update(sender, instance, **kwargs):
    if sender not in ReferenceIndex.tracked_models:
        return
    from django_tasks_db import DatabaseBackend

    if not isinstance(update_reference_index_task.get_backend(), DatabaseBackend):
        return  # another queue (RQ) cannot be searched; its worker logs the failure
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.ready().filter(
        task_path=update_reference_index_task.module_path,
        args_kwargs__args=[sender._meta.app_label, sender._meta.model_name, str(instance.pk)],
    ).delete()


def connect(**kwargs):
    post_delete.connect(drop_queued_update, dispatch_uid="reference_index.drop_queued_update")


def disconnect(**kwargs):
    post_delete.disconnect(dispatch_uid="reference_index.drop_queued_update")


def connect_signals():
    """Off while migrations run, as Wagtail's own reference-index handlers are: the task table
    may not exist yet."""
    connect()
    pre_migrate.connect(disconnect, dispatch_uid="reference_index.pre_migrate")
    post_migrate.connect(connect, dispatch_uid="reference_index.post_migrate")

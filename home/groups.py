"""The editorial groups and the review workflow, kept in step with the code after every migrate.

Writers (Penulis) draft and submit; editors (Editor) review, publish and translate. Running this
again changes nothing, so it is safe as a post_migrate handler.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

WRITERS = "Penulis"
EDITORS = "Editor"
WORKFLOW_NAME = "Tinjauan Editor"
TASK_NAME = "Persetujuan Editor"

PAGE_PERMISSIONS = {
    WRITERS: ["add_page", "change_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
COLLECTION_PERMISSIONS = {
    WRITERS: [("wagtailimages", "image", ["add", "choose", "change"]), ("wagtaildocs", "document", ["add", "choose"])],
    EDITORS: [
        ("wagtailimages", "image", ["add", "choose", "change", "delete"]),
        ("wagtaildocs", "document", ["add", "choose", "change", "delete"]),
    ],
}
MODEL_PERMISSIONS = {
    WRITERS: [
        "wagtailadmin.access_admin",
        "home.add_person",
        "home.change_person",
        "home.view_person",
        "news.view_category",
    ],
    EDITORS: [
        "wagtailadmin.access_admin",
        "home.add_person",
        "home.change_person",
        "home.delete_person",
        "home.view_person",
        "news.add_category",
        "news.change_category",
        "news.delete_category",
        "news.view_category",
        "news.view_shortlink",
        "wagtail_localize.submit_translation",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ],
}


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_editorial_groups(sender, using="default", **kwargs):
    if sender.label != "home":
        return
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return

    with transaction.atomic(using=using):
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in (WRITERS, EDITORS)}
        for name, group in groups.items():
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=_permission(f"wagtailcore.{codename}")
                )
            for app_label, model, actions in COLLECTION_PERMISSIONS[name]:
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(f"{app_label}.{action}_{model}"),
                    )
            group.permissions.add(*[_permission(dotted) for dotted in MODEL_PERMISSIONS[name]])

        task, _created = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
        task.groups.set([groups[EDITORS]])
        workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})

"""Wagtail's starter "Editors"/"Moderators" groups and "Moderators approval" workflow sit
confusingly next to our "Penulis"/"Editor" groups and "Tinjauan Editor" workflow."""

from django.db import migrations


def remove_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    Workflow.objects.filter(name="Moderators approval").delete()
    Task.objects.filter(name="Moderators approval").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_images_pages_people"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(remove_defaults, migrations.RunPython.noop)]

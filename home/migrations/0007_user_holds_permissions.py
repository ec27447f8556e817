from django.db import migrations, models
from django.db.models import Q


def mark_holders(apps, schema_editor):
    """Existing users in a group or with a permission of their own hold permissions."""
    User = apps.get_model("home", "User")
    User.objects.filter(Q(groups__isnull=False) | Q(user_permissions__isnull=False)).update(holds_permissions=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_site_identity_lead_story_person_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="holds_permissions",
            field=models.BooleanField(default=False, editable=False, verbose_name="holds permissions"),
        ),
        migrations.RunPython(mark_holders, migrations.RunPython.noop),
    ]

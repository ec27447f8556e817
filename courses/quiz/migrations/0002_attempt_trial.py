from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_staff_trials(apps, schema_editor):
    """Attempts started in a course by someone with no enrolment there were staff trying the quiz out."""
    Attempt = apps.get_model("quiz", "Attempt")
    Enrolment = apps.get_model("courses", "Enrolment")
    enrolled = Enrolment.objects.filter(user_id=OuterRef("user_id"), course_key=OuterRef("course_key"))
    Attempt.objects.filter(course_key__isnull=False).exclude(Exists(enrolled)).update(trial=True)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("quiz", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="trial",
            field=models.BooleanField(
                default=False,
                help_text="Taken by course staff trying the quiz out; left out of results, analysis and exports.",
                verbose_name="staff trial",
            ),
        ),
        migrations.RunPython(mark_staff_trials, migrations.RunPython.noop),
    ]

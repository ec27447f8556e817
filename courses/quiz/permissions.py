"""Who manages the question bank and the quizzes, kept in step with the code after every migrate.

Editors (Editor) write and translate questions and quizzes. Marking, overrides, item analysis and
exports are not model permissions: they belong to a course's staff (`courses.access.is_course_staff`),
checked in `courses.quiz.admin_results` (and `admin_overrides`) for the course a quiz is placed in.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from home.groups import EDITORS

QUIZ_MODELS = ["questioncategory", "question", "quiz"]
EDITOR_QUIZ_PERMISSIONS = [
    f"quiz.{action}_{model}" for model in QUIZ_MODELS for action in ("add", "change", "delete", "view")
]


def ensure_quiz_permissions(sender, using="default", **kwargs):
    """post_migrate handler for the quiz app: idempotent, so it runs after every migrate."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    permissions = []
    for dotted in EDITOR_QUIZ_PERMISSIONS:
        app_label, codename = dotted.split(".")
        permissions.append(Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename))
    with transaction.atomic(using=using):
        editors, _created = Group.objects.using(using).get_or_create(name=EDITORS)
        editors.permissions.add(*permissions)

"""A database at the migrations of before the community moved out of the core migrates cleanly, keeping its data.

The forum and action plans moved from `courses` to `courses.community` without moving a row: the
tables keep their names, Django's state changes, and the content types follow the models. This
test takes the database back to the migrations as they were (courses 0004, no community app),
writes a forum thread and an action plan through the models of that time, migrates forward and
reads them back through today's models.
"""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("courses", "0004_certificate_template"), ("community", None)]


def migrate(targets):
    """Migrate the test database to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    return state.apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


# Serialized rollback restores the content types with their ids, so ContentType's cache stays true
# for the tests after this one. Clearing it here would make the next restore create content types
# behind the deserializer's back (a signal asking for one mid-restore) and fail on a duplicate.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forum_and_action_plans_survive_the_move_to_the_community_app(django_user_model):
    old_apps = migrate(BEFORE)
    assert not old_apps.is_installed("courses.community")
    user = django_user_model.objects.create(username="peserta", email="peserta@example.org")
    OldUser = old_apps.get_model("home", "User")
    OldThread = old_apps.get_model("courses", "ForumThread")
    OldPost = old_apps.get_model("courses", "ForumPost")
    OldPlan = old_apps.get_model("courses", "ActionPlan")
    author = OldUser.objects.get(pk=user.pk)
    course_key = "5b1d8f0e-6a34-4a2b-9f5e-0d3a9f1c2b11"
    thread = OldThread.objects.create(
        course_key=course_key, title="Peta jalan", author=author, last_post_at="2021-08-20T10:00Z"
    )
    OldPost.objects.create(thread=thread, author=author, body="Bagaimana memulai?")
    plan = OldPlan.objects.create(course_key=course_key, owner=author, title="Rencana Aksi Bappeda")
    plan.team.add(author)
    ContentType.objects.get_or_create(app_label="courses", model="forumthread")

    migrate(latest())

    from courses.community.models import ActionPlan, ForumPost, ForumThread

    moved = ForumThread.objects.get(pk=thread.pk)
    assert moved.title == "Peta jalan"
    assert ForumPost.objects.get(thread=moved).body == "Bagaimana memulai?"
    assert list(ActionPlan.objects.get(pk=plan.pk).team.values_list("pk", flat=True)) == [user.pk]
    assert ContentType.objects.filter(app_label="community", model="forumthread").count() == 1
    assert not ContentType.objects.filter(app_label="courses", model="forumthread").exists()
    assert ForumThread._meta.db_table == "courses_forumthread"

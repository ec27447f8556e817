"""The community's models move here from the courses core: the tables stay as they are (`db_table`).

Only Django's state learns the new app; the content types (and so permissions and log entries)
follow the models. `courses.0005_community_moved_out` takes them out of the core's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "actionplan",
    "actionplanversion",
    "actionplancomment",
    "forumthread",
    "forumpost",
    "forumsubscription",
    "threadreadstate",
]


def move_content_types(apps, schema_editor, source="courses", target="community"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="community", target="courses")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0004_certificate_template"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ActionPlan',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('course_key', models.UUIDField(db_index=True, verbose_name='course')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('problem', models.TextField(blank=True, verbose_name='problem')),
                    ('capital', models.TextField(blank=True, verbose_name='existing capital (modalitas)')),
                    ('objectives', models.TextField(blank=True, verbose_name='objectives')),
                    ('activities', models.JSONField(blank=True, default=list, verbose_name='activities and timeline')),
                    ('responsible_unit', models.CharField(blank=True, max_length=255, verbose_name='responsible unit')),
                    ('partners', models.TextField(blank=True, verbose_name='partners')),
                    ('indicators', models.TextField(blank=True, verbose_name='indicators')),
                    ('resources', models.TextField(blank=True, verbose_name='resources')),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted, waiting for the mentor'), ('revision', 'Revision requested'), ('approved', 'Approved')], default='draft', max_length=20, verbose_name='status')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='last submitted')),
                    ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='last decided')),
                    ('mentor', models.ForeignKey(blank=True, help_text='The course staff member who last decided on the plan.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='mentor')),
                    ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='action_plans', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                    ('team', models.ManyToManyField(blank=True, help_text='Fellow participants of the same OPD who draft the plan together.', related_name='team_action_plans', to=settings.AUTH_USER_MODEL, verbose_name='team')),
                ],
                options={
                    'verbose_name': 'action plan',
                    'verbose_name_plural': 'action plans',
                    'db_table': 'courses_actionplan',
                },
            ),
            migrations.CreateModel(
                name='ActionPlanVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveIntegerField(verbose_name='version')),
                    ('snapshot', models.JSONField(verbose_name='content')),
                    ('submitted_at', models.DateTimeField(auto_now_add=True, verbose_name='submitted')),
                    ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='community.actionplan', verbose_name='plan')),
                    ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                ],
                options={
                    'verbose_name': 'action plan version',
                    'verbose_name_plural': 'action plan versions',
                    'db_table': 'courses_actionplanversion',
                    'ordering': ['plan', 'number'],
                },
            ),
            migrations.CreateModel(
                name='ActionPlanComment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('comment', 'Comment'), ('revision', 'Revision requested'), ('approval', 'Approved')], default='comment', max_length=20, verbose_name='kind')),
                    ('body', models.TextField(blank=True, verbose_name='comment')),
                    ('by_staff', models.BooleanField(default=False, verbose_name='by course staff')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='written')),
                    ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                    ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='community.actionplanversion', verbose_name='version')),
                ],
                options={
                    'verbose_name': 'action plan comment',
                    'verbose_name_plural': 'action plan comments',
                    'db_table': 'courses_actionplancomment',
                    'ordering': ['created_at', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='ForumThread',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('course_key', models.UUIDField(db_index=True, verbose_name='course')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                    ('last_post_at', models.DateTimeField(db_index=True, verbose_name='last post')),
                    ('reply_count', models.PositiveIntegerField(default=0, verbose_name='replies')),
                    ('is_pinned', models.BooleanField(default=False, verbose_name='pinned')),
                    ('is_locked', models.BooleanField(default=False, help_text='No new replies.', verbose_name='locked')),
                    ('is_hidden', models.BooleanField(default=False, help_text='Only course staff see it.', verbose_name='hidden')),
                    ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='forum_threads', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ],
                options={
                    'verbose_name': 'forum thread',
                    'verbose_name_plural': 'forum threads',
                    'db_table': 'courses_forumthread',
                },
            ),
            migrations.CreateModel(
                name='ForumSubscription',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='forum_subscriptions', to=settings.AUTH_USER_MODEL)),
                    ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='community.forumthread')),
                ],
                options={
                    'verbose_name': 'forum subscription',
                    'verbose_name_plural': 'forum subscriptions',
                    'db_table': 'courses_forumsubscription',
                },
            ),
            migrations.CreateModel(
                name='ForumPost',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('body', models.TextField(verbose_name='message')),
                    ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='posted')),
                    ('edited_at', models.DateTimeField(blank=True, null=True, verbose_name='edited')),
                    ('is_hidden', models.BooleanField(default=False, verbose_name='hidden')),
                    ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='forum_posts', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                    ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='community.forumthread', verbose_name='thread')),
                ],
                options={
                    'verbose_name': 'forum post',
                    'verbose_name_plural': 'forum posts',
                    'db_table': 'courses_forumpost',
                },
            ),
            migrations.CreateModel(
                name='ThreadReadState',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('last_read_at', models.DateTimeField()),
                    ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='read_states', to='community.forumthread')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='thread_read_states', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'thread read state',
                    'verbose_name_plural': 'thread read states',
                    'db_table': 'courses_threadreadstate',
                },
            ),
            migrations.AddIndex(
                model_name='actionplan',
                index=models.Index(fields=['course_key', 'status'], name='courses_act_course__a289fc_idx'),
            ),
            migrations.AddConstraint(
                model_name='actionplan',
                constraint=models.UniqueConstraint(fields=('owner', 'course_key'), name='courses_one_action_plan_per_owner'),
            ),
            migrations.AddConstraint(
                model_name='actionplanversion',
                constraint=models.UniqueConstraint(fields=('plan', 'number'), name='courses_action_plan_version_once'),
            ),
            migrations.AddIndex(
                model_name='forumthread',
                index=models.Index(fields=['course_key', 'is_pinned', 'last_post_at'], name='courses_for_course__07ab67_idx'),
            ),
            migrations.AddConstraint(
                model_name='forumsubscription',
                constraint=models.UniqueConstraint(fields=('thread', 'user'), name='courses_one_subscription_per_thread'),
            ),
            migrations.AddIndex(
                model_name='forumpost',
                index=models.Index(fields=['thread', 'created_at'], name='courses_for_thread__054885_idx'),
            ),
            migrations.AddConstraint(
                model_name='threadreadstate',
                constraint=models.UniqueConstraint(fields=('thread', 'user'), name='courses_one_read_state_per_thread'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

"""The learning forum (forum komunikasi dan belajar) of a course: threads, posts, who follows and who read what.

Keyed to the course's translation key like enrolments, so the Indonesian and English course pages
share one forum. The rules (who may read, post, edit and moderate) live in `courses.community.permissions` and `courses.community.forum`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ForumThreadQuerySet(models.QuerySet):
    def for_course(self, course):
        return self.filter(course_key=course.course_key)

    def visible(self):
        return self.filter(is_hidden=False)


class ForumThread(models.Model):
    """A discussion: its opening words are its first post."""

    course_key = models.UUIDField(_("course"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False, help_text=_("No new replies."))
    is_hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Only course staff see it."))

    objects = ForumThreadQuerySet.as_manager()

    class Meta:
        db_table = "courses_forumthread"  # kept from when the community was part of the core
        verbose_name = _("forum thread")
        verbose_name_plural = _("forum threads")
        indexes = [models.Index(fields=["course_key", "is_pinned", "last_post_at"])]

    def __str__(self):
        return self.title


class ForumPost(models.Model):
    """One message; the body is the participant's plain text, rendered safely by `courses.community.forum.render_body`."""

    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        db_table = "courses_forumpost"  # kept from when the community was part of the core
        verbose_name = _("forum post")
        verbose_name_plural = _("forum posts")
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self):
        return f"{self.thread_id} · {self.created_at:%Y-%m-%d %H:%M}"


class ForumSubscription(models.Model):
    """Someone who is e-mailed about new replies in a thread."""

    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "courses_forumsubscription"  # kept from when the community was part of the core
        verbose_name = _("forum subscription")
        verbose_name_plural = _("forum subscriptions")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="courses_one_subscription_per_thread")]


class ThreadReadState(models.Model):
    """How far a reader has read a thread: posts after `last_read_at` are unread for them."""

    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_read_states")
    last_read_at = models.DateTimeField()

    class Meta:
        db_table = "courses_threadreadstate"  # kept from when the community was part of the core
        verbose_name = _("thread read state")
        verbose_name_plural = _("thread read states")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="courses_one_read_state_per_thread")]

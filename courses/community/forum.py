"""The rules of a course's learning forum: posting, editing and moderating; safe rendering; unread counts.

Enrolled (active) participants and the course's staff read and post; staff (facilitators of that
course, editors, admins) also pin, lock, hide and delete. Authors may edit a post for
`permissions.EDIT_WINDOW` after writing it. Participants write plain text: `render_body` escapes it, turns
addresses into links and paragraphs, lists and quotes into a few tags, and nh3 (Ammonia) has the
last word on what HTML may leave the server.
"""

import re

import nh3

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from courses.access import is_course_staff
from courses.choices import EnrolmentStatus
from courses.community import permissions
from courses.community.choices import ForumModeration
from courses.community.models import ForumPost, ForumSubscription, ForumThread, ThreadReadState
from courses.emails import course_in, notification_language, send_notifications
from courses.models import CourseFacilitator, Enrolment

MAX_POST_LENGTH = 10_000
MAX_TITLE_LENGTH = 200
THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"

THREAD_ACTIONS = {
    ForumModeration.PIN,
    ForumModeration.UNPIN,
    ForumModeration.LOCK,
    ForumModeration.UNLOCK,
    ForumModeration.HIDE,
    ForumModeration.UNHIDE,
    ForumModeration.DELETE,
}
POST_ACTIONS = {ForumModeration.HIDE, ForumModeration.UNHIDE, ForumModeration.DELETE}


class ForumError(Exception):
    """A participant-facing reason why a forum action cannot happen."""


# Rendering ------------------------------------------------------------------------------------

LINK = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"']+)|(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)", re.IGNORECASE
)
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
BULLET = re.compile(r"^\s*[-*•]\s+")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
QUOTE = re.compile(r"^\s*>\s?")
TRAILING_PUNCTUATION = ".,;:!?"
MAX_QUOTE_DEPTH = 5


def sanitise(html):
    """Only the forum's few tags, links to http(s) and mailto, each with rel="nofollow noopener"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
    )


def _link(match):
    if match.group("email"):
        address = match.group("email")
        return f'<a href="mailto:{escape(address)}">{escape(address)}</a>', ""
    url, trailing = match.group("url"), ""
    while url and (url[-1] in TRAILING_PUNCTUATION or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url, trailing = url[:-1], url[-1] + trailing
    href = url if "://" in url else f"https://{url}"
    return f'<a href="{escape(href)}">{escape(url)}</a>', trailing


def _inline(text):
    """Escape a line of plain text, link its addresses and embolden **words**."""
    parts, position = [], 0
    for match in LINK.finditer(text):
        parts.append(BOLD.sub(r"<strong>\1</strong>", escape(text[position : match.start()])))
        anchor, trailing = _link(match)
        parts.append(anchor + escape(trailing))
        position = match.end()
    parts.append(BOLD.sub(r"<strong>\1</strong>", escape(text[position:])))
    return "".join(parts)


def _block(lines):
    """A block of lines as a list, quote or paragraph; quotes nest `MAX_QUOTE_DEPTH` deep at most.

    Deeper markers stay as text: one post of 4,900 "> " must not cost a recursion per level, in this
    code or in the HTML parser after it.
    """
    depth = 0
    while depth < MAX_QUOTE_DEPTH and all(QUOTE.match(line) for line in lines):
        lines = [QUOTE.sub("", line, count=1) for line in lines]
        depth += 1
    if all(BULLET.match(line) for line in lines):
        items = "".join(f"<li>{_inline(BULLET.sub('', line))}</li>" for line in lines)
        inner = f"<ul>{items}</ul>"
    elif all(NUMBERED.match(line) for line in lines):
        items = "".join(f"<li>{_inline(NUMBERED.sub('', line))}</li>" for line in lines)
        inner = f"<ol>{items}</ol>"
    else:
        inner = "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"
    return "<blockquote>" * depth + inner + "</blockquote>" * depth


def render_body(text):
    """A post's plain text as safe HTML: paragraphs, line breaks, lists, quotes, links and **bold**."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block for block in re.split(r"\n\s*\n", text) if block.strip()]
    html = "".join(_block([line.rstrip() for line in block.strip("\n").split("\n")]) for block in blocks)
    return mark_safe(sanitise(html))  # noqa: S308 — nh3 has just sanitised it


# Writing --------------------------------------------------------------------------------------


def subscribe(thread, user):
    ForumSubscription.objects.get_or_create(thread=thread, user=user)


def unsubscribe(thread, user):
    ForumSubscription.objects.filter(thread=thread, user=user).delete()


def is_subscribed(thread, user):
    return ForumSubscription.objects.filter(thread=thread, user=user).exists()


def start_thread(course, access, title, body, follow=True):
    """A new thread with its opening post; its author follows it unless they say otherwise."""
    if not permissions.can_post(access):
        raise ForumError(_("Only participants and staff of this course can write in its forum."))
    now = timezone.now()
    with transaction.atomic():
        thread = ForumThread.objects.create(
            course_key=course.course_key, title=title.strip(), author=access.user, last_post_at=now
        )
        post = ForumPost.objects.create(thread=thread, author=access.user, body=body)
        ThreadReadState.objects.create(thread=thread, user=access.user, last_read_at=post.created_at)
        if follow:
            subscribe(thread, access.user)
    return thread


def reply(thread, access, body, follow=False):
    if not permissions.can_post(access, thread):
        raise ForumError(_("This thread is locked: no new replies."))
    with transaction.atomic():
        post = ForumPost.objects.create(thread=thread, author=access.user, body=body)
        ForumThread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at, reply_count=F("reply_count") + 1)
        mark_read(thread, access.user, post.created_at)
        if follow:
            subscribe(thread, access.user)
        transaction.on_commit(lambda: notify_reply(post.pk))
    return post


def edit_post(post, access, body, now=None):
    if not permissions.can_edit_post(access, post, now):
        raise ForumError(_("This message can no longer be edited."))
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    return post


def _refresh_thread(thread):
    """Reply count and last activity from the visible posts, after a moderator hid or removed one."""
    figures = thread.posts.filter(is_hidden=False).aggregate(count=Count("pk"), last=Max("created_at"))
    thread.reply_count = max((figures["count"] or 0) - 1, 0)
    thread.last_post_at = figures["last"] or thread.created_at
    thread.save(update_fields=["reply_count", "last_post_at"])


def opening_post(thread):
    return thread.posts.order_by("created_at", "pk").first()


def moderate_thread(thread, access, action):
    """Pin, lock, hide or delete a whole thread. Returns the thread, or None once deleted."""
    if not permissions.can_moderate(access):
        raise ForumError(_("Only the staff of this course can moderate its forum."))
    if action not in THREAD_ACTIONS:
        raise ForumError(_("Unknown moderation action."))
    if action == ForumModeration.DELETE:
        thread.delete()
        return None
    field, value = {
        ForumModeration.PIN: ("is_pinned", True),
        ForumModeration.UNPIN: ("is_pinned", False),
        ForumModeration.LOCK: ("is_locked", True),
        ForumModeration.UNLOCK: ("is_locked", False),
        ForumModeration.HIDE: ("is_hidden", True),
        ForumModeration.UNHIDE: ("is_hidden", False),
    }[action]
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    return thread


def moderate_post(post, access, action):
    """Hide, show or delete a reply; the opening post goes with its thread (see `moderate_thread`)."""
    if not permissions.can_moderate(access):
        raise ForumError(_("Only the staff of this course can moderate its forum."))
    if action not in POST_ACTIONS:
        raise ForumError(_("Unknown moderation action."))
    thread = post.thread
    if opening_post(thread).pk == post.pk:
        return moderate_thread(thread, access, action)
    if action == ForumModeration.DELETE:
        post.delete()
    else:
        post.is_hidden = action == ForumModeration.HIDE
        post.save(update_fields=["is_hidden"])
    _refresh_thread(thread)
    return thread


# Reading --------------------------------------------------------------------------------------


def threads_for(course, access, user):
    """The course's threads for a listing: pinned first, then by last activity, each knowing if it is new."""
    threads = ForumThread.objects.for_course(course).select_related("author__participant_profile")
    if not access.staff:
        threads = threads.visible()
    last_read = ThreadReadState.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_at")[:1]
    return threads.annotate(last_read_at=Subquery(last_read)).order_by("-is_pinned", "-last_post_at", "-pk")


def posts_for(thread):
    """Posts oldest first; participants see hidden ones as a placeholder, so the template gets them all."""
    return thread.posts.select_related("author__participant_profile").order_by("created_at", "pk")


def staff_ids(course):
    """Users named as the course's facilitators, to label their posts (one query)."""
    return set(
        CourseFacilitator.objects.filter(page__translation_key=course.course_key).values_list("user_id", flat=True)
    )


def page_of(post):
    """The number of the thread page that shows `post`."""
    earlier = ForumPost.objects.filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk), thread_id=post.thread_id
    ).count()
    return earlier // POSTS_PER_PAGE + 1


def mark_read(thread, user, up_to):
    """Move the reader's mark forward to `up_to`, never back: two queries at most."""
    if up_to is None:
        return
    if ThreadReadState.objects.filter(thread=thread, user=user, last_read_at__lt=up_to).update(last_read_at=up_to):
        return
    ThreadReadState.objects.get_or_create(thread=thread, user=user, defaults={"last_read_at": up_to})


def unread_replies_by_course(user, course_keys):
    """{course_key: replies by others, in threads `user` follows, written since they last read them}, one query."""
    last_read = ThreadReadState.objects.filter(thread=OuterRef("thread"), user=user).values("last_read_at")[:1]
    rows = (
        ForumPost.objects.filter(
            thread__course_key__in=list(course_keys),
            thread__is_hidden=False,
            thread__subscriptions__user=user,
            is_hidden=False,
        )
        .exclude(author=user)
        # Never read: unread since they followed it (the subscription joined above, one per thread and user).
        .annotate(seen=Coalesce(Subquery(last_read), F("thread__subscriptions__created_at")))
        .filter(created_at__gt=F("seen"))
        .order_by()
        .values_list("thread__course_key")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


# E-mail ---------------------------------------------------------------------------------------


def reply_recipients(post):
    """Followers of the thread who may still read it, except the one who wrote the reply."""
    thread = post.thread
    followers = [
        subscription.user
        for subscription in ForumSubscription.objects.filter(thread=thread).select_related("user")
        if subscription.user_id != post.author_id
    ]
    if not followers:
        return []
    course = course_in(thread.course_key, notification_language())
    active = set(
        Enrolment.objects.filter(
            course_key=thread.course_key, user__in=followers, status=EnrolmentStatus.APPROVED
        ).values_list("user_id", flat=True)
    )
    return [user for user in followers if user.pk in active or (course and is_course_staff(user, course))]


def notify_reply(post_id):
    post = ForumPost.objects.select_related("thread", "author__participant_profile").filter(pk=post_id).first()
    if post is None or post.is_hidden or post.thread.is_hidden:
        return 0
    return send_notifications(
        reply_recipients(post),
        post.thread.course_key,
        "community/emails/forum_reply_subject.txt",
        "community/emails/forum_reply.txt",
        {"post": post, "thread": post.thread, "author": display_name(post.author), "page": page_of(post)},
    )


def display_name(user):
    """The name other participants see: the profile's full name, else the username, never the e-mail."""
    if user is None:
        return _("Former participant")
    profile = getattr(user, "participant_profile", None)
    return name_shown(profile and profile.full_name, user.first_name, user.last_name, user.get_username())


def name_shown(full_name, first_name, last_name, username):
    """`display_name` from a user's columns, for names read with a query's values."""
    if username is None:
        return _("Former participant")
    return full_name or f"{first_name or ''} {last_name or ''}".strip() or username.split("@")[0]

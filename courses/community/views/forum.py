"""The forum's pages: a course's threads, a thread with its replies, following, editing, moderating.

The rules are in `courses.community.forum`, who may do what in `courses.community.permissions`.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.access import forbidden
from courses.community import forum, permissions
from courses.community.choices import ForumModeration
from courses.community.forms import (
    PostEditForm,
    ReplyForm,
    ThreadForm,
)
from courses.community.models import ForumPost, ForumThread
from courses.community.views.base import member_view
from home.pagination import paginate
from home.security import RateLimit, too_many

POST_LIMIT = RateLimit("forum-post", "FORUM_POST_RATE_LIMIT")


def _posting_too_fast(request, form):
    """The seconds to wait when the user or address has posted too much (the reason added to
    `form`'s body), else None; counts this post when it is let through and valid."""
    seconds = POST_LIMIT.retry_after(request)
    if seconds:
        message = _("You are posting too fast. Please wait %(seconds)s seconds and post again.")
        form.add_error("body", message % {"seconds": seconds})
    elif form.is_valid():
        POST_LIMIT.hit(request)
    return seconds


def forum_url(course, *parts, name="community_forum"):
    return reverse(name, args=[course.course_key, *parts])


# Forum ----------------------------------------------------------------------------------------


@require_GET
@member_view
def forum_index(request, course, access):
    page_obj = paginate(request, forum.threads_for(course, access, request.user), forum.THREADS_PER_PAGE)
    rows = [
        {
            "thread": thread,
            "author": forum.display_name(thread.author),
            "is_new": thread.last_read_at is None or thread.last_post_at > thread.last_read_at,
            "url": forum_url(course, thread.pk, name="community_thread"),
        }
        for thread in page_obj.object_list
    ]
    return render(
        request,
        "community/forum_index.html",
        {"course": course, "access": access, "page_obj": page_obj, "rows": rows},
    )


@require_http_methods(["GET", "POST"])
@member_view
def thread_new(request, course, access):
    form = ThreadForm(request.POST or None)
    seconds = _posting_too_fast(request, form) if request.method == "POST" else None
    if seconds:
        context = {"course": course, "access": access, "form": form}
        return too_many(render(request, "community/forum_thread_form.html", context, status=429), seconds)
    if request.method == "POST" and form.is_valid():
        thread = forum.start_thread(
            course, access, form.cleaned_data["title"], form.cleaned_data["body"], follow=form.cleaned_data["follow"]
        )
        messages.success(request, _("Your thread is posted."))
        return redirect(forum_url(course, thread.pk, name="community_thread"))
    status = 400 if request.method == "POST" else 200
    context = {"course": course, "access": access, "form": form}
    return render(request, "community/forum_thread_form.html", context, status=status)


def _thread_or_404(course, access, thread_id):
    thread = get_object_or_404(ForumThread, pk=thread_id, course_key=course.course_key)
    if not permissions.can_see_thread(access, thread):
        raise Http404
    return thread


def _post_url(course, post):
    """The thread page that shows `post`, anchored at it."""
    page = forum.page_of(post)
    query = f"?{urlencode({'page': page})}" if page > 1 else ""
    return f"{forum_url(course, post.thread_id, name='community_thread')}{query}#post-{post.pk}"


def _render_thread(request, course, access, thread, reply_form=None, status=200):
    page_obj = paginate(request, forum.posts_for(thread), forum.POSTS_PER_PAGE)
    posts = list(page_obj.object_list)
    if posts:
        forum.mark_read(thread, request.user, max(post.created_at for post in posts))
    staff_ids = forum.staff_ids(course)
    now = timezone.now()
    first_on_page = (page_obj.number - 1) * forum.POSTS_PER_PAGE
    rows = []
    for index, post in enumerate(posts):
        is_opening = first_on_page + index == 0
        rows.append(
            {
                "post": post,
                "author": forum.display_name(post.author),
                "by_staff": post.author_id in staff_ids or bool(post.author and post.author.is_superuser),
                "show_body": not post.is_hidden or access.staff,
                "html": forum.render_body(post.body) if not post.is_hidden or access.staff else "",
                "is_opening": is_opening,
                "can_edit": permissions.can_edit_post(access, post, now),
                "edit_url": forum_url(course, post.pk, name="community_post_edit"),
                "moderate_url": forum_url(course, post.pk, name="community_post_moderate"),
            }
        )
    can_reply = permissions.can_post(access, thread)
    context = {
        "course": course,
        "access": access,
        "thread": thread,
        "page_obj": page_obj,
        "rows": rows,
        "can_reply": can_reply,
        "reply_form": reply_form or (ReplyForm() if can_reply else None),
        "subscribed": forum.is_subscribed(thread, request.user),
        "edit_minutes": int(permissions.EDIT_WINDOW.total_seconds() // 60),
        "thread_actions": _thread_actions(thread) if access.staff else [],
    }
    return render(request, "community/forum_thread.html", context, status=status)


def _thread_actions(thread):
    return [
        (ForumModeration.UNPIN if thread.is_pinned else ForumModeration.PIN),
        (ForumModeration.UNLOCK if thread.is_locked else ForumModeration.LOCK),
        (ForumModeration.UNHIDE if thread.is_hidden else ForumModeration.HIDE),
        ForumModeration.DELETE,
    ]


@require_GET
@member_view
def thread_detail(request, course, access, thread_id):
    return _render_thread(request, course, access, _thread_or_404(course, access, thread_id))


@require_POST
@member_view
def thread_reply(request, course, access, thread_id):
    thread = _thread_or_404(course, access, thread_id)
    if not permissions.can_post(access, thread):
        return forbidden(request, course=course, reason=_("This thread is locked: no new replies."))
    form = ReplyForm(request.POST)
    seconds = _posting_too_fast(request, form)
    if seconds:
        return too_many(_render_thread(request, course, access, thread, reply_form=form, status=429), seconds)
    if not form.is_valid():
        return _render_thread(request, course, access, thread, reply_form=form, status=400)
    post = forum.reply(thread, access, form.cleaned_data["body"], follow=form.cleaned_data["follow"])
    messages.success(request, _("Your reply is posted."))
    return redirect(_post_url(course, post))


@require_POST
@member_view
def thread_follow(request, course, access, thread_id):
    thread = _thread_or_404(course, access, thread_id)
    if request.POST.get("follow") == "1":
        forum.subscribe(thread, request.user)
        messages.success(request, _("You will be e-mailed about new replies in this thread."))
    else:
        forum.unsubscribe(thread, request.user)
        messages.success(request, _("You will no longer be e-mailed about this thread."))
    return redirect(forum_url(course, thread.pk, name="community_thread"))


@require_POST
@member_view
def thread_moderate(request, course, access, thread_id):
    if not permissions.can_moderate(access):
        return forbidden(request, course=course, reason=_("Only the staff of this course can moderate its forum."))
    thread = get_object_or_404(ForumThread, pk=thread_id, course_key=course.course_key)
    try:
        result = forum.moderate_thread(thread, access, request.POST.get("action", ""))
    except forum.ForumError as error:
        messages.error(request, str(error))
        return redirect(forum_url(course, thread.pk, name="community_thread"))
    if result is None:
        messages.success(request, _("The thread is deleted."))
        return redirect(forum_url(course))
    messages.success(request, _("Done: %(action)s.") % {"action": ForumModeration(request.POST["action"]).label})
    return redirect(forum_url(course, thread.pk, name="community_thread"))


@require_POST
@member_view
def post_moderate(request, course, access, post_id):
    if not permissions.can_moderate(access):
        return forbidden(request, course=course, reason=_("Only the staff of this course can moderate its forum."))
    post = get_object_or_404(
        ForumPost.objects.select_related("thread"), pk=post_id, thread__course_key=course.course_key
    )
    next_url = _post_url(course, post)
    try:
        thread = forum.moderate_post(post, access, request.POST.get("action", ""))
    except forum.ForumError as error:
        messages.error(request, str(error))
        return redirect(next_url)
    if thread is None:
        messages.success(request, _("The thread is deleted."))
        return redirect(forum_url(course))
    messages.success(request, _("Done: %(action)s.") % {"action": ForumModeration(request.POST["action"]).label})
    if request.POST["action"] == ForumModeration.DELETE:
        return redirect(forum_url(course, thread.pk, name="community_thread"))
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
@member_view
def post_edit(request, course, access, post_id):
    post = get_object_or_404(
        ForumPost.objects.select_related("thread"), pk=post_id, thread__course_key=course.course_key
    )
    if not permissions.can_see_thread(access, post.thread):
        raise Http404
    if not permissions.can_edit_post(access, post):
        minutes = int(permissions.EDIT_WINDOW.total_seconds() // 60)
        return forbidden(
            request,
            _("You can edit your own messages for %(minutes)s minutes after posting them.") % {"minutes": minutes},
            course=course,
        )
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            forum.edit_post(post, access, form.cleaned_data["body"])
        except forum.ForumError as error:
            return forbidden(request, course=course, reason=str(error))
        messages.success(request, _("Your message is updated."))
        return redirect(_post_url(course, post))
    status = 400 if request.method == "POST" else 200
    context = {
        "course": course,
        "access": access,
        "form": form,
        "post": post,
        "deadline": permissions.edit_deadline(post),
    }
    return render(request, "community/forum_post_edit.html", context, status=status)

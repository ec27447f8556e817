"""The learning community's pages: a course's forum, the participant's action plan and the mentors' pages.

URLs carry the course's translation key (`/<lang>/learning/<course_key>/…`), so both languages
share one forum and one set of plans. Every view first resolves the course and the visitor's
`CourseAccess`: anonymous visitors are sent to log in, everyone else who is neither an active
participant nor on the course's staff gets a 403 page that shows nothing of the course's
community. The rules themselves are in `courses.community.forum` and `courses.community.action_plans`, who may do what in `courses.community.permissions`.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wagtail.models import Locale

from courses.access import course_access, forbidden
from courses.community import action_plans, forum, permissions
from courses.community.choices import ActionPlanCommentKind, ActionPlanStatus, ForumModeration
from courses.community.forms import (
    ActionPlanForm,
    CommentForm,
    DecisionForm,
    PostEditForm,
    ReplyForm,
    TeamMemberForm,
    ThreadForm,
    activity_formset,
)
from courses.community.models import ActionPlan, ActionPlanComment, ForumPost, ForumThread
from courses.community.pdf import build_action_plan_pdf
from courses.dashboard import localized_courses
from home.pagination import paginate

MENTOR_PLANS_PER_PAGE = 20


def course_or_404(course_key):
    course = localized_courses([course_key], Locale.get_active()).get(course_key)
    if course is None:
        raise Http404
    return course


NOT_MEMBERS = _("The forum and the action plans of this training are for its enrolled participants and its staff.")


def member_view(view):
    """Resolve the course; only its active participants and its staff get through."""

    @wraps(view)
    def wrapped(request, course_key, *args, **kwargs):
        course = course_or_404(course_key)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access = course_access(request.user, course)
        if not access.is_member:
            return forbidden(request, NOT_MEMBERS, course=course)
        return view(request, course, access, *args, **kwargs)

    return wrapped


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


# Action plans: the participant's side ----------------------------------------------------------


def plan_url(course, plan=None, *, name):
    return (
        reverse(name, args=[course.course_key, plan.pk])
        if plan is not None
        else reverse(name, args=[course.course_key])
    )


@require_http_methods(["GET", "POST"])
@member_view
def my_plan(request, course, access):
    if not access.participant:
        return redirect(plan_url(course, name="community_mentor_plans"))
    plan = action_plans.start_plan(course, access)
    editable = plan.pk is None or permissions.can_edit_plan(access, plan)
    form = ActionPlanForm(request.POST or None, instance=plan)
    formset = activity_formset(plan, request.POST or None)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This action plan cannot be changed now."))
            return redirect(plan_url(course, name="community_my_plan"))
        if form.is_valid() and formset.is_valid():
            activities = [row for row in formset.cleaned_data if row]
            action_plans.save_draft(plan, access, form.cleaned_data, activities)
            if "submit" in request.POST:
                try:
                    version = action_plans.submit(plan, access)
                except action_plans.ActionPlanError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        _("Version %(number)s is submitted to your mentor. You will be e-mailed about their answer.")
                        % {"number": version.number},
                    )
            else:
                messages.success(request, _("Your draft is saved."))
            return redirect(plan_url(course, name="community_my_plan"))
    versions = list(plan.versions.order_by("-number")) if plan.pk else []
    latest_comments = []
    if versions:
        latest_comments = list(
            ActionPlanComment.objects.filter(version__plan=plan)
            .select_related("author__participant_profile", "version")
            .order_by("-created_at", "-pk")[:3]
        )
    is_owner = plan.owner_id == request.user.pk
    context = {
        "course": course,
        "access": access,
        "plan": plan,
        "editable": editable,
        "form": form,
        "formset": formset,
        "versions": versions,
        "latest_comments": [
            {"comment": comment, "author": forum.display_name(comment.author)} for comment in latest_comments
        ],
        "team": [
            {"user": user, "name": forum.display_name(user)} for user in plan.team.select_related("participant_profile")
        ]
        if plan.pk
        else [],
        "is_owner": is_owner,
        "team_form": TeamMemberForm() if is_owner and plan.pk and plan.is_editable else None,
        "owner_name": forum.display_name(plan.owner),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "community/action_plan.html", context, status=status)


@require_POST
@member_view
def plan_team(request, course, access):
    plan = action_plans.plan_for(request.user, course)
    if plan is None:
        return redirect(plan_url(course, name="community_my_plan"))
    try:
        if request.POST.get("remove"):
            action_plans.remove_member(plan, access, int(request.POST["remove"]))
            messages.success(request, _("The team is updated."))
        else:
            form = TeamMemberForm(request.POST)
            if not form.is_valid():
                raise action_plans.ActionPlanError(_("Enter a valid e-mail address."))
            member = action_plans.add_member(plan, access, form.cleaned_data["email"])
            messages.success(request, _("%(name)s has joined the plan's team.") % {"name": forum.display_name(member)})
    except (action_plans.ActionPlanError, ValueError) as error:
        messages.error(request, str(error))
    return redirect(plan_url(course, name="community_my_plan"))


# Action plans: shared by members and mentors ---------------------------------------------------


def _plan_or_403(request, course, access, plan_id):
    plan = get_object_or_404(
        ActionPlan.objects.select_related("owner__participant_profile", "mentor__participant_profile"),
        pk=plan_id,
        course_key=course.course_key,
    )
    if not permissions.can_view_plan(access, plan):
        return plan, forbidden(
            request, course=course, reason=_("Only the plan's team and the course's mentors can see it.")
        )
    return plan, None


def _version_number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
@member_view
def plan_detail(request, course, access, plan_id):
    plan, denied = _plan_or_403(request, course, access, plan_id)
    if denied:
        return denied
    return _render_plan_detail(request, course, access, plan)


def _render_plan_detail(request, course, access, plan, comment_form=None, decision_form=None, status=200):
    versions = list(plan.versions.select_related("submitted_by__participant_profile").order_by("number"))
    wanted = _version_number(request.GET.get("version"))
    version = next((v for v in versions if v.number == wanted), versions[-1] if versions else None)
    comments = []
    if version is not None:
        comments = [
            {"comment": comment, "author": forum.display_name(comment.author)}
            for comment in version.comments.select_related("author__participant_profile")
        ]
    team = list(plan.team.select_related("participant_profile"))
    context = {
        "course": course,
        "access": access,
        "plan": plan,
        "owner_name": forum.display_name(plan.owner),
        "mentor_name": forum.display_name(plan.mentor) if plan.mentor else "",
        "team": [forum.display_name(user) for user in team],
        "versions": versions,
        "version": version,
        "organisation": getattr(getattr(plan.owner, "participant_profile", None), "organisation", ""),
        "sections": action_plans.sections(version.snapshot) if version else [],
        "comments": comments,
        "comment_form": comment_form
        or (CommentForm(initial={"version": version.number}) if version is not None else None),
        "decision_form": decision_form or (DecisionForm() if permissions.can_decide_on_plan(access, plan) else None),
        "is_latest": version is not None and version == versions[-1],
        "can_export": permissions.can_export_plan(access, plan),
        "is_member": plan.owner_id == request.user.pk or any(user.pk == request.user.pk for user in team),
    }
    return render(request, "community/action_plan_detail.html", context, status=status)


@require_POST
@member_view
def plan_comment(request, course, access, plan_id):
    plan, denied = _plan_or_403(request, course, access, plan_id)
    if denied:
        return denied
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_plan_detail(request, course, access, plan, comment_form=form, status=400)
    version = get_object_or_404(plan.versions, number=form.cleaned_data["version"])
    try:
        action_plans.add_comment(plan, access, version, form.cleaned_data["body"])
    except action_plans.ActionPlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your comment is posted."))
    url = plan_url(course, plan, name="community_plan")
    return redirect(f"{url}?{urlencode({'version': version.number})}#comments")


@require_POST
@member_view
def plan_decide(request, course, access, plan_id):
    plan, denied = _plan_or_403(request, course, access, plan_id)
    if denied:
        return denied
    if not access.staff:
        return forbidden(request, course=course, reason=_("Only the course's mentors decide on action plans."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_plan_detail(request, course, access, plan, decision_form=form, status=400)
    try:
        if form.cleaned_data["decision"] == ActionPlanCommentKind.APPROVAL:
            action_plans.approve(plan, access, course, form.cleaned_data["body"])
            messages.success(request, _("The plan is approved and its team has been e-mailed."))
        else:
            action_plans.request_revision(plan, access, form.cleaned_data["body"])
            messages.success(request, _("A revision is requested and the plan's team has been e-mailed."))
    except action_plans.ActionPlanError as error:
        messages.error(request, str(error))
    return redirect(plan_url(course, plan, name="community_plan"))


@require_GET
@member_view
def plan_compare(request, course, access, plan_id):
    plan, denied = _plan_or_403(request, course, access, plan_id)
    if denied:
        return denied
    versions = list(plan.versions.order_by("number"))
    if len(versions) < 2:
        messages.info(request, _("There is only one version so far: nothing to compare yet."))
        return redirect(plan_url(course, plan, name="community_plan"))
    by_number = {version.number: version for version in versions}
    new = by_number.get(_version_number(request.GET.get("to"))) or versions[-1]
    old = by_number.get(_version_number(request.GET.get("from"))) or versions[-2]
    context = {
        "course": course,
        "access": access,
        "plan": plan,
        "versions": versions,
        "old": old,
        "new": new,
        "diffs": action_plans.compare(old, new),
    }
    return render(request, "community/action_plan_compare.html", context)


@require_GET
@member_view
def plan_pdf(request, course, access, plan_id):
    plan, denied = _plan_or_403(request, course, access, plan_id)
    if denied:
        return denied
    if not permissions.can_export_plan(access, plan):
        return forbidden(request, course=course, reason=_("An action plan can be exported once it is approved."))
    response = HttpResponse(build_action_plan_pdf(plan, course), content_type="application/pdf")
    filename = slugify(plan.title)[:60] or "rencana-aksi"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


# Action plans: the mentors' list -------------------------------------------------------------


@require_GET
@member_view
def mentor_plans(request, course, access):
    if not access.staff:
        return forbidden(request, course=course, reason=_("Only the course's mentors see all its action plans."))
    status = request.GET.get("status", "")
    if status not in ActionPlanStatus.values:
        status = ""
    counts = action_plans.status_counts(course)
    filters = [
        {
            "label": _("All"),
            "count": sum(counts.values()),
            "url": plan_url(course, name="community_mentor_plans"),
            "current": not status,
        }
    ] + [
        {
            "label": label,
            "count": counts[value],
            "url": f"{plan_url(course, name='community_mentor_plans')}?{urlencode({'status': value})}",
            "current": value == status,
        }
        for value, label in ActionPlanStatus.choices
    ]
    page_obj = paginate(request, action_plans.plans_for_mentors(course, status), MENTOR_PLANS_PER_PAGE)
    rows = [
        {
            "plan": plan,
            "owner": forum.display_name(plan.owner),
            "organisation": getattr(getattr(plan.owner, "participant_profile", None), "organisation", ""),
            "url": plan_url(course, plan, name="community_plan"),
        }
        for plan in page_obj.object_list
    ]
    context = {"course": course, "access": access, "filters": filters, "page_obj": page_obj, "rows": rows}
    return render(request, "community/action_plan_list.html", context)

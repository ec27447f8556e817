"""The action plans' pages: the participant's plan and team, the plan with its comments, versions,
decisions and PDF, and the mentors' list.

The rules are in `courses.community.action_plans`, who may see or decide a plan in
`courses.community.permissions`.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.access import forbidden
from courses.community import action_plans, forum, permissions
from courses.community.choices import ActionPlanCommentKind, ActionPlanStatus
from courses.community.forms import (
    ActionPlanForm,
    CommentForm,
    DecisionForm,
    TeamMemberForm,
    activity_formset,
)
from courses.community.models import ActionPlan, ActionPlanComment
from courses.community.pdf import build_action_plan_pdf
from courses.community.views.base import member_view
from home.converters import parse_id
from home.pagination import paginate

MENTOR_PLANS_PER_PAGE = 20

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
            member_id = parse_id(request.POST["remove"])
            if member_id is None:
                raise action_plans.ActionPlanError(_("That person is not on the plan's team."))
            action_plans.remove_member(plan, access, member_id)
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

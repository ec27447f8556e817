"""The learning community in the courses core: what it gives it through its hooks (`courses.hooks`).

Registered in `courses.community.wagtail_hooks`: the "action plan approved" completion rule, the
row on “My courses” (unread forum replies, the action plan's state; two queries for all the
participant's courses together), the links on the course page, the report's action-plan counts,
the participant's data export, and handing shared plans over before an account is erased.
"""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.community.action_plans import TEXT_FIELDS
from courses.community.choices import ActionPlanStatus
from courses.community.forum import name_shown, unread_replies_by_course
from courses.community.models import ActionPlan, ActionPlanComment, ForumPost
from courses.completion import RequirementResult
from courses.reports import ReportSection, Tally

TEMPLATE = "community/components/dashboard_community.html"


def plans_by_course(user, course_keys):
    """{course_key: the plan user owns or shares}, in one query; each plan's `latest_comment` is
    {"body", "created_at", "author"} or None."""
    # One subquery for all the comment's values: a subquery per value cost twice as much to build and run.
    latest = (
        ActionPlanComment.objects.filter(version__plan=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(
            json=JSONObject(
                body="body",
                created_at="created_at",
                full_name="author__participant_profile__full_name",
                first_name="author__first_name",
                last_name="author__last_name",
                username="author__username",
            )
        )[:1]
    )
    plans = list(
        ActionPlan.objects.of_member(user)
        .filter(course_key__in=list(course_keys))
        .annotate(latest_comment=Subquery(latest))
    )
    for plan in plans:
        if comment := plan.latest_comment:
            # JSON holds the time as text: ISO 8601 with its offset (PostgreSQL) or naive UTC (SQLite).
            at = datetime.datetime.fromisoformat(comment["created_at"])
            plan.latest_comment = {
                "body": comment["body"],
                "created_at": at if at.tzinfo else at.replace(tzinfo=datetime.UTC),
                "author": name_shown(
                    comment["full_name"], comment["first_name"], comment["last_name"], comment["username"]
                ),
            }
    return {plan.course_key: plan for plan in plans}


def community_rows(user, items):
    active = [item for item in items if item.enrolment.is_active]
    if not active:
        return
    keys = [item.course.course_key for item in active]
    unread = unread_replies_by_course(user, keys)
    plans = plans_by_course(user, keys)
    for item in active:
        key = item.course.course_key
        plan = plans.get(key)
        item.extras["community"] = {
            "template": TEMPLATE,
            "course": item.course,
            "forum_url": reverse("community_forum", args=[key]),
            "unread_replies": unread.get(key, 0),
            "plan": plan,
            "plan_url": reverse("community_my_plan", args=[key]),
        }


def community_personal_data(user):
    """The participant's forum posts and action plans, for their data export (`courses.personal_data`)."""
    posts = ForumPost.objects.filter(author=user).select_related("thread").order_by("created_at", "pk")
    plans = ActionPlan.objects.of_member(user).prefetch_related("versions").order_by("created_at")
    return {
        "forum_posts": [
            {
                "course": str(post.thread.course_key),
                "thread": post.thread.title,
                "posted": post.created_at.isoformat(),
                "edited": post.edited_at.isoformat() if post.edited_at else None,
                "message": post.body,
            }
            for post in posts
        ],
        "action_plans": [
            {
                "course": str(plan.course_key),
                "role": "owner" if plan.owner_id == user.pk else "team member",
                "status": plan.status,
                "draft": {name: getattr(plan, name) for name in ["title", *TEXT_FIELDS, "activities"]},
                "versions": [
                    {
                        "number": version.number,
                        "submitted": version.submitted_at.isoformat(),
                        "content": version.snapshot,
                    }
                    for version in plan.versions.all()
                ],
            }
            for plan in plans
        ],
    }


def action_plan_approved(enrolment, course):
    """`COMPLETION_REQUIREMENTS`: the participant's action plan (their own or their team's) is approved."""
    if not course.require_action_plan_approved:
        return None
    plan = ActionPlan.objects.of_member(enrolment.user_id).filter(course_key=course.course_key).first()
    return RequirementResult(
        _("Action plan approved"),
        plan is not None and plan.status == ActionPlanStatus.APPROVED,
        plan.get_status_display() if plan is not None else _("not started"),
    )


def course_links(course, access):
    """`COURSE_PAGE_LINKS`: the forum and the action plans, for the course's participants and staff."""
    if not access.is_member:
        return []
    links = [{"url": reverse("community_forum", args=[course.course_key]), "label": _("Forum")}]
    if access.staff:
        links.append({"url": reverse("community_mentor_plans", args=[course.course_key]), "label": _("Action plans")})
    else:
        links.append({"url": reverse("community_my_plan", args=[course.course_key]), "label": _("My action plan")})
    return links


def action_plan_report(course):
    """`REPORT_SECTIONS`: action plans by status (zeros included), in one query."""
    counts = dict(
        ActionPlan.objects.filter(course_key=course.course_key).order_by().values_list("status").annotate(n=Count("pk"))
    )
    total = sum(counts.values())
    return ReportSection(
        slug="action-plans",
        heading=_("Action plans"),
        tallies=[Tally(label, counts.get(value, 0), total) for value, label in ActionPlanStatus.choices],
        help_text=_("Participants' action plans by status."),
        link_url=reverse("community_mentor_plans", args=[course.course_key]) if course.live else "",
        link_label=_("Read and mentor the action plans"),
    )


def plans_to_review(user, courses):
    """`STAFF_TASKS`: action plans submitted and waiting for a mentor, per course, in one query."""
    by_key = {course.course_key: course for course in courses}
    rows = (
        ActionPlan.objects.filter(course_key__in=list(by_key), status=ActionPlanStatus.SUBMITTED)
        .order_by()
        .values_list("course_key")
        .annotate(n=Count("pk"))
    )
    return [
        (
            by_key[course_key],
            _("Action plans to review"),
            count,
            f"{reverse('community_mentor_plans', args=[course_key])}?status={ActionPlanStatus.SUBMITTED}",
        )
        for course_key, count in rows
    ]


def plan_status_display(status):
    return ActionPlanStatus(status).label if status else _("not started")


def gradebook_plan_status(course):
    """`GRADEBOOK_COLUMNS`: the status of the action plan the participant owns or shares."""
    plans = (
        ActionPlan.objects.filter(course_key=course.course_key)
        .filter(Q(owner=OuterRef("user_id")) | Q(team=OuterRef("user_id")))
        .order_by("-updated_at", "-pk")
        .values("status")
    )
    return [("community_plan_status", _("Action plan"), Subquery(plans[:1]), plan_status_display)]

"""The learning community on “My courses” (unread forum replies, the action plan's state) and in data exports.

Registered in `courses.dashboard.DASHBOARD_HOOKS` when the app is ready. Two queries for all the
participant's courses together, whatever their number.
"""

from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.urls import reverse

from courses.action_plans import TEXT_FIELDS
from courses.dashboard import DASHBOARD_HOOKS
from courses.forum import unread_replies_by_course
from courses.models import ActionPlan, ActionPlanComment, ForumPost

TEMPLATE = "courses/components/dashboard_community.html"


def _latest_comment(field):
    comments = ActionPlanComment.objects.filter(version__plan=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(comments.values(field)[:1])


def plans_by_course(user, course_keys):
    """{course_key: the plan user owns or shares, annotated with its latest comment}, in one query."""
    # The same name `courses.forum.display_name` shows: profile name, else the account's name, else the username.
    author_name = Coalesce(
        NullIf(F("author__participant_profile__full_name"), Value("")),
        NullIf(Trim(Concat(F("author__first_name"), Value(" "), F("author__last_name"))), Value("")),
        F("author__username"),
    )
    comments = ActionPlanComment.objects.filter(version__plan=OuterRef("pk")).order_by("-created_at", "-pk")
    plans = (
        ActionPlan.objects.of_member(user)
        .filter(course_key__in=list(course_keys))
        .annotate(
            latest_comment_body=_latest_comment("body"),
            latest_comment_kind=_latest_comment("kind"),
            latest_comment_at=_latest_comment("created_at"),
            latest_comment_author=Subquery(comments.annotate(name=author_name).values("name")[:1]),
        )
    )
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


DASHBOARD_HOOKS.append(community_rows)


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

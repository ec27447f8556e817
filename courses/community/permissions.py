"""Who may do what in a course's community: read and post in its forum, moderate it, see an action plan.

Plain predicates over a `courses.access.CourseAccess` (what the person is in the course: an active
participant, its staff, or neither), so views and rules ask the same question the same way.
"""

import datetime

from django.utils import timezone

from courses.community.choices import ActionPlanStatus

EDIT_WINDOW = datetime.timedelta(minutes=30)


# The forum ----------------------------------------------------------------------------------


def can_read_forum(access):
    return access.is_member


def can_post(access, thread=None):
    if not access.is_member:
        return False
    if thread is None:
        return True
    if thread.is_hidden:
        return access.staff
    return access.staff or not thread.is_locked


def can_moderate(access):
    """Only the course's own staff; a facilitator of another course is a stranger here."""
    return access.staff


def can_see_thread(access, thread):
    return access.is_member and (access.staff or not thread.is_hidden)


def edit_deadline(post):
    return post.created_at + EDIT_WINDOW


def can_edit_post(access, post, now=None):
    """Authors edit their own words for a while, unless a moderator has stepped in."""
    now = now or timezone.now()
    return (
        access.is_member
        and post.author_id is not None
        and post.author_id == access.user.pk
        and not post.is_hidden
        and can_post(access, post.thread)
        and now <= edit_deadline(post)
    )


# Action plans ----------------------------------------------------------------------------------


def is_plan_member(plan, user):
    return user.is_authenticated and (plan.owner_id == user.pk or plan.team.filter(pk=user.pk).exists())


def can_view_plan(access, plan):
    """The owner, the team (while enrolled) and the course's staff; nobody else, not even fellow participants."""
    if access.staff:
        return True
    return access.participant and is_plan_member(plan, access.user)


def can_edit_plan(access, plan):
    """Members edit a draft or a plan sent back for revision; mentors comment but never rewrite."""
    return plan.is_editable and access.participant and is_plan_member(plan, access.user)


def can_comment_on_plan(access, plan):
    return can_view_plan(access, plan) and plan.versions.exists()


def can_decide_on_plan(access, plan):
    return access.staff and plan.status == ActionPlanStatus.SUBMITTED


def can_export_plan(access, plan):
    return plan.status == ActionPlanStatus.APPROVED and can_view_plan(access, plan)

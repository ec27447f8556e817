"""Mentoring on action plans (pendampingan rencana aksi): drafting, submitting, the mentor's decisions.

A participant (the owner, with an optional team of fellow participants) edits a draft; `submit`
freezes it into a new numbered `ActionPlanVersion`. A mentor is anyone on the course's staff
(`courses.access.is_course_staff`): they comment, request a revision or approve. Only members
of the plan and course staff see it. Every change of status is e-mailed, and approval may complete
the course when it requires an approved plan (the `action_plan_approved` requirement).
"""

import datetime
import difflib
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, Count, F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import EnrolmentStatus
from courses.community import permissions
from courses.community.choices import ActionPlanCommentKind, ActionPlanStatus
from courses.community.forum import display_name
from courses.community.models import ActionPlan, ActionPlanComment, ActionPlanVersion
from courses.completion import update_completion
from courses.emails import send_notifications
from courses.models import CourseFacilitator, Enrolment

TEXT_FIELDS = {
    "problem": _("Problem"),
    "capital": _("Existing capital (modalitas)"),
    "objectives": _("Objectives"),
    "responsible_unit": _("Responsible unit"),
    "partners": _("Partners"),
    "indicators": _("Indicators"),
    "resources": _("Resources"),
}
FIELD_LABELS = {"title": _("Title"), **TEXT_FIELDS, "activities": _("Activities and timeline"), "team": _("Team")}
FIELD_ORDER = [
    "title",
    "problem",
    "capital",
    "objectives",
    "activities",
    "responsible_unit",
    "partners",
    "indicators",
    "resources",
    "team",
]
MAX_TEXT_LENGTH = 5_000
MAX_COMMENT_LENGTH = 5_000
MAX_ACTIVITIES = 15


class ActionPlanError(Exception):
    """A participant- or mentor-facing reason why an action-plan step cannot happen."""


def plan_for(user, course):
    """The plan `user` owns or shares in this course (one per person and course), or None."""
    if not user.is_authenticated:
        return None
    return (
        ActionPlan.objects.of_member(user)
        .filter(course_key=course.course_key)
        .select_related("owner__participant_profile", "mentor")
        .first()
    )


def _require(allowed, message):
    if not allowed:
        raise ActionPlanError(message)


# Drafting -------------------------------------------------------------------------------------


def clean_activities(rows):
    """Keep the rows that name an activity, as JSON-friendly dicts with ISO dates."""
    cleaned = []
    for row in rows:
        activity = (row.get("activity") or "").strip()
        if not activity:
            continue
        start, end = row.get("start"), row.get("end")
        cleaned.append(
            {
                "activity": activity,
                "start": start.isoformat() if hasattr(start, "isoformat") else (start or ""),
                "end": end.isoformat() if hasattr(end, "isoformat") else (end or ""),
            }
        )
    return cleaned[:MAX_ACTIVITIES]


def start_plan(course, access):
    """An empty draft owned by the participant (or the plan they already share)."""
    _require(access.participant, _("Only enrolled participants draft action plans."))
    existing = plan_for(access.user, course)
    if existing is not None:
        return existing
    return ActionPlan(course_key=course.course_key, owner=access.user)


def save_draft(plan, access, fields, activities):
    if plan.pk is not None:
        _require(permissions.can_edit_plan(access, plan), _("This action plan cannot be changed now."))
    else:
        _require(access.participant, _("Only enrolled participants draft action plans."))
    for name, value in fields.items():
        if name == "title" or name in TEXT_FIELDS:
            setattr(plan, name, value.strip())
    plan.activities = clean_activities(activities)
    plan.save()
    return plan


def team_names(plan):
    return [display_name(user) for user in plan.team.select_related("participant_profile").order_by("pk")]


def snapshot(plan):
    """What the mentor reviews: the plan's fields and team as they are at submission."""
    data = {"title": plan.title, **{name: getattr(plan, name) for name in TEXT_FIELDS}}
    data["activities"] = [dict(row) for row in plan.activities]
    data["owner"] = display_name(plan.owner)
    data["organisation"] = getattr(getattr(plan.owner, "participant_profile", None), "organisation", "")
    data["team"] = team_names(plan)
    return data


def latest_version(plan):
    return plan.versions.order_by("-number").first()


def submit(plan, access):
    """Freeze the draft as the next version and send it to the mentors."""
    _require(permissions.can_edit_plan(access, plan), _("This action plan cannot be submitted now."))
    _require(bool(plan.title.strip()), _("Give the action plan a title before submitting it."))
    _require(
        bool(plan.problem.strip() and plan.objectives.strip() and plan.activities),
        _("Describe at least the problem, the objectives and one activity before submitting."),
    )
    with transaction.atomic():
        ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
        number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = ActionPlanVersion.objects.create(
            plan=plan, number=number, snapshot=snapshot(plan), submitted_by=access.user
        )
        plan.status = ActionPlanStatus.SUBMITTED
        plan.submitted_at = version.submitted_at
        plan.save(update_fields=["status", "submitted_at", "updated_at"])
        transaction.on_commit(lambda: notify_submitted(plan.pk, version.pk))
    return version


# Team -----------------------------------------------------------------------------------------


def add_member(plan, access, email):
    """Add a fellow participant of the course, found by the e-mail they log in with."""
    _require(
        access.participant and plan.owner_id == access.user.pk and plan.is_editable,
        _("Only the plan's owner can change its team while it is a draft."),
    )
    user = (
        get_user_model()
        .objects.filter(
            email__iexact=email.strip(),
            enrolments__course_key=plan.course_key,
            enrolments__status=EnrolmentStatus.APPROVED,
        )
        .first()
    )
    # The same message whether the address is unknown or not enrolled: nothing about strangers leaks.
    _require(user is not None, _("No participant of this course logs in with that e-mail address."))
    _require(user.pk != plan.owner_id, _("You already own this plan."))
    others = ActionPlan.objects.of_member(user).filter(course_key=plan.course_key).exclude(pk=plan.pk)
    _require(not others.exists(), _("This participant already works on another action plan in this course."))
    plan.team.add(user)
    return user


def remove_member(plan, access, user_id):
    _require(
        access.participant and plan.owner_id == access.user.pk and plan.is_editable,
        _("Only the plan's owner can change its team while it is a draft."),
    )
    plan.team.remove(user_id)


def hand_over_action_plans(user):
    """Before an account is erased, its shared plans pass to a team member instead of vanishing with it."""
    for plan in ActionPlan.objects.filter(owner=user).prefetch_related("team"):
        successor = min(plan.team.all(), key=lambda member: member.pk, default=None)
        if successor is not None:
            plan.team.remove(successor)
            plan.owner = successor
            plan.save(update_fields=["owner", "updated_at"])


# Mentoring ------------------------------------------------------------------------------------


def add_comment(plan, access, version, body, kind=ActionPlanCommentKind.COMMENT):
    _require(
        permissions.can_view_plan(access, plan) and version.plan_id == plan.pk, _("You cannot comment on this plan.")
    )
    body = body.strip()
    _require(bool(body) or kind != ActionPlanCommentKind.COMMENT, _("Write a comment first."))
    comment = ActionPlanComment.objects.create(
        version=version, author=access.user, kind=kind, body=body, by_staff=access.staff
    )
    if kind == ActionPlanCommentKind.COMMENT:
        transaction.on_commit(lambda: notify_comment(comment.pk))
    return comment


def _decide(plan, access, status, kind, body):
    _require(permissions.can_decide_on_plan(access, plan), _("Only a mentor can decide on a submitted plan."))
    version = latest_version(plan)
    with transaction.atomic():
        comment = add_comment(plan, access, version, body, kind=kind)
        plan.status = status
        plan.mentor = access.user
        plan.decided_at = timezone.now()
        plan.save(update_fields=["status", "mentor", "decided_at", "updated_at"])
        transaction.on_commit(lambda: notify_status(plan.pk, comment.pk))
    return comment


def request_revision(plan, access, body):
    _require(bool(body.strip()), _("Tell the participants what to revise."))
    return _decide(plan, access, ActionPlanStatus.REVISION_REQUESTED, ActionPlanCommentKind.REVISION, body)


def approve(plan, access, course, body=""):
    comment = _decide(plan, access, ActionPlanStatus.APPROVED, ActionPlanCommentKind.APPROVAL, body)
    member_ids = [plan.owner_id, *plan.team.values_list("pk", flat=True)]
    for enrolment in Enrolment.objects.filter(
        course_key=plan.course_key, user_id__in=member_ids, status=EnrolmentStatus.APPROVED
    ):
        update_completion(enrolment, course)
    return comment


def _as_date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def sections(snapshot_data):
    """A version's fields in the form's order, for reading: (name, label, value); activities with real dates."""
    result = []
    for name in FIELD_ORDER:
        if name in {"title", "team"}:
            continue
        value = snapshot_data.get(name, "")
        if name == "activities":
            value = [
                {
                    "activity": row.get("activity", ""),
                    "start": _as_date(row.get("start")),
                    "end": _as_date(row.get("end")),
                }
                for row in value or []
            ]
        result.append((name, FIELD_LABELS[name], value))
    return result


# Listings -------------------------------------------------------------------------------------


def status_counts(course):
    """{status: count} of the course's plans, zeros included, in one query."""
    counts = dict(ActionPlan.objects.for_course(course).order_by().values_list("status").annotate(count=Count("pk")))
    return {status: counts.get(status, 0) for status in ActionPlanStatus.values}


def plans_for_mentors(course, status=""):
    """The course's plans, those waiting for a mentor first, then by last submission."""
    plans = ActionPlan.objects.for_course(course).select_related("owner__participant_profile", "mentor")
    if status:
        plans = plans.filter(status=status)
    waiting_first = Case(
        When(status=ActionPlanStatus.SUBMITTED, then=Value(0)),
        When(status=ActionPlanStatus.REVISION_REQUESTED, then=Value(1)),
        When(status=ActionPlanStatus.DRAFT, then=Value(2)),
        default=Value(3),
    )
    return plans.annotate(
        version_count=Count("versions", distinct=True), team_count=Count("team", distinct=True)
    ).order_by(waiting_first, F("submitted_at").desc(nulls_last=True), "pk")


# Comparing versions ---------------------------------------------------------------------------

WORDS = re.compile(r"\s*\S+|\s+")
# How many word pairs one comparison may look at, over all its fields. `SequenceMatcher` is
# quadratic or worse on long texts that share little (70 s for one request on four fields of
# 5,000 unrelated words); this budget keeps a whole comparison to a few tenths of a second and is
# well above what revising a plan costs: the unchanged beginning and end are never counted, and a
# word carries its leading space so that spaces are not the most common "word".
COMPARE_BUDGET = 2_000_000


@dataclass
class FieldDiff:
    name: str
    label: str
    changed: bool
    segments: list  # (operation, text): "equal", "delete" or "insert"
    too_different: bool = False


class _OverBudget(Exception):
    pass


class _BoundedMatcher(difflib.SequenceMatcher):
    """A matcher that gives up once it has looked at more word pairs than its budget allows.

    `find_longest_match` walks, for each word of the old range, every position of that word in the
    new text: that walk is the matcher's whole cost, so it is counted before each call.
    """

    def __init__(self, old_words, new_words, budget):
        self.budget = budget
        super().__init__(None, old_words, new_words, autojunk=False)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        cost = 1 + sum(len(self.b2j.get(word, ())) for word in self.a[alo:ahi])
        if cost > self.budget:
            raise _OverBudget
        self.budget -= cost
        return super().find_longest_match(alo, ahi, blo, bhi)


def field_text(snapshot_data, name):
    value = snapshot_data.get(name, "")
    if name == "activities":
        return "\n".join(
            f"{row.get('activity', '')} ({row.get('start') or '…'} – {row.get('end') or '…'})" for row in value or []
        )
    if name == "team":
        return ", ".join(value or [])
    return value or ""


def _common_prefix_length(first, second):
    length = 0
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        length += 1
    return length


def _segments(old, new, budget=COMPARE_BUDGET):
    """(segments, budget left); segments are None when the budget could not cover the comparison."""
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    head = _common_prefix_length(old_words, new_words)
    tail = _common_prefix_length(old_words[head:][::-1], new_words[head:][::-1])
    old_middle = old_words[head : len(old_words) - tail]
    new_middle = new_words[head : len(new_words) - tail]
    matcher = _BoundedMatcher(old_middle, new_middle, budget)
    try:
        opcodes = matcher.get_opcodes()
    except _OverBudget:
        return None, matcher.budget  # what is left may still compare a field that changed less
    segments = [("equal", "".join(old_words[:head]))] if head else []
    for operation, old_start, old_end, new_start, new_end in opcodes:
        if operation == "equal":
            segments.append(("equal", "".join(old_middle[old_start:old_end])))
            continue
        if old_end > old_start:
            segments.append(("delete", "".join(old_middle[old_start:old_end])))
        if new_end > new_start:
            segments.append(("insert", "".join(new_middle[new_start:new_end])))
    if tail:
        segments.append(("equal", "".join(old_words[len(old_words) - tail :])))
    return segments, matcher.budget


def compare(old_version, new_version):
    """Word-by-word differences between two versions, field by field, in the form's order.

    The fields share one `COMPARE_BUDGET`; a field the budget cannot cover is shown whole, the old
    text deleted and the new one inserted, with `too_different` set so the page can say why.
    """
    texts = {
        name: (field_text(old_version.snapshot, name), field_text(new_version.snapshot, name)) for name in FIELD_ORDER
    }
    diffs = {}
    budget = COMPARE_BUDGET
    # The shortest fields first, so that one long field cannot leave a changed title uncompared.
    for name in sorted(FIELD_ORDER, key=lambda name: len(texts[name][0]) + len(texts[name][1])):
        old, new = texts[name]
        if old == new:
            diffs[name] = FieldDiff(name, FIELD_LABELS[name], False, [("equal", old)] if old else [])
            continue
        segments, budget = _segments(old, new, budget)
        if segments is None:
            segments = [(operation, text) for operation, text in (("delete", old), ("insert", new)) if text]
            diffs[name] = FieldDiff(name, FIELD_LABELS[name], True, segments, too_different=True)
        else:
            diffs[name] = FieldDiff(name, FIELD_LABELS[name], True, segments)
    return [diffs[name] for name in FIELD_ORDER]


# Names and e-mail -----------------------------------------------------------------------------


def members(plan):
    return [plan.owner, *plan.team.all()]


def mentors(plan):
    """Who hears of a submission: the course's facilitators and the plan's last mentor."""
    users = [
        row.user
        for row in CourseFacilitator.objects.filter(page__translation_key=plan.course_key).select_related("user")
    ]
    if plan.mentor is not None:
        users.append(plan.mentor)
    return users


def notify_submitted(plan_id, version_id):
    plan = ActionPlan.objects.select_related("owner__participant_profile", "mentor").get(pk=plan_id)
    return send_notifications(
        mentors(plan),
        plan.course_key,
        "community/emails/action_plan_submitted_subject.txt",
        "community/emails/action_plan_submitted.txt",
        {"plan": plan, "version": ActionPlanVersion.objects.get(pk=version_id), "owner": display_name(plan.owner)},
    )


def notify_status(plan_id, comment_id):
    plan = ActionPlan.objects.select_related("owner", "mentor").get(pk=plan_id)
    comment = ActionPlanComment.objects.select_related("version").get(pk=comment_id)
    return send_notifications(
        members(plan),
        plan.course_key,
        "community/emails/action_plan_status_subject.txt",
        "community/emails/action_plan_status.txt",
        {"plan": plan, "comment": comment, "status": plan.get_status_display},  # named in each reader's language
    )


def notify_comment(comment_id):
    """A mentor's comment goes to the plan's members; a member's comment goes to the mentors."""
    comment = ActionPlanComment.objects.select_related("version__plan__owner", "author__participant_profile").get(
        pk=comment_id
    )
    plan = comment.version.plan
    recipients = members(plan) if comment.by_staff else mentors(plan) + members(plan)
    recipients = [user for user in recipients if user.pk != comment.author_id]
    return send_notifications(
        recipients,
        plan.course_key,
        "community/emails/action_plan_comment_subject.txt",
        "community/emails/action_plan_comment.txt",
        {"plan": plan, "comment": comment, "author": display_name(comment.author)},
    )

"""Action plans (rencana aksi) drafted after a training, and the mentoring on them (pendampingan).

A plan belongs to one participant (its owner) and, optionally, a team of fellow participants of
the same OPD who read and edit it with them. The plan holds the working draft; each submission
freezes it into an immutable, numbered `ActionPlanVersion`, and the mentor's comments and
decisions attach to a version. The rules live in `courses.community.action_plans`, who may see what in `courses.community.permissions`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.community.choices import ActionPlanCommentKind, ActionPlanStatus


class ActionPlanQuerySet(models.QuerySet):
    def for_course(self, course):
        return self.filter(course_key=course.course_key)

    def of_member(self, user):
        """Plans `user` owns or is on the team of."""
        return self.filter(Q(owner=user) | Q(team=user)).distinct()


class ActionPlan(models.Model):
    course_key = models.UUIDField(_("course"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("owner")
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="team_action_plans",
        verbose_name=_("team"),
        help_text=_("Fellow participants of the same OPD who draft the plan together."),
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"), blank=True)
    capital = models.TextField(_("existing capital (modalitas)"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    activities = models.JSONField(_("activities and timeline"), default=list, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=255, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mentor"),
        help_text=_("The course staff member who last decided on the plan."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("last decided"), null=True, blank=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        db_table = "courses_actionplan"  # kept from when the community was part of the core
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["owner", "course_key"], name="courses_one_action_plan_per_owner")
        ]
        indexes = [models.Index(fields=["course_key", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        """Participants edit the draft until they submit it, and again when revision is requested."""
        return self.status in {ActionPlanStatus.DRAFT, ActionPlanStatus.REVISION_REQUESTED}


class ActionPlanVersion(models.Model):
    """A submitted plan, frozen: the mentor reviews this, not the draft that may change afterwards."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        db_table = "courses_actionplanversion"  # kept from when the community was part of the core
        verbose_name = _("action plan version")
        verbose_name_plural = _("action plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="courses_action_plan_version_once")]
        ordering = ["plan", "number"]

    def __str__(self):
        return f"{self.plan_id} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A submitted action plan version cannot be changed.")
        super().save(*args, **kwargs)


class ActionPlanComment(models.Model):
    """A mentor's (or participant's) words on one version; a decision is a comment of its own kind."""

    version = models.ForeignKey(
        ActionPlanVersion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("version")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ActionPlanCommentKind.choices, default=ActionPlanCommentKind.COMMENT
    )
    body = models.TextField(_("comment"), blank=True)
    by_staff = models.BooleanField(_("by course staff"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        db_table = "courses_actionplancomment"  # kept from when the community was part of the core
        verbose_name = _("action plan comment")
        verbose_name_plural = _("action plan comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.version} · {self.get_kind_display()}"

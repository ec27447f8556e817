from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the mentor")
    REVISION_REQUESTED = "revision", _("Revision requested")
    APPROVED = "approved", _("Approved")


class ActionPlanCommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    REVISION = "revision", _("Revision requested")
    APPROVAL = "approval", _("Approved")


class ForumModeration(models.TextChoices):
    PIN = "pin", _("Pin")
    UNPIN = "unpin", _("Unpin")
    LOCK = "lock", _("Lock")
    UNLOCK = "unlock", _("Unlock")
    HIDE = "hide", _("Hide")
    UNHIDE = "unhide", _("Show again")
    DELETE = "delete", _("Delete")

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.certificates.choices import BatchItemStatus, BatchStatus


class CertificateBatch(models.Model):
    """Staff issuing a whole cohort at once, worked through by the task worker.

    One item per participant; the worker issues, renders and e-mails item by item, so a failure
    stops only its own item and a restarted batch picks up the pending ones (`heartbeat_at` tells
    a stalled batch from a running one).
    """

    course_key = models.UUIDField(_("course"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    send_emails = models.BooleanField(_("e-mail each holder"), default=True)
    force = models.BooleanField(
        _("issue without completion"), default=False, help_text=_("Issue even to participants who have not completed.")
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.course_key} · {self.created_at:%Y-%m-%d %H:%M}"


class CertificateBatchItem(models.Model):
    batch = models.ForeignKey(CertificateBatch, on_delete=models.CASCADE, related_name="items")
    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=BatchItemStatus.choices, default=BatchItemStatus.PENDING
    )
    certificate = models.ForeignKey(
        "certificates.Certificate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certificate batch item")
        verbose_name_plural = _("certificate batch items")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "enrolment"], name="certificates_batch_item_unique"),
        ]
        indexes = [models.Index(fields=["batch", "status"])]

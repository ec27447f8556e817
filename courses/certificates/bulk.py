"""Issuing a course's whole cohort in the background: a `CertificateBatch` with one item per participant.

- `start_batch` writes the batch and its items (the participants whose completion is recorded, or
  with ``force`` every active enrolment) and queues `run_certificate_batch` (the task, below).
- `run_batch` works item by item, each in its own transaction with the item row locked (two workers
  never take the same item): issue (idempotent: a participant who already holds a current
  certificate is SKIPPED and linked to it), store the PDF, e-mail the holder, mark the item ISSUED or
  FAILED with the reason. One failure never stops the batch; `heartbeat_at` moves on each item; the
  batch is DONE when no item is PENDING.
- A worker killed part-way leaves the batch RUNNING with an old heartbeat (or PENDING, never picked
  up): `manage.py resume_certificate_batches` (every minute in `make run`, cron or a systemd timer in
  production) queues it again. An item whose certificate was committed but whose item was not is
  found by the idempotent issue on the rerun and SKIPPED, so no second number is taken.
- `retry_batch` puts FAILED items back to PENDING, adds participants who became eligible since, and queues it again.
- Starting, retrying and finishing a batch are written to Wagtail's log, each certificate's issue too (`issuing`).
"""

import datetime
import logging

from django_tasks import task

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.log_actions import log

from courses.certificates.choices import BatchItemStatus, BatchStatus
from courses.certificates.emails import send_certificate_email
from courses.certificates.issuing import CertificateError, current_certificate, issue_certificate
from courses.certificates.log_actions import BATCH_FINISH, BATCH_RETRY, BATCH_START
from courses.certificates.models import Certificate, CertificateBatch, CertificateBatchItem
from courses.certificates.pdf.files import store_pdf
from courses.models import CourseCompletion, CoursePage, Enrolment

logger = logging.getLogger(__name__)

STALL_AFTER = datetime.timedelta(seconds=60)  # a running batch without progress for this long is resumed


def cohort(course, force=False):
    """The active enrolments a batch covers: completed ones, or all with `force`."""
    enrolments = Enrolment.objects.filter(course_key=course.course_key).active()
    if not force:
        completed = CourseCompletion.objects.filter(course_key=course.course_key).values("user_id")
        enrolments = enrolments.filter(user_id__in=completed)
    return enrolments


def cohort_counts(course):
    """For the confirmation screen: how many a batch would cover, with and without force, and how many hold one."""
    return {
        "completed": cohort(course).count(),
        "active": cohort(course, force=True).count(),
        "holding": Certificate.objects.for_course(course).current().count(),
    }


def _add_items(batch, course):
    existing = set(batch.items.values_list("enrolment_id", flat=True))
    CertificateBatchItem.objects.bulk_create(
        [
            CertificateBatchItem(batch=batch, enrolment_id=enrolment_id)
            for enrolment_id in cohort(course, batch.force).values_list("pk", flat=True)
            if enrolment_id not in existing
        ],
        batch_size=500,
    )


def enqueue(batch):
    # After commit, so the worker sees the batch and its items.
    def send():
        result = run_certificate_batch.enqueue(batch.pk)
        CertificateBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


def start_batch(course, user, force=False, send_emails=True):
    """Write a batch for `course`'s cohort and queue it; returns the batch."""
    course = CoursePage.source_for(course)
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            course_key=course.course_key, created_by=user, force=force, send_emails=send_emails
        )
        _add_items(batch, course)
        log(batch, BATCH_START, user=user, data=_log_data(batch, course))
        enqueue(batch)
    return batch


def _log_data(batch, course=None):
    data = {"course": str(batch.course_key), "force": batch.force, "send_emails": batch.send_emails}
    if course is not None:
        data["course_title"] = course.title
    return {**data, **progress(batch)}


def retry_batch(batch, user=None):
    """Failed items back to the queue, newly eligible participants added, the batch queued again (`user` asked)."""

    course = CoursePage.source_for(batch.course_key)
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
        batch.items.filter(status=BatchItemStatus.FAILED).update(status=BatchItemStatus.PENDING, error="")
        if course is not None:
            _add_items(batch, course)
        batch.status = BatchStatus.PENDING
        batch.finished_at = None
        batch.heartbeat_at = timezone.now()
        batch.save(update_fields=["status", "finished_at", "heartbeat_at"])
        log(batch, BATCH_RETRY, user=user, data=_log_data(batch, course))
        enqueue(batch)
    return batch


def _next_item(batch_id):
    items = CertificateBatchItem.objects.filter(batch_id=batch_id, status=BatchItemStatus.PENDING).order_by("pk")
    return items.select_for_update(skip_locked=True, of=("self",)).select_related("enrolment__user").first()


def _process(item, course, batch):
    """Issue, store and mail one item's certificate; the item's new status is set, not saved."""
    existing = current_certificate(item.enrolment.user, course)
    if existing is not None:
        certificate, created = existing, False
    else:
        # The batch mails its holders itself, in order (or not at all): not the issue's queued e-mail.
        certificate, created = issue_certificate(
            item.enrolment, course, issued_by=batch.created_by, force=batch.force, email=False
        )
    item.certificate = certificate
    item.status = BatchItemStatus.ISSUED if created else BatchItemStatus.SKIPPED
    if not certificate.pdf:
        store_pdf(certificate)
    if batch.send_emails:
        send_certificate_email(certificate.pk)


def run_batch(batch_id):
    """Work through the batch's pending items; returns the batch (DONE unless another worker still holds items)."""

    batch = CertificateBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return None
    if batch.status == BatchStatus.DONE and not batch.items.filter(status=BatchItemStatus.PENDING).exists():
        return batch
    course = CoursePage.source_for(batch.course_key)
    now = timezone.now()
    CertificateBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, heartbeat_at=now)
    while True:
        with transaction.atomic():
            item = _next_item(batch.pk)
            if item is None:
                break
            try:
                if course is None:
                    raise CertificateError("The course no longer exists.")
                with transaction.atomic():
                    _process(item, course, batch)
            except Exception as error:  # noqa: BLE001 - one failure never stops the batch
                if not isinstance(error, CertificateError):
                    logger.exception("certificate batch %s: item %s failed", batch.pk, item.pk)
                item.status = BatchItemStatus.FAILED
                item.error = str(error) or error.__class__.__name__
            item.save(update_fields=["status", "certificate", "error", "updated_at"])
            CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
        if not batch.items.filter(status=BatchItemStatus.PENDING).exists():
            batch.status = BatchStatus.DONE
            batch.finished_at = batch.finished_at or timezone.now()
            batch.save(update_fields=["status", "finished_at"])
            log(batch, BATCH_FINISH, user=None, data=_log_data(batch, course))
    return batch


def progress(batch):
    """Counts by item status, the total and the percentage done."""
    counts = dict.fromkeys(BatchItemStatus.values, 0)
    for row in batch.items.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    total = sum(counts.values())
    done = total - counts[BatchItemStatus.PENDING]
    return {
        "issued": counts[BatchItemStatus.ISSUED],
        "skipped": counts[BatchItemStatus.SKIPPED],
        "failed": counts[BatchItemStatus.FAILED],
        "remaining": counts[BatchItemStatus.PENDING],
        "total": total,
        "done": done,
        "percent": round(100 * done / total) if total else 100,
    }


def stalled_batches(now=None):
    """Batches a worker should be running but is not: PENDING or RUNNING without progress for `STALL_AFTER`."""
    cutoff = (now or timezone.now()) - STALL_AFTER
    return (
        CertificateBatch.objects.exclude(status=BatchStatus.DONE)
        .annotate(last=Coalesce("heartbeat_at", "created_at"))
        .filter(Q(last__lt=cutoff))
    )


def resume_stalled(now=None):
    """Queue every stalled batch again (its heartbeat moved on, so the next run does not queue it twice)."""
    resumed = []
    for batch in stalled_batches(now):
        with transaction.atomic():
            CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())
            enqueue(batch)
        resumed.append(batch)
    return resumed


@task()
def run_certificate_batch(batch_id):
    """Issue a cohort's certificates item by item (`run_batch`); returns the batch's status."""
    batch = run_batch(batch_id)
    return batch.status if batch else None

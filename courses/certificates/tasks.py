"""Background work for certificates, through django-tasks (the database worker in `make run`)."""

from django_tasks import task

from django.contrib.auth import get_user_model

from courses.certificates.issuing import issue_certificate
from courses.models import CoursePage


@task()
def issue_certificate_task(user_id, course_key):
    """Issue one participant's certificate after completion; returns its number (None if nobody to issue to)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    course = CoursePage.source_for(course_key)
    if user is None or course is None:
        return None
    certificate, _created = issue_certificate(user, course)
    return certificate.number


@task()
def send_certificate_email_task(certificate_id):
    """A new certificate's PDF stored, then e-mailed to its holder (once; see `courses.certificates.emails`)."""
    from courses.certificates.emails import send_certificate_email
    from courses.certificates.models import Certificate
    from courses.certificates.pdf import store_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return False
    if not certificate.pdf:
        store_pdf(certificate)  # also for a holder without an address: the dashboard download is ready
    return send_certificate_email(certificate_id)


@task()
def run_certificate_batch(batch_id):
    """Issue a cohort's certificates item by item (`courses.certificates.bulk`); returns the batch's status."""
    from courses.certificates.bulk import run_batch

    batch = run_batch(batch_id)
    return batch.status if batch else None

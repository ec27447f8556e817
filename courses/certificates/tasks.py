"""Background work for certificates, through django-tasks (the database worker in `make run`)."""

from django_tasks import task

from django.contrib.auth import get_user_model

from courses.certificates.issuing import course_for_key, issue_certificate


@task()
def issue_certificate_task(user_id, course_key):
    """Issue one participant's certificate after completion; returns its number (None if nobody to issue to)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    course = course_for_key(course_key)
    if user is None or course is None:
        return None
    certificate, _created = issue_certificate(user, course)
    return certificate.number

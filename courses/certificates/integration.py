"""Certificates in the rest of the site: the automatic issue on completion and the participant's data export.

Connected when the app is ready (`courses.certificates.apps`).
"""

from courses.certificates.models import Certificate
from courses.completion import course_completed


def issue_on_completion(sender, completion, course, **kwargs):
    """`course_completed` (sent once the completion is committed): queue the certificate."""
    from courses.certificates.tasks import issue_certificate_task

    if course.issue_certificates and course.certificate_auto_issue:
        issue_certificate_task.enqueue(completion.user_id, str(course.course_key))


def connect():
    course_completed.connect(issue_on_completion, dispatch_uid="courses.certificates.issue_on_completion")


def certificates_personal_data(user):
    """The participant's certificates for their JSON export (`courses.personal_data`)."""
    return {
        "certificates": [
            {
                "course": str(certificate.course_key),
                "number": certificate.number,
                "name": certificate.holder_name,
                "course_title": {"id": certificate.course_title_id, "en": certificate.course_title_en},
                "course_dates": [certificate.course_start_date.isoformat(), certificate.course_end_date.isoformat()],
                "learning_hours": certificate.learning_hours,
                "final_score": str(certificate.final_score) if certificate.final_score is not None else None,
                "issued": certificate.issued_at.isoformat(),
                "valid_until": certificate.expires_on.isoformat() if certificate.expires_on else None,
                "status": certificate.status,
                "revoked": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
                "revoked_reason": certificate.revoked_reason,
                "verification_url": certificate.verification_url,
            }
            for certificate in Certificate.objects.filter(holder=user).order_by("issued_at", "pk")
        ]
    }

"""Certificates in the courses core: what they give it through its hooks (`courses.hooks`).

Registered in `courses.certificates.wagtail_hooks`: the automatic issue on completion, the
participant's data export, "My certificates" on the dashboard, the alumni list as a route of the
course page with its link, and the "Certificates" tab of a course's staff pages.
"""

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from courses.certificates.alumni import alumni_page, holder_certificates
from courses.certificates.bulk import stalled_batches
from courses.certificates.choices import BatchItemStatus, CertificateStatus
from courses.certificates.issuing import issue_certificate_task
from courses.certificates.models import Certificate, CertificateBatch, CourseCertificateSettings
from courses.models import CoursePage


def issue_on_completion(completion, course):
    """`COURSE_COMPLETED` (once the completion is committed): queue the certificate."""
    settings = CourseCertificateSettings.for_course(course)
    if settings.issue_certificates and settings.auto_issue:
        issue_certificate_task.enqueue(completion.user_id, str(course.course_key))


def dashboard_certificates(user):
    """`DASHBOARD_SECTIONS`: the participant's certificates below their courses."""
    rows = holder_certificates(user)
    return {"template": "certificates/dashboard_certificates.html", "certificates": rows} if rows else None


def course_page_routes(page_class):
    """`PAGE_ROUTES`: the course's public alumni list at `<course>/alumni/`."""
    return [path("alumni/", alumni_page, name="alumni")] if issubclass(page_class, CoursePage) else []


def alumni_link(course, access):
    """`COURSE_PAGE_LINKS`: the alumni list, for everyone, when the course issues certificates."""
    if not CourseCertificateSettings.for_course(course).issue_certificates:
        return []
    return [{"url": course.url + course.reverse_subpage("alumni"), "label": _("Alumni of this course")}]


def course_admin_tabs(course):
    """`COURSE_ADMIN_TABS`: the course's certificates, next to enrolments and attendance."""
    return [("courses_admin_certificates", _("Certificates"))]


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


def batches_needing_attention(user, courses):
    """`STAFF_TASKS`: certificate batches stalled (no worker progress) or with failed certificates, per course."""
    by_key = {course.course_key: course for course in courses}
    stalled = stalled_batches().filter(course_key__in=list(by_key)).values("pk")
    rows = (
        CertificateBatch.objects.filter(course_key__in=list(by_key))
        .filter(Q(pk__in=stalled) | Q(items__status=BatchItemStatus.FAILED))
        .order_by()
        .values_list("course_key")
        .annotate(n=Count("pk", distinct=True))
    )
    return [
        (
            by_key[course_key],
            _("Certificate batches stalled or failed"),
            count,
            reverse("courses_admin_certificates", args=[by_key[course_key].pk]),
        )
        for course_key, count in rows
    ]


def gradebook_certificate(course):
    """`GRADEBOOK_COLUMNS`: the number of the participant's certificate (revoked ones left out)."""
    certificates = (
        Certificate.objects.filter(holder=OuterRef("user_id"), course_key=course.course_key)
        .exclude(status=CertificateStatus.REVOKED)
        .order_by("-pk")
        .values("number")
    )
    return [("certificates_number", _("Certificate"), Subquery(certificates[:1]), None)]

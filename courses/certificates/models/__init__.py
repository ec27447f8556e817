"""The certificate record, its audit trail, the yearly number counters, PDF templates, bulk batches and each
course's certificate settings."""

from courses.certificates.models.batches import CertificateBatch, CertificateBatchItem
from courses.certificates.models.certificates import Certificate, CertificateEvent, new_verification_code
from courses.certificates.models.course_settings import CourseCertificateSettings
from courses.certificates.models.sequences import CertificateSequence
from courses.certificates.models.templates import (
    CertificateTemplate,
    CertificateTemplateLogo,
    CertificateTemplateSignatory,
)

__all__ = [
    "Certificate",
    "CertificateBatch",
    "CertificateBatchItem",
    "CertificateEvent",
    "CertificateSequence",
    "CertificateTemplate",
    "CertificateTemplateLogo",
    "CertificateTemplateSignatory",
    "CourseCertificateSettings",
    "new_verification_code",
]

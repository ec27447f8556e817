"""The certificate record, its audit trail and the yearly number counters."""

from courses.certificates.models.certificates import Certificate, CertificateEvent, new_verification_code
from courses.certificates.models.sequences import CertificateSequence

__all__ = ["Certificate", "CertificateEvent", "CertificateSequence", "new_verification_code"]

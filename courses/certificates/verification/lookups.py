"""Finding a certificate by its verification code, or by its number and its holder's name, and the public
facts a verification shows (the page, the JSON and a checked credential say the same, nothing else
personal)."""

import unicodedata

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from courses.certificates.models import Certificate

MAX_CODE_LENGTH = 32


VALID, REVOKED, EXPIRED = "valid", "revoked", "expired"


def normalized_name(name):
    """Names match whatever their case, spacing or Unicode composition: "siti  AMINAH" is "Siti Aminah"."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def by_code(code):
    if not code or len(code) > MAX_CODE_LENGTH:
        return None
    return Certificate.objects.select_related("replaced_by").filter(verification_code=code).first()


def by_number_and_name(number, name):
    """The certificate with this number whose holder is `name`; a number alone finds nothing."""
    wanted = normalized_name(name)
    number = " ".join(number.split())
    if not wanted or not number:
        return None
    for certificate in Certificate.objects.filter(number__iexact=number).order_by("-issued_at"):
        if normalized_name(certificate.holder_name) == wanted:
            return certificate
    return None


def status_of(certificate, today=None):
    if certificate.is_revoked:
        return REVOKED
    if certificate.is_expired(today):
        return EXPIRED
    return VALID


def replacement_of(certificate):
    try:
        return certificate.replaced_by
    except ObjectDoesNotExist:
        return None


def facts(certificate):
    """The public facts of a certificate: what the page shows and the JSON says, nothing else personal."""
    replacement = replacement_of(certificate) if certificate.is_revoked else None
    return {
        "verification_code": certificate.verification_code,
        "verification_url": certificate.verification_url,
        "status": status_of(certificate),
        "holder_name": certificate.holder_name,
        "course_title": {"id": certificate.course_title("id"), "en": certificate.course_title("en")},
        "course_start_date": certificate.course_start_date,
        "course_end_date": certificate.course_end_date,
        "learning_hours": certificate.learning_hours,
        "number": certificate.number,
        "issued_on": timezone.localtime(certificate.issued_at).date(),
        "expires_on": certificate.expires_on,
        # Set only when the course prints the score on its certificates.
        "final_score": certificate.final_score,
        "revoked_on": timezone.localtime(certificate.revoked_at).date() if certificate.revoked_at else None,
        "revocation_reason": certificate.revoked_reason if certificate.is_revoked else None,
        "replacement": replacement,
    }

"""Finding a certificate by its verification code, or by its number and its holder's name, and the public
facts a verification shows (the page, the JSON and a checked credential say the same, nothing else
personal)."""

import unicodedata

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from courses.certificates.models import Certificate

MAX_CODE_LENGTH = 32


VALID, REVOKED, EXPIRED = "valid", "revoked", "expired"


# Academic titles written before or after an Indonesian name (Dr., Prof., Ir., Drs., Dra., and the
# degree abbreviations of Permendikbud 154/2014 and its predecessors), as keys: dots and case removed.
# A certificate prints the name "with titles", a person verifying often types it without them.
# Religious honorifics (H., Hj.) are not titles here: "H." is as often a middle initial.
ACADEMIC_TITLES = frozenset(
    """
    dr drs dra prof ir
    amd amdak amdkeb amdkep amdkom amdpar
    sag sak sap sars sb sds se sei sfarm sfil sgz sh shi shum sikom sip skep sked skg skm skom smat sn
    sp spd spdi spi spsi spt ss ssi ssn ssos sst sstat ssy st ste sth stp str strpar
    ma mag mak map mars mba mds me mei meng mfarm mh mhi mhum mikom mip mkep mkes mkn mkom mm mmat
    mp mpa mpd mpdi mph mpsi msc msi msn msos mstat mt mth mtr llm lc phd
    """.split()
)

# Titles without their dots ("Dr Budi", "Prof Budi") are titles wherever they stand; any other key is
# one only when it was written with a dot or after the first comma ("Budi, SH"), so a name such as
# "Ma" or "Se" is never taken for M.A. or S.E.
UNDOTTED_TITLES = frozenset({"dr", "drs", "dra", "prof", "ir"})

# Letters that Unicode does not decompose into a base letter and a mark (Vietnamese đ, Nordic ø, Polish ł,
# Turkish dotless ı), spelt the way people without the key type them.
UNDECOMPOSED_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "ħ": "h"})


def _plain(text):
    """Accents and case removed: "Nguyễn" is "nguyen", "ĐẶNG" is "dang"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return bare.casefold().translate(UNDECOMPOSED_LETTERS)


def _key(word):
    """The letters and digits of a word: "M.Si." is "msi", "O'Brien" is "obrien" (ʼ and ʻ are dropped too)."""
    return "".join(character for character in word if character.isalnum() and unicodedata.category(character) != "Lm")


def _is_title(word, after_comma):
    key = _key(word)
    if key not in ACADEMIC_TITLES:
        return False
    return key in UNDOTTED_TITLES or after_comma or "." in word


def normalized_name(name):
    """A name as a verification compares it: accents, case, punctuation, spaces and academic titles removed.

    "Nguyen" is "Nguyễn, S.H., M.Si.", "dr. siti aminah" is "Siti Aminah", "O'Brien" is "O Brien" and
    "Siti-Aminah" is "Siti Aminah" (spaces are dropped with the punctuation, as people write such names
    both ways). Both the name typed and the name on the certificate go through this, so the rule is
    symmetric; the certificate's number must match as well.
    """
    keys = []
    for position, part in enumerate(_plain(name or "").split(",")):
        for word in part.split():
            if not _is_title(word, after_comma=position > 0):
                keys.append(_key(word))
    return "".join(keys)


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

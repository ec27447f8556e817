"""Revocation and suspension as W3C Bitstring Status Lists (https://www.w3.org/TR/vc-bitstring-status-list/).

Every certificate gets a random, unused ``status_list_index`` at issue (stored, unique): its bit
in two public lists, ``/v/status/revocation.json`` and ``/v/status/suspension.json``, each a
``BitstringStatusListCredential`` signed like the certificates' credentials (``eddsa-rdfc-2022``
by the did:web issuer). A set bit means revoked (or suspended). The lists are 131,072 bits (16 KiB
before compression, the specification's minimum, so one index says little about the issue order),
GZIP-compressed and base64url-encoded with the multibase prefix ``u``.

Building a list is one query over the revoked (or suspended) certificates and a signature, so it is
kept in the cache and simply dropped (`forget`) whenever a certificate is revoked, reissued,
suspended or reinstated; the next request builds it again.
"""

import base64
import gzip
import io
import secrets

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse

from courses.certificates import credentials, data_integrity
from courses.certificates.choices import CertificateStatus
from courses.certificates.models import Certificate

LIST_LENGTH = 131_072  # bits
REVOCATION, SUSPENSION = "revocation", "suspension"
PURPOSES = (REVOCATION, SUSPENSION)
CACHE_KEY = "certificates:status-list:{purpose}"
CACHE_SECONDS = 24 * 3600


def list_url(purpose):
    return credentials.site_root() + reverse("certificate_status_list", args=[purpose])


def new_index():
    """A random index no certificate holds yet (two issues picking the same one at once: the unique constraint)."""
    for _attempt in range(100):
        index = secrets.randbelow(LIST_LENGTH)
        if not Certificate.objects.filter(status_list_index=index).exists():
            return index
    raise RuntimeError("the status list is nearly full: make it longer")


def index_of(certificate):
    """The certificate's index, given one now if it was issued before the lists existed."""
    if certificate.status_list_index is None:
        certificate.status_list_index = new_index()
        Certificate.objects.filter(pk=certificate.pk, status_list_index=None).update(
            status_list_index=certificate.status_list_index
        )
        certificate.refresh_from_db(fields=["status_list_index"])
    return certificate.status_list_index


def entry(certificate, purpose=REVOCATION):
    """The credential's ``credentialStatus``: its BitstringStatusListEntry in the list of `purpose`.

    A credential carries the revocation entry only: the Open Badges 3.0 JSON schema allows one
    ``credentialStatus`` object, not a list. The suspension list is published all the same, and
    suspensions show on our verification page and in its JSON (docs/certificates.md).
    """
    index = index_of(certificate)
    return {
        "id": f"{list_url(purpose)}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url(purpose),
    }


def set_indexes(purpose):
    condition = Q(status=CertificateStatus.REVOKED) if purpose == REVOCATION else Q(suspended=True)
    return Certificate.objects.filter(condition, status_list_index__isnull=False).values_list(
        "status_list_index", flat=True
    )


def encode(indexes, length=LIST_LENGTH):
    """The bitstring with `indexes` set (bit 0 is the first byte's most significant bit), GZIP, multibase base64url."""
    bits = bytearray(length // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode("ascii")


def decode(encoded_list):
    """The bitstring of an ``encodedList``; ValueError when it is not one."""
    if not isinstance(encoded_list, str) or not encoded_list.startswith("u") or len(encoded_list) > 200_000:
        raise ValueError("not a multibase base64url list")
    text = encoded_list[1:]
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        decompressor = gzip.GzipFile(fileobj=io.BytesIO(compressed))
        bits = decompressor.read(LIST_LENGTH // 8 * 16 + 1)  # refuses a decompression bomb
    except (OSError, EOFError, ValueError) as error:
        raise ValueError("not a GZIP-compressed list") from error
    if len(bits) > LIST_LENGTH // 8 * 16:
        raise ValueError("the list is too long")
    return bits


def is_set(bits, index):
    return 0 <= index < len(bits) * 8 and bool(bits[index // 8] & (0x80 >> (index % 8)))


def build(purpose):
    """The signed BitstringStatusListCredential of `purpose` (None when no signing key is configured)."""
    key = credentials.issuer_key()
    if key is None:
        return None
    url = list_url(purpose)
    document = {
        "@context": [credentials.VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": credentials.issuer_did(),
        "validFrom": data_integrity.iso_now(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode(set_indexes(purpose)),
        },
    }
    return data_integrity.add_proof(
        document, key.private_key, credentials.verification_method_id(key.public_key), created=document["validFrom"]
    )


def status_list_credential(purpose):
    """The list of `purpose`, from the cache when it was built since the last change."""
    cache_key = CACHE_KEY.format(purpose=purpose)
    document = cache.get(cache_key)
    if document is None:
        document = build(purpose)
        if document is not None:
            cache.set(cache_key, document, CACHE_SECONDS)
    return document


def forget():
    """Drop the cached lists (after a revocation, reissue, suspension or reinstatement)."""
    cache.delete_many([CACHE_KEY.format(purpose=purpose) for purpose in PURPOSES])


def current_status(certificate):
    """{"revocation": bool, "suspension": bool}: what the published lists say of `certificate` now."""
    return {REVOCATION: certificate.is_revoked, SUSPENSION: certificate.suspended}

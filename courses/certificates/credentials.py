"""The portable credential: a certificate as an Open Badges 3.0 achievement credential, signed.

An ``OpenBadgeCredential`` (W3C Verifiable Credentials data model 2.0 with the Open Badges 3.0.3
context), issued by the site's ``did:web`` (`issuer_did`, DID document at /.well-known/did.json),
in two forms: JSON-LD with an ``eddsa-rdfc-2022`` Data Integrity proof (`signed_credential`,
`courses.certificates.data_integrity`), and the VC-JWT (Open Badges 3.0, section 8.2: the JWT's
payload is the credential plus ``iss``, ``jti``, ``nbf`` and ``exp`` when it expires, signed
EdDSA; `credential_jwt`). Both carry the certificate's revocation entry in the published Bitstring
Status List (`courses.certificates.status_list`).

The credential's ``id`` is the certificate's public verification URL, which says the current
status. The public key is published in the DID document (a Multikey, with the retired keys of
``CERTIFICATE_RETIRED_PUBLIC_KEYS``) and as a JWK set at ``certificate_issuer_key``
(/v/issuer/key.json), with the issuer's profile at ``certificate_issuer`` (/v/issuer/).

The key comes from the environment, never from the repository: ``CERTIFICATE_SIGNING_KEY`` (a
PKCS#8 PEM, or the 32-byte raw private key in base64) or the file named by
``CERTIFICATE_SIGNING_KEY_FILE``; ``CERTIFICATE_SIGNING_KEY_ID`` overrides the JWT key id (by
default the key's RFC 7638 thumbprint, which is always the DID document's key fragment).
Development settings generate a throwaway key into a git-ignored file on first use; without a key
the feature is off (no download links, its URLs answer 404) and ``check --deploy`` warns.
"""

import base64
import binascii
import datetime
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from django.conf import settings
from django.core import checks
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.certificates import data_integrity

logger = logging.getLogger(__name__)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CONTEXT = [VC_CONTEXT, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
ALGORITHM = "EdDSA"
MAX_TOKEN_LENGTH = 20_000  # a credential here is about 2 kB; anything much longer is not one of ours
VERIFICATION_CODE_IN_PATH = re.compile(r"^/v/(?P<code>[A-Za-z0-9_-]{1,32})/$")


class CredentialError(Exception):
    """The text is not a credential this site could have signed; the message is for the visitor."""


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# The key


@dataclass(frozen=True)
class IssuerKey:
    private_key: Ed25519PrivateKey
    kid: str

    @property
    def public_key(self):
        return self.private_key.public_key()

    @property
    def public_jwk(self):
        return {**public_jwk_members(self.public_key), "kid": self.kid, "alg": ALGORITHM, "use": "sig"}


def public_jwk_members(public_key):
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def thumbprint(public_key):
    """RFC 7638: the SHA-256 of the JWK's required members, sorted, without spaces."""
    members = json.dumps(public_jwk_members(public_key), sort_keys=True, separators=(",", ":"))
    return b64url(hashlib.sha256(members.encode()).digest())


def parse_private_key(text):
    """An Ed25519 private key from a PKCS#8 PEM or from its 32 raw bytes in base64 (standard or URL-safe)."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    raw = base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    if len(raw) != 32:
        raise ValueError("a raw Ed25519 private key is 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def new_private_key_pem():
    """A new key as PKCS#8 PEM: what `CERTIFICATE_SIGNING_KEY` takes (docs/certificates.md)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def key_source():
    """The configured key's text, generating the development key file when the settings ask for it."""
    if settings.CERTIFICATE_SIGNING_KEY:
        return settings.CERTIFICATE_SIGNING_KEY
    if not settings.CERTIFICATE_SIGNING_KEY_FILE:
        return ""
    path = Path(settings.CERTIFICATE_SIGNING_KEY_FILE)
    if not path.exists() and settings.CERTIFICATE_SIGNING_KEY_GENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process generated it meanwhile
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(new_private_key_pem())
            logger.warning("generated a development certificate signing key in %s", path)
    try:
        return path.read_text()
    except OSError:
        return ""


_loaded = {}


def issuer_key():
    """The institution's signing key, or None when none is configured (or it cannot be read)."""
    source = key_source()
    if not source:
        return None
    cache_key = (source, settings.CERTIFICATE_SIGNING_KEY_ID)
    if cache_key not in _loaded:
        try:
            private_key = parse_private_key(source)
        except (ValueError, TypeError, binascii.Error):
            logger.exception("CERTIFICATE_SIGNING_KEY is not an Ed25519 private key; credentials are off")
            return None
        kid = settings.CERTIFICATE_SIGNING_KEY_ID or thumbprint(private_key.public_key())
        _loaded.clear()
        _loaded[cache_key] = IssuerKey(private_key, kid)
    return _loaded[cache_key]


def credentials_enabled():
    return issuer_key() is not None


def key_set():
    """The JWK set published at `certificate_issuer_key`."""
    key = issuer_key()
    return {"keys": [key.public_jwk] if key else []}


def retired_public_keys():
    """Earlier signing keys' public halves (`CERTIFICATE_RETIRED_PUBLIC_KEYS`, Multikeys ``z6Mk…``).

    The DID document keeps listing them so credentials signed before a key change still verify; an
    entry that is not an Ed25519 Multikey is skipped (and logged).
    """
    keys = []
    for text in re.split(r"[\s,]+", settings.CERTIFICATE_RETIRED_PUBLIC_KEYS or ""):
        if not text:
            continue
        try:
            keys.append(data_integrity.public_key_from_multikey(text))
        except ValueError:
            logger.error("CERTIFICATE_RETIRED_PUBLIC_KEYS: %r is not an Ed25519 Multikey; skipped", text)
    return keys


# The issuer as did:web (https://w3c-ccg.github.io/did-method-web/)


def issuer_did():
    """``did:web:`` + the base URL's host, its port percent-encoded (``did:web:127.0.0.1%3A8000``)."""
    parts = urlsplit(settings.BASE_URL)
    host = (parts.hostname or "localhost").encode("idna").decode("ascii")
    return "did:web:" + host + (f"%3A{parts.port}" if parts.port else "")


def verification_method_id(public_key):
    """The key's id in the DID document: the DID and the key's RFC 7638 thumbprint as the fragment."""
    return f"{issuer_did()}#{thumbprint(public_key)}"


def published_public_keys():
    """The current key first, then the retired ones (without duplicates)."""
    key = issuer_key()
    keys = [key.public_key] if key else []
    seen = {thumbprint(public_key) for public_key in keys}
    for public_key in retired_public_keys():
        if thumbprint(public_key) not in seen:
            seen.add(thumbprint(public_key))
            keys.append(public_key)
    return keys


def did_document():
    """The DID document served at /.well-known/did.json: every published key, as a Multikey."""
    did = issuer_did()
    methods = [
        {
            "id": verification_method_id(public_key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": data_integrity.multikey(public_key),
        }
        for public_key in published_public_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def public_key_for(verification_method):
    """Our published key with this verification method id, or None."""
    for public_key in published_public_keys():
        if verification_method_id(public_key) == verification_method:
            return public_key
    return None


def check_signing_key(app_configs=None, **kwargs):
    if settings.CERTIFICATE_SIGNING_KEY or settings.CERTIFICATE_SIGNING_KEY_FILE:
        if issuer_key() is None:
            return [
                checks.Warning(
                    "CERTIFICATE_SIGNING_KEY (or the file CERTIFICATE_SIGNING_KEY_FILE) is set but is not a "
                    "readable Ed25519 private key, so certificates cannot be downloaded as signed credentials.",
                    hint="Generate one with the command in docs/certificates.md.",
                    id="certificates.W002",
                )
            ]
        return []
    return [
        checks.Warning(
            "No CERTIFICATE_SIGNING_KEY: certificates cannot be downloaded as signed Open Badges credentials "
            "(the links are hidden and the credential URLs answer 404). Verification pages work without it.",
            hint="Generate a key with the command in docs/certificates.md and set CERTIFICATE_SIGNING_KEY.",
            id="certificates.W001",
        )
    ]


# The credential


def site_root():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def issuer_name():
    from home import routing
    from home.models import SiteSettings

    site = routing.default_site()
    name = routing.site_setting(SiteSettings, site).organisation_name if site else ""
    return name or settings.WAGTAIL_SITE_NAME


def issuer_profile(name=None):
    """The issuer's Open Badges Profile, also published at `certificate_issuer`: its id is the did:web."""
    return {
        "@context": CONTEXT,
        "id": issuer_did(),
        "type": ["Profile"],
        "name": name or issuer_name(),
        "url": site_root() + "/",
        "image": {"id": site_root() + static("img/apple-touch-icon.png"), "type": "Image"},
    }


def iso_datetime(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_end(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max.replace(microsecond=0)))


def build_credential(certificate, issuer=None):
    """The OpenBadgeCredential of `certificate`, as a dict (unsigned)."""
    issuer = issuer or issuer_profile()
    title = certificate.course_title("id")
    hours = certificate.learning_hours
    period = f"{certificate.course_start_date:%Y-%m-%d} – {certificate.course_end_date:%Y-%m-%d}"
    description = f"{certificate.course_title('id')} / {certificate.course_title('en')}, {period}"
    if hours:
        description += f", {hours} JP"
    achievement = {
        "id": f"urn:uuid:{certificate.course_key}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": title,
        "description": description,
        "criteria": {"narrative": "Completed the training according to the course's completion rules."},
        "inLanguage": "id",
    }
    if hours:
        achievement["creditsAvailable"] = float(hours)
    subject = {
        "type": ["AchievementSubject"],
        # The name as printed on the certificate and shown on the public verification page.
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.holder_name,
            }
        ],
        "achievement": achievement,
        "activityStartDate": iso_datetime(day_start(certificate.course_start_date)),
        "activityEndDate": iso_datetime(day_end(certificate.course_end_date)),
    }
    if hours:
        subject["creditsEarned"] = float(hours)
    credential = {
        "@context": CONTEXT,
        "id": certificate.verification_url,
        "type": TYPE,
        "name": f"{title} ({certificate.number})",
        "issuer": {key: value for key, value in issuer.items() if key != "@context"},
        "validFrom": iso_datetime(certificate.issued_at),
        "credentialSubject": subject,
    }
    if certificate.expires_on:
        credential["validUntil"] = iso_datetime(day_end(certificate.expires_on))
    from courses.certificates import status_list  # it builds on this module

    credential["credentialStatus"] = status_list.entry(certificate)
    return credential


def signed_credential(certificate, key=None):
    """The JSON-LD credential of `certificate` with its ``eddsa-rdfc-2022`` Data Integrity proof."""
    key = key or issuer_key()
    if key is None:
        raise RuntimeError("no certificate signing key is configured")
    credential = build_credential(certificate)
    # The proof as a list of one: the Open Badges 3.0 JSON schema wants `proof` to be an array.
    return data_integrity.add_proof(credential, key.private_key, verification_method_id(key.public_key), as_list=True)


def sign(payload, key):
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key.kid}
    signing_input = ".".join(
        b64url(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode()) for part in (header, payload)
    )
    return signing_input + "." + b64url(key.private_key.sign(signing_input.encode("ascii")))


def credential_jwt(certificate, key=None):
    """The signed VC-JWT of `certificate`; raises RuntimeError when no key is configured."""
    key = key or issuer_key()
    if key is None:
        raise RuntimeError("no certificate signing key is configured")
    credential = build_credential(certificate)
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "iat": int(timezone.now().timestamp()),
    }
    if certificate.expires_on:
        claims["exp"] = int(day_end(certificate.expires_on).timestamp())
    return sign({**credential, **claims}, key)


# Checking a pasted credential


# Why a pasted credential is not good (`CheckedCredential.problem`); "" when its signature is good.
BAD_SIGNATURE, UNKNOWN_ISSUER, MALFORMED = "bad_signature", "unknown_issuer", "malformed"
MAX_JSON_LENGTH = 64_000  # ours are about 3 kB
MAX_JSON_DEPTH = 16  # ours nest 6 deep
MAX_JSON_NODES = 2_000  # values of every kind; ours have about 60
# JSON objects in a pasted JSON-LD credential (ours have 9) and no blank node ids ("_:…", ours have none):
# RDF canonicalisation takes time factorial in the number of alike blank nodes, so a "poison graph"
# of many alike objects could keep a worker busy for hours. Anything past this is not ours anyway.
MAX_JSON_LD_OBJECTS = 16


@dataclass
class CheckedCredential:
    signature_good: bool
    reason: str  # why the signature is not good, for the visitor
    payload: dict
    certificate: object  # the Certificate it names, or None
    problem: str = ""  # BAD_SIGNATURE, UNKNOWN_ISSUER or MALFORMED when the signature is not good
    form: str = "jwt"  # "jwt" or "json-ld"


def decode(token):
    """(header, payload, signing input, signature) of a compact JWS; CredentialError when it is not one."""
    token = "".join((token or "").split())  # pasted text often carries line breaks
    if not token:
        raise CredentialError(_("Paste the credential (the text of the .jwt file)."))
    if len(token) > MAX_TOKEN_LENGTH:
        raise CredentialError(_("This text is far too long to be one of our credentials."))
    parts = token.split(".")
    if len(parts) != 3:
        raise CredentialError(_("This is not a signed credential: it should be three parts separated by dots (a JWT)."))
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError, binascii.Error, RecursionError) as error:  # deep nesting: RecursionError
        raise CredentialError(_("This text could not be read as a credential: it is damaged or incomplete.")) from error
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise CredentialError(_("This text could not be read as a credential: it is damaged or incomplete."))
    check_shape(payload)
    types = payload.get("type") or []
    if not isinstance(types, list | str) or "OpenBadgeCredential" not in types:
        raise CredentialError(_("This is a signed token, but not an Open Badges credential."))
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def certificate_named_by(payload):
    from courses.certificates.models import Certificate

    identifier = payload.get("id") or payload.get("jti")
    if not isinstance(identifier, str) or len(identifier) > 500:
        return None
    try:
        path = urlsplit(identifier).path
    except ValueError:  # not a URL, e.g. "http://[x/" (an unclosed IPv6 address)
        return None
    match = VERIFICATION_CODE_IN_PATH.match(path)
    if match is None:
        return None
    return Certificate.objects.select_related("replaced_by").filter(verification_code=match["code"]).first()


def check_credential(token, key=None):
    """Check a pasted credential's signature against our key and find its certificate.

    Raises CredentialError for text that is not a credential at all.
    """
    header, payload, signing_input, signature = decode(token)
    key = key or issuer_key()
    certificate = certificate_named_by(payload)
    if key is None:
        return CheckedCredential(False, _("This site has no signing key configured."), payload, certificate, MALFORMED)
    if header.get("alg") != ALGORITHM:
        reason = _("It is not signed with this institution's kind of key (EdDSA).")
        return CheckedCredential(False, reason, payload, certificate, UNKNOWN_ISSUER)
    if header.get("kid") not in (None, key.kid):
        reason = _("It was signed with a key this institution does not publish.")
        return CheckedCredential(False, reason, payload, certificate, UNKNOWN_ISSUER)
    try:
        key.public_key.verify(signature, signing_input)
    except InvalidSignature:
        return CheckedCredential(False, str(SIGNATURE_MISMATCH), payload, certificate, BAD_SIGNATURE)
    return CheckedCredential(True, "", payload, certificate)


SIGNATURE_MISMATCH = gettext_lazy(
    "The signature does not match: the credential was changed after it was signed, or is forged."
)


def check_shape(value, max_objects=MAX_JSON_NODES):
    """CredentialError when `value` (parsed JSON) nests too deep or holds too many values to be one of ours."""
    pending, count, objects = [(value, 1)], 0, 0
    while pending:
        item, depth = pending.pop()
        count += 1
        if depth > MAX_JSON_DEPTH or count > MAX_JSON_NODES or objects > max_objects:
            raise CredentialError(_("This credential is nested far too deeply or is far too large to be one of ours."))
        if isinstance(item, dict):
            objects += 1
            for name in ("id", "@id"):
                if isinstance(item.get(name), str) and item[name].startswith("_:"):
                    raise CredentialError(_("This credential names blank nodes (_:…), which ours never do."))
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)


def looks_like_json(text):
    return (text or "").lstrip().startswith("{")


def check(text, key=None):
    """Check a pasted credential, JSON-LD (with a Data Integrity proof) or a VC-JWT, whichever it is."""
    return check_json_credential(text) if looks_like_json(text) else check_credential(text, key)


def check_json_credential(text):
    """Check a pasted JSON-LD credential's Data Integrity proof against our DID's keys, and find its certificate.

    Raises CredentialError for text that is not a credential at all (malformed JSON, no proof, not
    JSON-LD we can read); a credential from another issuer, or whose signature does not match, is a
    CheckedCredential with the reason.
    """
    if len(text) > MAX_JSON_LENGTH:
        raise CredentialError(_("This text is far too long to be one of our credentials."))
    try:
        credential = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise CredentialError(_("This is not valid JSON: it is damaged or incomplete.")) from error
    if not isinstance(credential, dict):
        raise CredentialError(_("This is not a credential: a credential is a JSON object."))
    check_shape(credential, max_objects=MAX_JSON_LD_OBJECTS)
    types = credential.get("type")
    if not isinstance(types, list | str) or "OpenBadgeCredential" not in types:
        raise CredentialError(_("This JSON is not an Open Badges credential (its type has no OpenBadgeCredential)."))
    if credential.get("@context") != CONTEXT:
        raise CredentialError(
            _("This credential does not use the JSON-LD contexts of our credentials (VC 2.0 and Open Badges 3.0.3).")
        )
    try:
        proof = data_integrity.proof_of(credential)
    except data_integrity.ProofError as error:
        raise CredentialError(
            _("This credential has no proof this site can check (an eddsa-rdfc-2022 Data Integrity proof).")
        ) from error
    certificate = certificate_named_by(credential)
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    method = proof["verificationMethod"]
    public_key = public_key_for(method)
    if issuer_id != issuer_did() or not method.startswith(issuer_did() + "#"):
        reason = _("It was not issued by this institution: its issuer is not %(did)s.") % {"did": issuer_did()}
        return CheckedCredential(False, reason, credential, certificate, UNKNOWN_ISSUER, "json-ld")
    if public_key is None:
        reason = _("It was signed with a key this institution does not publish.")
        return CheckedCredential(False, reason, credential, certificate, UNKNOWN_ISSUER, "json-ld")
    try:
        data_integrity.verify_proof(credential, public_key)
    except data_integrity.BadSignature:
        return CheckedCredential(False, str(SIGNATURE_MISMATCH), credential, certificate, BAD_SIGNATURE, "json-ld")
    except data_integrity.ProofError as error:
        reason = _("It cannot be read as JSON-LD, so its proof cannot be checked: %(error)s.") % {"error": error}
        return CheckedCredential(False, reason, credential, certificate, MALFORMED, "json-ld")
    return CheckedCredential(True, "", credential, certificate, "", "json-ld")

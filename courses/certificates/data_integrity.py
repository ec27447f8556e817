"""Data Integrity proofs (W3C vc-di-eddsa, cryptosuite ``eddsa-rdfc-2022``) over JSON-LD, offline.

Signing (vc-di-eddsa §3.3, "Create Proof"): the proof options (type, cryptosuite, created,
verificationMethod, proofPurpose, with the document's ``@context``) and the document without its
proof are each canonicalised with RDF Dataset Canonicalization (RDFC-1.0, which is URDNA2015:
PyLD's ``normalize`` with ``algorithm="URDNA2015"`` and N-Quads output); the data signed is
``sha256(canonical proof options) || sha256(canonical document)``, and ``proofValue`` is the
Ed25519 signature in multibase base58btc (``z…``). Verifying recomputes the same and checks it.

Expansion is strict, like jsonld.js's "safe mode" that Digital Bazaar's suite uses: a term no
context defines would be dropped from the signed data without a word, so it is an error here.

The JSON-LD contexts are bundled (``contexts/``, README there): the document loader serves those
files and refuses every other URL, so nothing here ever reaches the network.

Keys are Multikeys: ``publicKeyMultibase`` is ``z`` + base58btc(0xed 0x01 + the 32-byte key).
"""

import datetime
import hashlib
import json
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
# URL -> bundled file (contexts/README.md names each file's source and licence).
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
}
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
MULTIKEY_ED25519_PREFIX = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class ProofError(Exception):
    """The document cannot be canonicalised or its proof is not one this module can check."""


class BadSignature(ProofError):
    """The proof is well formed but the signature does not match the document."""


# Multibase and Multikey


def base58btc(data):
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def base58btc_decode(text):
    if not isinstance(text, str) or not text or any(char not in BASE58_ALPHABET for char in text) or len(text) > 200:
        raise ValueError("not base58btc")
    number = 0
    for char in text:
        number = number * 58 + BASE58_ALPHABET.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey(public_key):
    """The Multikey ``publicKeyMultibase`` of an Ed25519 public key (``z6Mk…``)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc(MULTIKEY_ED25519_PREFIX + raw)


def public_key_from_multikey(text):
    """The Ed25519 public key of a ``publicKeyMultibase``; ValueError when it is not one."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    raw = base58btc_decode(text[1:])
    if len(raw) != 34 or not raw.startswith(MULTIKEY_ED25519_PREFIX):
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


# Canonicalisation


@cache
def bundled_context(url):
    return json.loads((CONTEXTS_DIR / CONTEXT_FILES[url]).read_text())


def document_loader(url, options=None):
    """PyLD's document loader: the bundled contexts, nothing else (no network, ever)."""
    if url not in CONTEXT_FILES:
        raise jsonld.JsonLdError(
            f"The context {url!r} is not bundled with this site.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading remote context failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": bundled_context(url),
    }


def _refuse_dropped(expanded_property, *args, **kwargs):
    raise jsonld.JsonLdError(
        f"The property {expanded_property!r} is not defined by the document's contexts.",
        "jsonld.ValidationError",
        code="invalid property",
    )


def canonicalize(document):
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document; ProofError when it cannot be."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped)
    try:
        return processor.normalize(
            document,
            {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
        )
    except jsonld.JsonLdError as error:
        raise ProofError(_innermost_message(error)) from error
    except (RecursionError, TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError) as error:
        raise ProofError("the document is not valid JSON-LD") from error


def _innermost_message(error):
    while isinstance(getattr(error, "cause", None), jsonld.JsonLdError) or isinstance(
        error.__cause__, jsonld.JsonLdError
    ):
        error = getattr(error, "cause", None) or error.__cause__
    return getattr(error, "message", None) or str(error).splitlines()[0]


def hash_data(document, proof_options):
    """vc-di-eddsa "Hashing": sha256(canonical proof configuration) || sha256(canonical document)."""
    proof_hash = hashlib.sha256(canonicalize(proof_options).encode()).digest()
    document_hash = hashlib.sha256(canonicalize(document).encode()).digest()
    return proof_hash + document_hash


def iso_now():
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_proof(document, private_key, verification_method, created=None, as_list=False):
    """A copy of `document` with an ``eddsa-rdfc-2022`` DataIntegrityProof by `private_key` (in a list of one if asked)."""
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created or iso_now(),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(hash_data(unsigned, {"@context": unsigned["@context"], **proof}))
    proof["proofValue"] = "z" + base58btc(signature)
    return {**unsigned, "proof": [proof] if as_list else proof}


def proof_of(document):
    """The one ``eddsa-rdfc-2022`` proof of `document`, checked for shape; ProofError otherwise."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise ProofError("the document carries no Data Integrity proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"the proof is not a {PROOF_TYPE} with the cryptosuite {CRYPTOSUITE}")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise ProofError(f"the proof's purpose is not {PROOF_PURPOSE}")
    for name in ("verificationMethod", "proofValue", "created"):
        if not isinstance(proof.get(name), str):
            raise ProofError(f"the proof has no {name}")
    return proof


def verify_proof(document, public_key):
    """Check `document`'s proof with `public_key`: BadSignature when it does not match, ProofError when malformed."""
    proof = proof_of(document)
    try:
        if not proof["proofValue"].startswith("z"):
            raise ValueError("not base58btc")
        signature = base58btc_decode(proof["proofValue"][1:])
    except ValueError as error:
        raise ProofError("the proof value is not a base58btc signature") from error
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" not in unsigned:
        raise ProofError("the document has no @context")
    data = hash_data(unsigned, {**options, "@context": unsigned["@context"]})
    try:
        public_key.verify(signature, data)
    except InvalidSignature as error:
        raise BadSignature("the signature does not match the document") from error

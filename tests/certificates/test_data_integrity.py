"""The JSON-LD credential: an OpenBadgeCredential with an eddsa-rdfc-2022 Data Integrity proof, the did:web
issuer, the Bitstring Status Lists, and /v/credential/ reading a pasted JSON-LD credential."""

import datetime
import json

import jsonschema
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from django.test import override_settings
from django.urls import reverse

from courses.certificates import credentials, data_integrity, status_list
from courses.certificates.issuing import reissue, set_suspended
from tests.certificates.test_credentials import admin_user, certificate, signing_key  # noqa: F401 (fixtures)

SCHEMA = data_integrity.CONTEXTS_DIR / "ob_v3p0_achievementcredential_schema.json"


def download_json(client, certificate):  # noqa: F811
    client.force_login(certificate.holder)
    response = client.get(reverse("certificate_credential_json", args=[certificate.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-001-PKH-SMG-IX-2021.json"'
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def paste(client, text):
    return client.post(reverse("certificate_verify_credential"), {"credential": text}, HTTP_ACCEPT_LANGUAGE="en")


def verdict(response):
    return response.content.decode().split('data-verdict="', 1)[1].split('"', 1)[0]


def test_multibase_and_multikey():
    assert data_integrity.base58btc(b"hello world") == "StV1DL6CwTryKyV"
    assert data_integrity.base58btc(b"\0\0\x01") == "112"
    assert data_integrity.base58btc_decode("112") == b"\0\0\x01"
    key = Ed25519PrivateKey.generate().public_key()
    multikey = data_integrity.multikey(key)
    assert multikey.startswith("z6Mk") and len(multikey) == 48
    assert data_integrity.public_key_from_multikey(multikey).public_bytes_raw() == key.public_bytes_raw()
    for bad in ("", "z", "zOOO", "u" + multikey[1:], "z" + data_integrity.base58btc(b"\x12\x00" + bytes(32)), 5):
        with pytest.raises(ValueError):
            data_integrity.public_key_from_multikey(bad)


def test_the_loader_serves_bundled_contexts_and_nothing_else():
    assert data_integrity.document_loader(credentials.VC_CONTEXT)["document"]["@context"]
    for url in ("https://example.org/context.json", "http://127.0.0.1/", "file:///etc/passwd"):
        with pytest.raises(data_integrity.jsonld.JsonLdError):
            data_integrity.document_loader(url)
    with pytest.raises(data_integrity.ProofError, match="not bundled"):
        data_integrity.canonicalize({"@context": "https://example.org/context.json", "name": "x"})


def test_the_credential_is_an_open_badge_with_a_data_integrity_proof(client, certificate):  # noqa: F811
    credential = download_json(client, certificate)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:testserver" and credential["issuer"]["type"] == ["Profile"]
    [proof] = credential["proof"]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod" and proof["proofValue"].startswith("z")
    key = credentials.issuer_key()
    assert proof["verificationMethod"] == "did:web:testserver#" + credentials.thumbprint(key.public_key)
    entry = credential["credentialStatus"]
    certificate.refresh_from_db()
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    assert entry["statusListIndex"] == str(certificate.status_list_index)
    assert entry["statusListCredential"] == "http://testserver/v/status/revocation.json"
    assert entry["id"] == f"http://testserver/v/status/revocation.json#{certificate.status_list_index}"
    data_integrity.verify_proof(credential, key.public_key)  # our own check; test_interop.py has another's
    # The 1EdTech Open Badges 3.0 JSON schema (bundled) accepts it.
    jsonschema.Draft201909Validator(json.loads(SCHEMA.read_text())).validate(credential)


def test_the_proof_follows_vc_di_eddsa_hashing(certificate):  # noqa: F811
    """sha256(canonical proof options) || sha256(canonical document), signed; checked by hand here."""
    credential = credentials.signed_credential(certificate)
    proof = dict(credential["proof"][0])
    signature = data_integrity.base58btc_decode(proof.pop("proofValue")[1:])
    document = {key: value for key, value in credential.items() if key != "proof"}
    import hashlib

    options_quads = data_integrity.canonicalize({"@context": document["@context"], **proof})
    document_quads = data_integrity.canonicalize(document)
    assert '<https://w3id.org/security#cryptosuite> "eddsa-rdfc-2022"' in options_quads
    assert "_:c14n0" in document_quads  # blank nodes are labelled canonically
    data = hashlib.sha256(options_quads.encode()).digest() + hashlib.sha256(document_quads.encode()).digest()
    credentials.issuer_key().public_key.verify(signature, data)


def test_an_undefined_term_cannot_slip_past_the_signature(certificate):  # noqa: F811
    credential = credentials.signed_credential(certificate)
    credential["undefinedTerm"] = "ignored by a lax processor"
    with pytest.raises(data_integrity.ProofError, match="not defined"):
        data_integrity.verify_proof(credential, credentials.issuer_key().public_key)


@pytest.mark.django_db  # every request reads the Wagtail site (home/routing.py)
def test_did_document_lists_current_and_retired_keys(client, signing_key, settings):  # noqa: F811
    retired = Ed25519PrivateKey.generate()
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = f" {data_integrity.multikey(retired.public_key())} , not-a-key"
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/did+ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["id"] == "did:web:testserver"
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    keys = [method["publicKeyMultibase"] for method in document["verificationMethod"]]
    assert keys == [data_integrity.multikey(signing_key.public_key()), data_integrity.multikey(retired.public_key())]
    assert document["assertionMethod"] == [method["id"] for method in document["verificationMethod"]]
    assert all(
        method["type"] == "Multikey" and method["controller"] == document["id"]
        for method in document["verificationMethod"]
    )
    data_integrity.canonicalize(document)  # valid JSON-LD with the bundled contexts


@pytest.mark.parametrize(
    ("base_url", "did"),
    [
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://latuharhary.komnasham.go.id", "did:web:latuharhary.komnasham.go.id"),
        ("https://Example.ORG:8443/", "did:web:example.org%3A8443"),
    ],
)
def test_the_did_is_the_base_urls_host_with_its_port_encoded(settings, base_url, did):
    settings.BASE_URL = base_url
    assert credentials.issuer_did() == did


def test_a_credential_signed_with_a_retired_key_still_verifies(client, certificate, settings):  # noqa: F811
    old = credentials.issuer_key()
    credential = credentials.signed_credential(certificate)
    new_key = Ed25519PrivateKey.generate()
    settings.CERTIFICATE_SIGNING_KEY = credentials.b64url(new_key.private_bytes_raw())
    assert paste(client, json.dumps(credential)).status_code == 200
    assert verdict(paste(client, json.dumps(credential))) == "unknown_issuer"
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = data_integrity.multikey(old.public_key)
    assert verdict(paste(client, json.dumps(credential))) == "valid"


def decoded_bit(client, purpose, index):
    response = client.get(reverse("certificate_status_list", args=[purpose]))
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == "did:web:testserver"
    subject = document["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == purpose
    data_integrity.verify_proof(document, credentials.issuer_key().public_key)
    bits = status_list.decode(subject["encodedList"])
    assert len(bits) * 8 == status_list.LIST_LENGTH
    return status_list.is_set(bits, index)


def test_revocation_and_reissue_set_the_bit_and_the_page_says_revoked(
    client,
    certificate,  # noqa: F811
    admin_user,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    credential = credentials.signed_credential(certificate)
    index = certificate.status_list_index
    assert not decoded_bit(client, "revocation", index)  # built and cached
    with django_capture_on_commit_callbacks(execute=True):
        replacement = reissue(certificate, admin_user, "Nama salah eja")
    assert decoded_bit(client, "revocation", index) and not decoded_bit(client, "suspension", index)
    assert replacement.status_list_index not in (None, index)
    assert not decoded_bit(client, "revocation", replacement.status_list_index)
    response = paste(client, json.dumps(credential))
    assert response.status_code == 200 and verdict(response) == "revoked"
    assert "Revoked" in response.content.decode()
    # The public link a wallet took is gone, the holder's download too.
    assert client.get(reverse("certificate_public_credential", args=[certificate.verification_code])).status_code == 410
    client.force_login(certificate.holder)
    assert client.get(reverse("certificate_credential_json", args=[certificate.pk])).status_code == 410


def test_suspension_is_listed_and_reported_the_same(
    client,
    certificate,  # noqa: F811
    admin_user,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    credential = json.dumps(credentials.signed_credential(certificate))
    with django_capture_on_commit_callbacks(execute=True):
        set_suspended(certificate, True, admin_user, "Sedang diperiksa")
    assert decoded_bit(client, "suspension", certificate.status_list_index)
    assert verdict(paste(client, credential)) == "suspended"
    data = client.get(reverse("certificate_verification_json", args=[certificate.verification_code])).json()
    assert data["status"] == "suspended" and data["suspended"] is True and data["valid"] is False
    page = client.get(certificate.verification_path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Suspended" in page
    with django_capture_on_commit_callbacks(execute=True):
        set_suspended(certificate, False, admin_user)
    assert not decoded_bit(client, "suspension", certificate.status_list_index)
    assert verdict(paste(client, credential)) == "valid"
    assert [event.action for event in certificate.events.all()][-2:] == ["suspended", "reinstated"]


def test_pasted_json_ld_credential_verdicts(client, certificate, settings):  # noqa: F811
    credential = credentials.signed_credential(certificate)
    response = paste(client, "\n" + json.dumps(credential, indent=2) + "\n")
    assert response.status_code == 200 and verdict(response) == "valid"
    assert "Signature good" in response.content.decode()

    tampered = json.loads(json.dumps(credential))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Orang Lain"
    response = paste(client, json.dumps(tampered))
    assert response.status_code == 200 and verdict(response) == "bad_signature"
    assert "The signature does not match" in response.content.decode()

    stranger = Ed25519PrivateKey.generate()
    forged = data_integrity.add_proof(
        {**credential, "issuer": {**credential["issuer"], "id": "did:web:elsewhere.example"}},
        stranger,
        "did:web:elsewhere.example#key-1",
    )
    assert verdict(paste(client, json.dumps(forged))) == "unknown_issuer"
    forged = data_integrity.add_proof(credential, stranger, "did:web:testserver#some-other-key")
    assert verdict(paste(client, json.dumps(forged))) == "unknown_issuer"

    certificate.expires_on = datetime.date(2022, 1, 1)
    certificate.save(update_fields=["expires_on"])
    assert verdict(paste(client, json.dumps(credentials.signed_credential(certificate)))) == "expired"


HOSTILE = [
    "{",
    "{}",
    "[]",
    '{"type": "OpenBadgeCredential"}',
    '{"type": 5, "proof": {}}',
    '{"type": ["OpenBadgeCredential"], "@context": "https://example.org/remote"}',
    "{" + '"a":' * 5000 + "1" + "}" * 5000,
    '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"type": ["OpenBadgeCredential"], "x": "' + "a" * 70_000 + '"}',
    '{"type": ["OpenBadgeCredential"], "x": [' + ",".join(["1"] * 3000) + "]}",
    "\ufeff{}",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_json_is_a_400_with_a_reason_never_a_500(client, certificate, text):  # noqa: F811
    response = paste(client, text)
    assert response.status_code == 400
    assert verdict(response) == "malformed"
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.update(proof="z123"),
        lambda c: c.update(proof=[c["proof"][0], c["proof"][0]]),
        lambda c: c["proof"][0].update(cryptosuite="ecdsa-rdfc-2019"),
        lambda c: c["proof"][0].update(proofValue="uNotBase58"),
        lambda c: c["proof"][0].update(proofValue=5),
        lambda c: c["proof"][0].update(verificationMethod=["x"]),
        lambda c: c["proof"][0].update(created="yesterday"),
        lambda c: c.update(issuer=["did:web:testserver"]),
        lambda c: c.update(credentialSubject="x" * 100),
        lambda c: c.update(validFrom={"@value": "not a date", "@type": "xsd:dateTime"}),
        lambda c: c.update(id=["http://testserver/v/x/"]),
        lambda c: c.update({"@context": [*c["@context"], {"@vocab": "https://evil.example/"}]}),
        # a "poison graph": many alike blank nodes, linked by blank node ids
        lambda c: c["credentialSubject"]["achievement"].update(
            alignment=[{"id": f"_:b{i}", "type": ["Alignment"], "targetName": "x"} for i in range(3)]
        ),
        lambda c: c["credentialSubject"]["achievement"].update(
            alignment=[{"type": ["Alignment"], "targetName": "x", "targetUrl": "https://x.example/"}] * 12
        ),
    ],
)
def test_damaged_json_ld_credentials_never_500(client, certificate, change):  # noqa: F811
    credential = credentials.signed_credential(certificate)
    change(credential)
    response = paste(client, json.dumps(credential))
    assert response.status_code in (200, 400)
    assert verdict(response) in ("malformed", "bad_signature", "unknown_issuer")


def test_holder_downloads_and_wallet_link(client, certificate):  # noqa: F811
    client.force_login(certificate.holder)
    page = client.get("/en/my-courses/").content.decode()
    assert reverse("certificate_credential_json", args=[certificate.pk]) in page
    assert reverse("certificate_credential", args=[certificate.pk]) in page
    wallet_link = f"http://testserver/v/{certificate.verification_code}/credential.json"
    assert wallet_link in page and '<svg role="img" aria-label="QR code of the credential link"' in page
    client.logout()
    response = client.get(wallet_link)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+ld+json"
    assert response.json()["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert client.get("/v/nope/credential.json").status_code == 404


def test_downloads_are_for_the_holder_and_course_staff_only(client, certificate):  # noqa: F811
    url = reverse("certificate_credential_json", args=[certificate.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(credentials_user())
    assert client.get(url).status_code == 404
    assert client.get(reverse("certificate_credential_json", args=[certificate.pk + 1000])).status_code == 404


def credentials_user():
    from tests.factories import UserFactory

    return UserFactory(username="orang.lain")


@override_settings(CERTIFICATE_SIGNING_KEY="", CERTIFICATE_SIGNING_KEY_FILE="")
def test_without_a_key_the_lists_and_links_answer_404(client, db):
    assert client.get(reverse("certificate_status_list", args=["revocation"])).status_code == 404
    assert client.get("/v/abc/credential.json").status_code == 404
    assert client.get("/.well-known/did.json").json()["verificationMethod"] == []


def test_unknown_status_list_is_404(client, db, signing_key):  # noqa: F811
    assert client.get("/v/status/other.json").status_code == 404

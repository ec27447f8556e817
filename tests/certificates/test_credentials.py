"""The portable credential: an Open Badges 3.0 VC-JWT signed with the institution's Ed25519 key."""

import base64
import datetime
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from courses.certificates import credentials
from courses.certificates.issuing import issue_certificate, reissue, revoke
from courses.certificates.verification.views import credential_url
from tests.certificates.conftest import completed
from tests.factories import UserFactory


def raw_key_setting(private_key):
    return base64.b64encode(private_key.private_bytes_raw()).decode()


@pytest.fixture
def signing_key(settings):
    """A key made for this test, as the environment would give it."""
    private_key = Ed25519PrivateKey.generate()
    settings.CERTIFICATE_SIGNING_KEY = raw_key_setting(private_key)
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    return private_key


@pytest.fixture
def certificate(course, signing_key):
    enrolment = completed(course, "dewi", full_name="Dewi Anggraini, S.H.")
    certificate, _created = issue_certificate(
        enrolment, course, issued_at=datetime.datetime(2021, 9, 10, 3, 0, tzinfo=datetime.UTC)
    )
    return certificate


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin.sertifikat", is_superuser=True, is_staff=True)


def b64url_json(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def download(client, certificate):
    client.force_login(certificate.holder)
    response = client.get(reverse("certificate_credential", args=[certificate.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/jwt"
    assert response["Content-Disposition"].startswith('attachment; filename="certificate-001-PKH-SMG-IX-2021.jwt"')
    return response.content.decode()


def published_key(client):
    response = client.get(reverse("certificate_issuer_key"))
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    (jwk,) = response.json()["keys"]
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("OKP", "Ed25519", "EdDSA")
    return jwk


def test_the_credential_is_an_open_badge_signed_with_the_published_key(client, certificate, signing_key):
    token = download(client, certificate)
    header_part, payload_part, signature_part = token.split(".")
    header, payload = b64url_json(header_part), b64url_json(payload_part)
    jwk = published_key(client)
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": jwk["kid"]}

    # The signature verifies with the key as published, decoded by hand (no code of ours involved).
    public_key = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(jwk["x"] + "=="))
    signature = base64.urlsafe_b64decode(signature_part + "=" * (-len(signature_part) % 4))
    public_key.verify(signature, f"{header_part}.{payload_part}".encode())
    with pytest.raises(InvalidSignature):
        public_key.verify(signature, f"{header_part}.{payload_part}x".encode())

    assert payload["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["id"] == payload["jti"] == certificate.verification_url
    assert payload["issuer"]["type"] == ["Profile"]
    assert payload["issuer"]["name"] == "Komisi Nasional Hak Asasi Manusia"
    assert payload["issuer"]["id"] == payload["iss"] == "did:web:testserver"
    assert payload["validFrom"] == "2021-09-10T03:00:00Z"
    assert payload["nbf"] == int(datetime.datetime(2021, 9, 10, 3, 0, tzinfo=datetime.UTC).timestamp())
    subject = payload["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Dewi Anggraini, S.H."
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["name"] == "Pelatihan Kabupaten/Kota HAM"
    assert achievement["id"] == f"urn:uuid:{certificate.course_key}"
    assert achievement["creditsAvailable"] == 30.0 and achievement["criteria"]["narrative"]
    assert "email" not in token and "dewi@" not in json.dumps(payload)


def test_issuer_profile_is_published(client, certificate):
    profile = client.get(reverse("certificate_issuer")).json()
    assert profile["type"] == ["Profile"] and profile["name"] == "Komisi Nasional Hak Asasi Manusia"


def test_verification_page_says_the_signature_is_good_and_the_certificate_valid(client, certificate):
    token = download(client, certificate)
    client.logout()
    # pasted with the line breaks an e-mail or a text editor adds
    pasted = "\n".join(token[i : i + 60] for i in range(0, len(token), 60))
    response = client.post(reverse("certificate_verify_credential"), {"credential": pasted})
    assert response.status_code == 200
    html = response.content.decode()
    assert "verify-valid" in html and "verify-revoked" not in html
    assert "001/PKH-SMG/IX/2021" in html and "Dewi Anggraini, S.H." in html
    assert response.context["checked"].signature_good


def test_a_tampered_credential_fails(client, certificate):
    token = download(client, certificate)
    header_part, payload_part, signature_part = token.split(".")
    payload = b64url_json(payload_part)
    payload["credentialSubject"]["identifier"][0]["identityHash"] = "Budi Pemalsu"
    forged_payload = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    forged = f"{header_part}.{forged_payload}.{signature_part}"
    response = client.post(reverse("certificate_verify_credential"), {"credential": forged})
    assert response.status_code == 200
    checked = response.context["checked"]
    with translation.override("id"):  # the page's language: no prefix, no cookie, no Accept-Language
        mismatch = translation.gettext(
            "The signature does not match: the credential was changed after it was signed, or is forged."
        )
    assert not checked.signature_good and checked.reason == mismatch
    html = response.content.decode()
    assert "verify-revoked" in html  # the "not good" notice
    assert "Budi Pemalsu" not in html.split("<textarea")[0]  # the forged name is not shown as a fact


def test_a_credential_signed_with_another_key_fails(client, certificate):
    other = credentials.IssuerKey(Ed25519PrivateKey.generate(), credentials.issuer_key().kid)
    forged = credentials.credential_jwt(certificate, key=other)
    checked = client.post(reverse("certificate_verify_credential"), {"credential": forged}).context["checked"]
    assert not checked.signature_good


def test_credential_of_a_revoked_certificate_reports_revoked(client, certificate, admin_user):
    token = download(client, certificate)
    replacement = reissue(certificate, admin_user, "Nama salah eja")
    response = client.post(reverse("certificate_verify_credential"), {"credential": token})
    html = response.content.decode()
    assert response.context["checked"].signature_good  # the signature stays good after a revocation…
    assert "verify-revoked" in html and "Nama salah eja" in html  # …but the status says revoked
    assert replacement.verification_path in html
    # and a revoked certificate is not offered for download any more
    assert client.get(reverse("certificate_credential", args=[certificate.pk])).status_code == 410
    assert credential_url(certificate) is None and credential_url(replacement) is not None


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "hello",
        "a.b.c",
        "eyJhbGciOiJFZERTQSJ9.eyJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIl19.c2ln",  # valid JSON, not a badge
        "x" * 30_000,
        "....",
        "\u00e9.\u00e9.\u00e9",
    ],
)
def test_garbage_is_a_clear_400_never_a_500(client, certificate, garbage):
    response = client.post(reverse("certificate_verify_credential"), {"credential": garbage})
    assert response.status_code == 400
    assert response.context["error"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_only_the_holder_and_course_staff_download_the_credential(client, certificate, course, admin_user):
    url = reverse("certificate_credential", args=[certificate.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(UserFactory(username="orang.lain"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("certificate_credential", args=[999999])).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    client.force_login(certificate.holder)
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_revoked_credential_download_says_why(client, certificate, admin_user):
    revoke(certificate, "Dokumen palsu", admin_user)
    client.force_login(certificate.holder)
    response = client.get(reverse("certificate_credential", args=[certificate.pk]))
    assert response.status_code == 410 and certificate.number in response.content.decode()


def test_without_a_key_the_feature_is_off(client, certificate, settings):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    client.force_login(certificate.holder)
    assert client.get(reverse("certificate_credential", args=[certificate.pk])).status_code == 404
    assert client.get(reverse("certificate_issuer_key")).status_code == 404
    assert client.get(reverse("certificate_verify_credential")).status_code == 404
    assert credential_url(certificate) is None
    assert reverse("certificate_verify_credential") not in client.get("/v/").content.decode()
    warnings = credentials.check_signing_key()
    assert [warning.id for warning in warnings] == ["certificates.W001"]
    # verification itself does not need the key
    assert client.get(certificate.verification_path).status_code == 200


def test_a_broken_key_is_a_warning_not_a_crash(settings):
    settings.CERTIFICATE_SIGNING_KEY = "bm90IGEga2V5"
    assert credentials.issuer_key() is None
    assert [warning.id for warning in credentials.check_signing_key()] == ["certificates.W002"]


def test_pem_keys_and_key_ids_are_accepted(settings):
    pem = credentials.new_private_key_pem()
    settings.CERTIFICATE_SIGNING_KEY = pem
    key = credentials.issuer_key()
    assert key is not None and key.kid == credentials.thumbprint(key.public_key)
    settings.CERTIFICATE_SIGNING_KEY_ID = "kunci-2026"
    assert credentials.issuer_key().kid == "kunci-2026"
    assert credentials.check_signing_key() == []


def test_development_settings_generate_a_key_file_once(settings, tmp_path):
    path = tmp_path / "keys" / "signing.pem"
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(path)
    settings.CERTIFICATE_SIGNING_KEY_GENERATE = True
    first = credentials.issuer_key()
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    assert credentials.issuer_key().kid == first.kid  # the same key on the next use
    settings.CERTIFICATE_SIGNING_KEY_GENERATE = False
    path.unlink()
    assert credentials.issuer_key() is None  # production never generates one


@override_settings(CERTIFICATE_SIGNING_KEY="", CERTIFICATE_SIGNING_KEY_FILE="")
def test_deploy_check_warns_without_failing(capsys):
    call_command("check", "--deploy", "--tag", "security")
    assert "certificates.W001" in capsys.readouterr().err

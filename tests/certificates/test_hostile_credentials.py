"""Malformed credentials pasted at /v/credential/ get the page with a reason, never a 500 (issue 15, item 4)."""

import base64
import json

import pytest

from django.urls import reverse

from tests.certificates.test_credentials import certificate, signing_key  # noqa: F401 (fixtures)


def part(text):
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def token(payload_text, header_text='{"alg": "EdDSA"}'):
    return f"{part(header_text)}.{part(payload_text)}.{part('signature')}"


@pytest.mark.parametrize(
    "pasted",
    [
        token('{"type": 5}'),
        token('{"type": {"OpenBadgeCredential": 1}}'),
        token("[" * 7_000 + "]" * 7_000),
        token('{"type": ["OpenBadgeCredential"]}', header_text="[" * 7_000 + "]" * 7_000),
        token("{" + '"a":{' * 3_000 + "}" * 3_001),
    ],
    ids=["type-number", "type-object", "nested-payload", "nested-header", "nested-objects"],
)
def test_unreadable_credentials_are_a_400_with_a_reason(client, certificate, pasted):  # noqa: F811
    response = client.post(reverse("certificate_verify_credential"), {"credential": pasted})
    assert response.status_code == 400
    assert response.context["error"]


@pytest.mark.parametrize("identifier", ["http://[x/v/abc/", "http://[::1/v/abc/", ["not", "a", "string"], 7])
def test_a_credential_naming_no_certificate_is_checked_without_one(client, certificate, identifier):  # noqa: F811
    payload = json.dumps({"type": ["VerifiableCredential", "OpenBadgeCredential"], "id": identifier})
    response = client.post(reverse("certificate_verify_credential"), {"credential": token(payload)})
    assert response.status_code == 200
    checked = response.context["checked"]
    assert not checked.signature_good and checked.reason
    assert checked.certificate is None

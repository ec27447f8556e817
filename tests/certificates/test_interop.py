"""Interoperability: a verifier that is not our code checks our JSON-LD credential.

Digital Bazaar's @digitalbazaar/vc with @digitalbazaar/eddsa-rdfc-2022-cryptosuite and
@digitalbazaar/vc-bitstring-status-list (versions pinned in interop/package-lock.json), run under
Node by interop/verify.mjs. Our DID document and status lists are served by the live test server on
loopback; verify.mjs maps our did:web (normally https) to that server and loads every JSON-LD
context from its npm packages, so nothing touches the network.

Skipped, saying why, when interop/node_modules is missing (run `npm ci --prefix interop`), unless
REQUIRE_INTEROP=1 (as `.ci/run` sets), when it fails instead.
"""

import datetime
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from django.utils import timezone

from courses.certificates import credentials, status_list
from courses.certificates.issuing import revoke
from courses.certificates.models import Certificate

INTEROP = Path(__file__).resolve().parents[2] / "interop"


@pytest.fixture
def verifier():
    problem = None
    if shutil.which("node") is None:
        problem = "node is not installed"
    elif not (INTEROP / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        problem = "interop/node_modules is missing: run `npm ci --prefix interop`"
    if problem:
        if os.environ.get("REQUIRE_INTEROP") == "1":
            pytest.fail(f"REQUIRE_INTEROP=1 but {problem}")
        pytest.skip(problem)

    def verify(credential, base_url, tmp_path):
        path = tmp_path / f"credential-{uuid.uuid4().hex}.json"
        path.write_text(json.dumps(credential))
        completed = subprocess.run(  # noqa: S603
            ["node", str(INTEROP / "verify.mjs"), str(path), base_url],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return json.loads(completed.stdout.strip().splitlines()[-1])

    return verify


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_third_party_verifier_accepts_ours_rejects_tampering_and_sees_revocation(
    live_server, settings, verifier, tmp_path
):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url  # did:web:localhost%3A<port>
    certificate = Certificate.objects.create(
        course_key=uuid.uuid4(),
        holder_name="Dewi Anggraini, S.H.",
        course_title_id="Pelatihan Kabupaten/Kota HAM",
        course_title_en="Human Rights Cities Training",
        course_start_date=datetime.date(2021, 9, 6),
        course_end_date=datetime.date(2021, 9, 10),
        learning_hours=30,
        number="001/PKH-SMG/IX/2021",
        year=2021,
        sequence=1,
        issued_at=timezone.now() - datetime.timedelta(days=1),
        status_list_index=status_list.new_index(),
    )
    credential = credentials.signed_credential(certificate)
    assert credential["issuer"]["id"].startswith("did:web:localhost%3A")

    fresh = verifier(credential, live_server.url, tmp_path)
    assert fresh == {
        "verified": True,
        "signature": True,
        "status": {"revocation": False},
        "error": None,
    }, fresh

    tampered = json.loads(json.dumps(credential))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Orang Lain"
    result = verifier(tampered, live_server.url, tmp_path)
    assert result["verified"] is False and result["signature"] is False, result
    assert "signature" in result["error"].lower()

    revoke(certificate, "Dicabut untuk uji interoperabilitas", None)
    status_list.forget()  # revoke() does it on commit already; this makes the test independent of that
    revoked = verifier(credential, live_server.url, tmp_path)
    assert revoked["signature"] is True and revoked["status"] == {"revocation": True}, revoked
    assert revoked["verified"] is False

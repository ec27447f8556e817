"""Every e-mail's sender names the institution, whatever address the deployment gives."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sender(**env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DEFAULT_FROM_EMAIL", "EMAIL_FROM_NAME"}
    }
    environment.update(env)
    code = "import cms.settings.base as s; print(s.DEFAULT_FROM_EMAIL, s.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL, sep='|')"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_a_bare_address_is_sent_under_the_institutions_name():
    result = sender(DEFAULT_FROM_EMAIL="noreply@komnasham.go.id")
    expected = "Komnas HAM Latuharhary <noreply@komnasham.go.id>"
    assert result.stdout.strip() == f"{expected}|{expected}"  # Wagtail's notifications use the same


def test_a_name_given_with_the_address_or_on_its_own_is_kept():
    named = sender(DEFAULT_FROM_EMAIL="Humas Komnas HAM <humas@komnasham.go.id>").stdout
    assert named.startswith("Humas Komnas HAM <humas@komnasham.go.id>|")
    assert sender(EMAIL_FROM_NAME="Komnas HAM RI").stdout.startswith("Komnas HAM RI <noreply@localhost>|")


def test_something_that_is_not_an_address_stops_the_start():
    result = sender(DEFAULT_FROM_EMAIL="Komnas HAM")
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL is not an e-mail address" in result.stderr

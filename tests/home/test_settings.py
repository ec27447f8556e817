import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY="k" * 64)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    secret = "x7!Qm2#Lp9@Zr4$Tv8^Wb1&Yc6*Nd3(Ke5)Hf0_Gj-Ua+Sb=Oc;Pd:Re,Sf.Tg"
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secret, ALLOWED_HOSTS="news.example.org"
    )
    assert result.returncode == 0, result.stderr + result.stdout

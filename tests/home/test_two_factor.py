"""Two-factor authentication for staff (STAFF_REQUIRE_2FA), and participants left alone."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from home.groups import EDITORS, WRITERS
from tests.factories import UserFactory, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_two_factor(settings):
    settings.STAFF_REQUIRE_2FA = True


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor2fa")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def paired_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_staff_without_a_device_are_sent_to_set_one_up(client, editor):
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup") + "?next=/admin/pages/")


def test_staff_are_stopped_on_the_public_site_too(client, editor, site_tree):
    """A facilitator's moderation and mentoring pages are outside /admin/."""
    client.force_login(editor)
    response = client.get("/id/my-courses/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_setting_up_pairs_the_app_and_lets_the_user_in(client, editor):
    client.force_login(editor)
    page = client.get(reverse("two_factor_setup") + "?next=/admin/pages/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code, inline
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", page.content.decode()).group(1).replace(" ", "")
    assert key in device.config_url

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == 200


def test_staff_with_a_device_must_enter_a_valid_code(client, editor):
    device = paired_device(editor)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("two_factor_verify") + "?next=/admin/")
    # Pairing another app is not a way round the code.
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(reverse("two_factor_verify"))

    wrong = client.post(reverse("two_factor_verify"), {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302

    device.throttle_reset()
    right = client.post(reverse("two_factor_verify"), {"code": current_code(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_are_throttled(client, editor):
    """django-otp doubles the wait after each wrong code; the form says how long."""
    device = paired_device(editor)
    client.force_login(editor)
    client.post(reverse("two_factor_verify"), {"code": "111111"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttling_failure_count = 5  # as after five wrong codes: 16 seconds
    device.save()
    response = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert response.status_code == 400
    [error] = response.context["form"].errors["code"]
    assert re.search(r"\b1[0-6]\b", error)  # the seconds left
    assert client.get("/admin/").status_code == 302


def test_next_cannot_leave_the_site(client, editor):
    device = paired_device(editor)
    client.force_login(editor)
    response = client.post(
        reverse("two_factor_verify"), {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_participants_are_unaffected(client, site_tree):
    participant = make_participant("peserta2fa")
    client.force_login(participant)
    response = client.get("/id/my-courses/")
    assert response.status_code == 200


def test_writers_need_it_too(client, site_tree):
    writer = UserFactory(username="penulis2fa")
    writer.groups.add(Group.objects.get(name=WRITERS))
    client.force_login(writer)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_setup"))


def test_logging_out_stays_possible(client, editor):
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("two_factor_setup"))


def test_off_when_not_required(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = False
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_an_operator_can_reset_a_lost_device(client, editor):
    paired_device(editor)
    call_command("reset_two_factor", "editor2fa")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_setup"))


def test_required_by_default_in_production():
    root = Path(__file__).resolve().parents[2]
    code = "import django; django.setup(); from django.conf import settings; print(settings.STAFF_REQUIRE_2FA)"
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "news.example.org",
        "BASE_URL": "https://news.example.org",
    }
    for module, expected in [("cms.settings.production", "True"), ("cms.settings.dev", "False")]:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**env, "DJANGO_SETTINGS_MODULE": module},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.stdout.strip() == expected, result.stderr


# `User.holds_permissions`: participants cost no permission query, and the flag follows every way
# a user gains or loses a group or a permission of their own.


def holds(user):
    user.refresh_from_db()
    return user.holds_permissions


def test_joining_a_group_from_either_side_is_seen_at_once(client, site_tree):
    from django.contrib.auth.models import Permission

    user, other = UserFactory(username="became-editor"), UserFactory(username="also-editor")
    editors = Group.objects.get(name=EDITORS)
    assert not holds(user)
    user.groups.add(editors)
    assert holds(user)
    client.force_login(user)
    assert client.get("/id/my-courses/").status_code == 302  # now owes the code
    user.groups.remove(editors)
    assert not holds(user)
    editors.user_set.add(user, other)
    assert holds(user) and holds(other)
    editors.user_set.clear()
    assert not holds(user) and not holds(other)
    user.groups.set([editors])
    user.groups.clear()
    assert not holds(user)
    permission = Permission.objects.get(codename="access_admin")
    user.user_permissions.add(permission)
    assert holds(user)
    assert client.get("/id/my-courses/").status_code == 302  # a permission of one's own counts too
    permission.user_set.clear()
    assert not holds(user)


def test_a_participants_request_asks_nothing_about_permissions(client, site_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    participant = make_participant(username="no-perms")
    assert not holds(participant)
    client.force_login(participant)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/id/my-courses/").status_code == 200
    assert not [q["sql"] for q in queries if "auth_permission" in q["sql"]]


def test_the_migration_marks_existing_holders(editor):
    import importlib

    from django.apps import apps as global_apps

    module = importlib.import_module("home.migrations.0007_user_holds_permissions")
    type(editor).objects.update(holds_permissions=False)
    module.mark_holders(global_apps, None)
    assert holds(editor)
    assert not holds(UserFactory(username="nobody-here"))


def test_an_administrator_giving_a_group_in_wagtails_user_form_sets_the_flag(client, settings):
    """The way staff are really made: Wagtail's user edit form, which saves the groups with `set()`."""
    settings.STAFF_REQUIRE_2FA = False  # the administrator here has no device; the flag is what is checked
    admin = UserFactory(username="admin2fa", is_superuser=True, is_staff=True)
    user = UserFactory(username="new-editor", first_name="Rina", last_name="Wati")
    editors = Group.objects.get(name=EDITORS)
    client.force_login(admin)
    edit_url = reverse("wagtailusers_users:edit", args=[user.pk])
    fields = {"username": user.username, "email": user.email, "first_name": "Rina", "last_name": "Wati"}
    fields |= {"password1": "", "password2": "", "is_active": "on"}
    response = client.post(edit_url, {**fields, "groups": [editors.pk]})
    assert response.status_code == 302, response.context["form"].errors
    assert holds(user)
    response = client.post(edit_url, fields)  # every group taken away again
    assert response.status_code == 302, response.context["form"].errors
    assert not holds(user)

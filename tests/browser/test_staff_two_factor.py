"""A staff member's first login with two-factor authentication required, in a real browser:
password, then the set-up screen (checked with axe-core), a code from the "app", the dashboard."""

from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from home.groups import EDITORS
from home.site_tree import ensure_site_tree
from tests.browser.test_reader_journey import assert_accessible
from tests.factories import UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_pairs_an_authenticator_at_first_login(browser_page, live_server, settings):
    settings.STAFF_REQUIRE_2FA = True
    ensure_site_tree(hostname="localhost")
    editor = UserFactory(username="editor-2fa", password="editor-2fa-pass-123")
    editor.groups.add(Group.objects.get(name=EDITORS))
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor-2fa")
    page.fill("input[name=password]", "editor-2fa-pass-123")
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url("**/admin/2fa/setup/**")
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "two-factor-setup.png", full_page=True)

    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key = page.locator("code").inner_text().replace(" ", "")
    assert key and key in device.config_url
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("input[name=code]", code)
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert TOTPDevice.objects.get(user=editor).confirmed

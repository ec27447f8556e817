"""Security headers, the admin's login throttle, and upload validation."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_allow_no_inline_script(client, site_tree):
    response = client.get("/id/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_admin_has_its_own_policy(client):
    admin = UserFactory(username="csp-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # the preview panel frames our own pages
    assert policy["object-src"] == ["'none'"]


def test_page_previews_may_be_framed_by_the_admin(client, site_tree):
    """The editor's preview panel and "view draft" frame the page from /admin/: a preview answers
    with the public policy except frame-ancestors 'self' and X-Frame-Options SAMEORIGIN."""
    admin = UserFactory(username="preview-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = site_tree.home["id"]
    revision = page.save_revision(user=admin)
    for url in (
        f"/admin/pages/{page.pk}/view_draft/",
        f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Frame-Options"] == "SAMEORIGIN", url
        policy = directives(response["Content-Security-Policy"])
        assert policy["frame-ancestors"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url  # otherwise the reader's policy
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url


def test_a_public_page_is_still_not_framed_after_a_preview(client, site_tree):
    admin = UserFactory(username="preview-admin-2", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(f"/admin/pages/{site_tree.home['id'].pk}/view_draft/")["X-Frame-Options"] == "SAMEORIGIN"
    client.logout()
    response = client.get("/id/")
    assert response["X-Frame-Options"] == "DENY"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_templates_have_no_inline_script_or_event_handler():
    """What the public policy would block: scripts come from static files (static/js/)."""
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        if "admin" in template.relative_to(TEMPLATES).parts[1:-1] or template.parent.name == "admin":
            continue  # the admin's templates live under the admin's policy
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and not re.search(r'type="application/(ld\+)?json"', tag):
                offenders.append(f"{template}: {tag}")
        offenders += [f"{template}: {handler}" for handler in re.findall(r"\son[a-z]+=", text)]
        offenders += [f"{template}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert offenders == []


def test_security_headers_on_every_response(client, site_tree):
    response = client.get("/id/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


class TestAdminLoginThrottle:
    url = "/admin/login/"

    @pytest.fixture
    def staff(self, db):
        return UserFactory(username="throttled", is_superuser=True, password="right-password-123")

    def test_five_failures_lock_the_username(self, client, staff):
        for _ in range(5):
            response = client.post(self.url, {"username": "throttled", "password": "wrong"})
            assert response.status_code == 200
        refused = client.post(self.url, {"username": "throttled", "password": "right-password-123"})
        assert refused.status_code == 429
        assert refused.context["form"].non_field_errors()
        assert "_auth_user_id" not in client.session

    def test_other_usernames_from_elsewhere_are_not_locked(self, client, staff, settings):
        for _ in range(5):
            client.post(self.url, {"username": "throttled", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
        other = UserFactory(username="colleague", is_superuser=True, password="colleague-pass-123")
        response = client.post(
            self.url, {"username": "colleague", "password": "colleague-pass-123"}, REMOTE_ADDR="10.0.0.2"
        )
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(other.pk)

    def test_one_address_trying_many_usernames_is_locked(self, client, staff, settings):
        settings.ADMIN_LOGIN_RATE_LIMITS = {"per_username": 5, "per_address": 3, "window": 300}
        for number in range(3):
            client.post(self.url, {"username": f"guess{number}", "password": "wrong"})
        response = client.post(self.url, {"username": "throttled", "password": "right-password-123"})
        assert response.status_code == 429

    def test_a_success_clears_the_usernames_count(self, client, staff):
        for _ in range(4):
            client.post(self.url, {"username": "throttled", "password": "wrong"})
        assert client.post(self.url, {"username": "throttled", "password": "right-password-123"}).status_code == 302
        client.logout()
        for _ in range(4):
            client.post(self.url, {"username": "throttled", "password": "wrong"})
        assert client.post(self.url, {"username": "throttled", "password": "right-password-123"}).status_code == 302


def png_bytes(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


class TestUploads:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(UserFactory(username="uploader", is_superuser=True))
        return client

    def add_image(self, client, upload):
        return client.post(reverse("wagtailimages:add"), {"title": "Foto", "file": upload, "credit": "Humas"})

    def add_document(self, client, upload):
        return client.post(reverse("wagtaildocs:add"), {"title": "Berkas", "file": upload})

    def test_a_real_image_is_accepted(self, admin_client):
        response = self.add_image(admin_client, SimpleUploadedFile("foto.png", png_bytes(), "image/png"))
        assert response.status_code == 302
        assert get_image_model().objects.filter(title="Foto").exists()

    def test_an_image_of_a_refused_type_is_refused_with_a_message(self, admin_client):
        upload = SimpleUploadedFile("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml")
        response = self.add_image(admin_client, upload)
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not get_image_model().objects.exists()

    def test_a_file_that_is_not_an_image_is_refused(self, admin_client):
        upload = SimpleUploadedFile("foto.png", b"MZ\x90\x00 not an image at all", "image/png")
        response = self.add_image(admin_client, upload)
        assert response.context["form"].errors["file"]
        assert not get_image_model().objects.exists()

    def test_an_image_too_large_is_refused_with_a_message(self, admin_client, settings):
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100  # bytes: the same check as the 10 MB limit
        response = self.add_image(admin_client, SimpleUploadedFile("foto.png", png_bytes((64, 64)), "image/png"))
        assert response.context["form"].errors["file"]
        assert not get_image_model().objects.exists()

    def test_a_document_of_a_refused_type_is_refused_with_a_message(self, admin_client):
        upload = SimpleUploadedFile("setup.exe", b"MZ\x90\x00", "application/octet-stream")
        response = self.add_document(admin_client, upload)
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not get_document_model().objects.exists()

    def test_a_document_too_large_is_refused_with_a_message(self, admin_client, settings):
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
        upload = SimpleUploadedFile("notulen.txt", b"x" * 100, "text/plain")
        response = self.add_document(admin_client, upload)
        assert response.context["form"].errors["file"]
        assert not get_document_model().objects.exists()

    def test_an_allowed_document_is_accepted(self, admin_client):
        upload = SimpleUploadedFile("notulen.txt", b"Notulen rapat.", "text/plain")
        assert self.add_document(admin_client, upload).status_code == 302
        assert get_document_model().objects.filter(title="Berkas").exists()

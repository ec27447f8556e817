"""Two-factor authentication (TOTP) for everyone with access to the Wagtail admin.

django-otp keeps the devices (an authenticator app's shared secret, with its throttling of
wrong codes) and marks a session verified; this module decides who must verify and gives them
the two admin screens: set up an authenticator, and enter a code. The middleware sends a
signed-in user with admin access who has not entered a code this session to one of them, on
every path of the site (a facilitator's forum moderation and mentoring pages outside /admin/
need the second factor as much as the admin). Participants are not concerned.
STAFF_REQUIRE_2FA switches it (on in production).

Chosen over wagtail-2fa, whose 1.8.0 imports wagtail.users.widgets, gone in Wagtail 8, and over
allauth's MFA, which would move staff to the participants' e-mail login and its verification.
"""

import io
import math

import qrcode
import qrcode.image.svg
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from home.security import requested_next_url


def needs_two_factor(user):
    return (
        settings.STAFF_REQUIRE_2FA
        and user.is_authenticated
        and load_permissions(user).has_perm("wagtailadmin.access_admin")
        and not user.is_verified()
    )


def load_permissions(user):
    """`user` with Django's per-request permission cache filled in one query instead of ModelBackend's two.

    Every signed-in request asks this middleware whether the user may reach the admin; the
    views' own `has_perm()` calls then cost nothing. Superusers and inactive users are left to
    Django (which answers them without the cache's contents).
    """
    if user.is_active and not user.is_superuser and not hasattr(user, "_perm_cache"):
        rows = (
            Permission.objects.filter(Q(user=user) | Q(group__user=user))
            .values_list("content_type__app_label", "codename")
            .distinct()
        )
        user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
    return user


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


class StaffTwoFactorMiddleware:
    """After django-otp's OTPMiddleware (which gives request.user.is_verified()): the staff rule."""

    # Paths a user who still owes the code may reach: the two screens, logging out, and what
    # the admin's screens load.
    ALLOWED_URL_NAMES = (
        "two_factor_setup",
        "two_factor_verify",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def allowed_paths(self):
        paths = set()
        for name in self.ALLOWED_URL_NAMES:
            try:
                paths.add(reverse(name))
            except NoReverseMatch:  # a URLconf without the admin (some tests)
                pass
        return paths

    def __call__(self, request):
        if needs_two_factor(request.user) and request.path_info not in self.allowed_paths():
            name = "two_factor_verify" if confirmed_device(request.user) else "two_factor_setup"
            return redirect_to_login(request.get_full_path(), login_url=reverse(name))
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        # django-otp records each failure on the device, for its throttling: in a transaction
        # of its own, which the ValidationError below must not roll back.
        with transaction.atomic():
            allowed, detail = self.device.verify_is_allowed()
            verified = allowed and self.device.verify_token(code)
        if not allowed:
            locked_until = (detail or {}).get("locked_until") or timezone.now()
            seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                _("Too many wrong codes. Please wait %(seconds)s seconds and try again.") % {"seconds": seconds}
            )
        if not verified:
            raise forms.ValidationError(
                _("That code is not right. Codes change every 30 seconds; try the current one.")
            )
        return code


def next_url(request):
    return requested_next_url(request) or reverse("wagtailadmin_home")


def qr_code_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="wagtailadmin_login")
def setup(request):
    """Pair an authenticator app: scan the code (or type the key), then prove it with a code.

    With a confirmed device already, only a verified session may pair another one (which
    replaces it): otherwise a stolen password would be enough to swap the phone.
    """
    user = request.user
    if not user.has_perm("wagtailadmin.access_admin"):
        return redirect("/")
    if confirmed_device(user) and not user.is_verified():
        return redirect_to_login(next_url(request), login_url=reverse("two_factor_verify"))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)
    form = CodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(next_url(request))
    key = device.config_url.split("secret=")[1].split("&")[0]
    context = {
        "form": form,
        "qr_code": qr_code_svg(device.config_url),
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        "next": next_url(request),
        "replacing": confirmed_device(user) is not None,
    }
    return render(request, "home/two_factor/setup.html", context, status=400 if form.errors else 200)


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="wagtailadmin_login")
def verify(request):
    """The second step of signing in: a code from the paired app."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect_to_login(next_url(request), login_url=reverse("two_factor_setup"))
    form = CodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(next_url(request))
    context = {"form": form, "next": next_url(request)}
    return render(request, "home/two_factor/verify.html", context, status=400 if form.errors else 200)

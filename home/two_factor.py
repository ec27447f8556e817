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
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from home.security import requested_next_url


def needs_two_factor(user):
    return settings.STAFF_REQUIRE_2FA and may_reach_admin(user) and not user.is_verified()


def may_reach_admin(user):
    """Whether `user` has admin access; no query for a user who holds no permissions (participants)."""
    if not user.is_authenticated:
        return False
    if user.is_active and not user.is_superuser and not getattr(user, "holds_permissions", True):
        user._perm_cache = set()  # in no group and with no permission of their own: nothing to load
        return False
    return load_permissions(user).has_perm("wagtailadmin.access_admin")


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


def permission_holders_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """`m2m_changed` of `User.groups` and `User.user_permissions`, from either side: keeps
    `User.holds_permissions` true exactly for users in a group or with a permission of their own."""
    if action == "pre_clear" and reverse:  # group.user_set.clear(): whose rows are about to go
        other = f"{instance._meta.model_name}_id"
        instance._clearing_user_ids = list(
            sender.objects.filter(**{other: instance.pk}).values_list("user_id", flat=True)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        user_ids = list(pk_set or ()) if action != "post_clear" else instance.__dict__.pop("_clearing_user_ids", [])
    else:
        user_ids = [instance.pk]
    holders = refresh_permission_holders(user_ids)
    if not reverse:
        instance.holds_permissions = instance.pk in holders


def refresh_permission_holders(user_ids):
    """Recompute `holds_permissions` for these users; returns the ids of those who hold some."""
    users = get_user_model().objects.filter(pk__in=user_ids)
    holders = set(
        users.filter(Q(groups__isnull=False) | Q(user_permissions__isnull=False)).values_list("pk", flat=True)
    )
    users.exclude(pk__in=holders).update(holds_permissions=False)
    users.filter(pk__in=holders).update(holds_permissions=True)
    return holders


def connect_signals():
    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through):
        m2m_changed.connect(
            permission_holders_changed, sender=through, dispatch_uid=f"home.two_factor.{through.__name__}"
        )


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

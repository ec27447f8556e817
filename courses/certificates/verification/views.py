"""The verification views: /v/ (the form), /v/<code>/ (the answer), its JSON, pasted credentials, the
holder's credential download and the issuer's public key (see the package's docstring; the JSON keys are
listed in docs/certificates.md).

The number-and-name search is a GET form (no CSRF token, so the form page stays cacheable). The pasted
credential is a POST with a CSRF token on its own page, /v/credential/, linked from /v/, so that /v/ sets
no cookie.
"""

import json

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from courses.certificates import credentials, status_list
from courses.certificates.models import Certificate
from courses.certificates.permissions import can_manage_course_key
from courses.certificates.verification.languages import other_languages, use_language, with_language
from courses.certificates.verification.lookups import (
    MAX_CODE_LENGTH,
    VALID,
    by_code,
    by_number_and_name,
    replacement_of,
)
from courses.certificates.verification.lookups import facts as lookup_facts
from courses.certificates.verification.throttling import retry_after, too_many
from home.base_url import absolute
from home.page_cache import cache_for_anonymous

SUSPENDED = "suspended"


def facts(certificate):
    """The public facts (lookups.facts), with a suspension: `status` "suspended" unless revoked, and `suspended`."""
    data = lookup_facts(certificate)
    data["suspended"] = bool(certificate.suspended) and not certificate.is_revoked
    if data["suspended"]:
        data["status"] = SUSPENDED
    return data


class LookupForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), required=False, max_length=64, strip=True)
    number = forms.CharField(label=gettext_lazy("Certificate number"), required=False, max_length=100, strip=True)
    name = forms.CharField(label=gettext_lazy("Name of the holder"), required=False, max_length=200, strip=True)

    def clean(self):
        data = super().clean()
        if data.get("code"):
            return data
        if data.get("number") and not data.get("name"):
            self.add_error(
                "name", _("Enter the holder's name as printed on the certificate: a number alone is not enough.")
            )
        elif data.get("name") and not data.get("number"):
            self.add_error("number", _("Enter the certificate number as well."))
        elif not data.get("number"):
            raise forms.ValidationError(_("Enter a verification code, or a certificate number and the holder's name."))
        return data


def is_lookup(request):
    return any(name in request.GET for name in ("code", "number", "name"))


def verify_page(request, form, status=200, **context):
    context.update(
        form=form, other_languages=other_languages(request), credentials_enabled=bool(credentials.issuer_key())
    )
    response = render(request, "certificates/verify.html", context, status=status)
    response.final_404 = status == 404
    return response


def replacement_url(certificate, request):
    replacement = replacement_of(certificate) if certificate.is_revoked else None
    return with_language(replacement.verification_path, request) if replacement else None


@require_GET
@cache_for_anonymous
def verify(request):
    """/v/: the form; with ?code= or ?number=&name=, the search (sent on to the certificate's page)."""
    use_language(request)
    if not is_lookup(request):
        return verify_page(request, LookupForm())
    form = LookupForm(request.GET)
    by_code_only = form.is_valid() and bool(form.cleaned_data["code"])
    # A search by code is counted once: by the certificate's page it leads to, or here when there is none.
    if seconds := retry_after(request, count=not by_code_only):
        return too_many(request, seconds)
    if not form.is_valid():
        return verify_page(request, form, status=400)
    data = form.cleaned_data
    if by_code_only:
        certificate = by_code("".join(data["code"].split()))
        if certificate is None:
            retry_after(request)
    else:
        certificate = by_number_and_name(data["number"], data["name"])
    if certificate is None:
        return verify_page(request, form, status=404, not_found=True, searched_by_code=by_code_only)
    return HttpResponseRedirect(with_language(certificate.verification_path, request))


@require_GET
@cache_for_anonymous
def certificate_verification(request, code):
    """/v/<code>/: what the QR code opens."""
    use_language(request)
    if seconds := retry_after(request):
        return too_many(request, seconds)
    certificate = by_code(code)
    if certificate is None:
        form = LookupForm(initial={"code": code[:MAX_CODE_LENGTH]})
        return verify_page(request, form, status=404, not_found=True, searched_by_code=True)
    context = {
        "certificate": certificate,
        "facts": facts(certificate),
        "course_title": certificate.course_title(translation.get_language()),
        "replacement_url": replacement_url(certificate, request),
        "json_url": reverse("certificate_verification_json", args=[certificate.verification_code]),
        "other_languages": other_languages(request),
    }
    return render(request, "certificates/verify_certificate.html", context)


def json_facts(certificate, request):
    data = facts(certificate)
    replacement = data.pop("replacement")
    for key in ("course_start_date", "course_end_date", "issued_on", "expires_on", "revoked_on"):
        data[key] = data[key].isoformat() if data[key] else None
    data["final_score"] = str(data["final_score"]) if data["final_score"] is not None else None
    data["valid"] = data["status"] == VALID
    data["issuer"] = {"name": settings_organisation_name(request), "url": absolute("/")}
    data["replaced_by"] = (
        {
            "number": replacement.number,
            "verification_url": replacement.verification_url,
            "json_url": absolute(reverse("certificate_verification_json", args=[replacement.verification_code])),
        }
        if replacement
        else None
    )
    return data


def settings_organisation_name(request):
    from home.models import SiteSettings

    return SiteSettings.for_request(request).organisation_name


def public_json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # a public, read-only answer for HR systems
    return response


@require_GET
@cache_for_anonymous
def certificate_verification_json(request, code):
    """/v/<code>.json: the same answer for machines (docs/certificates.md lists the keys)."""
    if seconds := retry_after(request):
        return too_many(request, seconds, as_json=True)
    certificate = by_code(code)
    if certificate is None:
        response = public_json(
            {
                "status": "not_found",
                "verification_code": code[:MAX_CODE_LENGTH],
                "message": "No certificate has this verification code.",
            },
            status=404,
        )
        response.final_404 = True
        return response
    response = public_json(json_facts(certificate, request))
    response["X-Robots-Tag"] = "noindex"  # a holder's name is for checking, not for search engines
    return response


def not_found(request):
    response = render(request, "404.html", status=404)
    response.final_404 = True
    return response


def verdict(checked, certificate_facts):
    """One word for a checked credential: its problem, else its certificate's status today (docs/certificates.md)."""
    if not checked.signature_good:
        return checked.problem or credentials.BAD_SIGNATURE
    if certificate_facts is None:
        return "unknown_certificate"
    return certificate_facts["status"]


@require_http_methods(["GET", "POST"])
def verify_credential(request):
    """/v/credential/: paste a credential (JSON-LD or JWT); is its signature ours, which certificate, its status now."""
    use_language(request)
    if not credentials.credentials_enabled():
        return not_found(request)
    context = {
        "other_languages": other_languages(request),
        "key_url": reverse("certificate_issuer_key"),
        "did_url": reverse("certificate_did_document"),
    }
    if request.method == "GET":
        return render(request, "certificates/verify_credential.html", context)
    if seconds := retry_after(request):
        return too_many(request, seconds)
    token = request.POST.get("credential", "")
    context["pasted"] = token[: credentials.MAX_JSON_LENGTH]
    try:
        checked = credentials.check(token)
    except credentials.CredentialError as error:
        context.update(error=str(error), verdict=credentials.MALFORMED)
        return render(request, "certificates/verify_credential.html", context, status=400)
    certificate = checked.certificate
    certificate_facts = facts(certificate) if certificate else None
    context.update(
        checked=checked,
        certificate=certificate,
        facts=certificate_facts,
        verdict=verdict(checked, certificate_facts),
        course_title=certificate.course_title(translation.get_language()) if certificate else None,
        replacement_url=replacement_url(certificate, request) if certificate else None,
    )
    return render(request, "certificates/verify_credential.html", context)


def holders_certificate(request, pk):
    """The certificate `pk` when the user may download its credential (holder or course staff), else None."""
    certificate = Certificate.objects.filter(pk=pk).first()
    if (
        certificate is None
        or not credentials.credentials_enabled()
        or not (certificate.holder_id == request.user.pk or can_manage_course_key(request.user, certificate.course_key))
    ):
        return None
    return certificate


def attachment(content, content_type, certificate, extension):
    response = HttpResponse(content, content_type=content_type)
    filename = "certificate-" + "".join(ch if ch.isalnum() else "-" for ch in certificate.number).strip("-")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def holders_download(request, pk, build):
    """`build(certificate)` for the holder (or the course staff): a login redirect for visitors, 404
    for everybody else, 410 once the certificate is revoked."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = holders_certificate(request, pk)
    if certificate is None:
        return not_found(request)
    if certificate.is_revoked:
        return render(request, "certificates/credential_revoked.html", {"certificate": certificate}, status=410)
    return build(certificate)


@require_GET
def certificate_credential(request, pk):
    """The holder's signed credential, as a .jwt file."""
    return holders_download(
        request,
        pk,
        lambda certificate: attachment(credentials.credential_jwt(certificate), "application/jwt", certificate, "jwt"),
    )


@require_GET
def certificate_credential_json(request, pk):
    """The holder's credential as JSON-LD with its Data Integrity proof (.json)."""

    def build(certificate):
        content = json.dumps(credentials.signed_credential(certificate), ensure_ascii=False, indent=2)
        return attachment(content, "application/vc+ld+json", certificate, "json")

    return holders_download(request, pk, build)


@require_GET
def public_credential(request, code):
    """/v/<code>/credential.json: the signed JSON-LD credential, for a wallet given the link (or its QR code).

    Whoever has the verification code already sees everything it says on the verification page, so
    the code is the only key; a revoked certificate's credential is gone (410), an unknown code 404.
    """
    if not credentials.credentials_enabled():
        return public_json({"status": "not_found", "message": "Credentials are not enabled."}, status=404)
    if seconds := retry_after(request):
        return too_many(request, seconds, as_json=True)
    certificate = by_code(code)
    if certificate is None:
        response = public_json({"status": "not_found", "message": "No certificate has this verification code."}, 404)
        response.final_404 = True
        return response
    if certificate.is_revoked:
        return public_json({"status": "revoked", "message": "This certificate was revoked."}, status=410)
    response = public_json(credentials.signed_credential(certificate))
    response["Content-Type"] = "application/vc+ld+json"
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_store=True)
    return response


def credential_url(certificate):
    """The download link of a certificate's credential, or None when credentials are off or it is revoked."""
    if certificate.is_revoked or not credentials.credentials_enabled():
        return None
    return reverse("certificate_credential", args=[certificate.pk])


@require_GET
@cache_for_anonymous
def issuer_key(request):
    """/v/issuer/key.json: the public key as a JWK set, to check credentials' signatures."""
    if not credentials.credentials_enabled():
        response = public_json({"keys": []}, status=404)
        response.final_404 = True
        return response
    return public_json(credentials.key_set())


@require_GET
def did_document(request):
    """/.well-known/did.json: the issuer's did:web document, its current and retired keys as Multikeys."""
    response = public_json(credentials.did_document())
    response["Content-Type"] = "application/did+ld+json"
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
def status_list_credential(request, purpose):
    """/v/status/<revocation|suspension>.json: the signed BitstringStatusListCredential."""
    document = status_list.status_list_credential(purpose) if purpose in status_list.PURPOSES else None
    if document is None:
        response = public_json({"status": "not_found", "message": "No such status list."}, status=404)
        response.final_404 = True
        return response
    response = public_json(document)
    response["Content-Type"] = "application/vc+ld+json"
    patch_cache_control(response, public=True, max_age=60)  # a revocation shows within a minute
    return response


@require_GET
@cache_for_anonymous
def issuer_profile(request):
    """/v/issuer/: the issuer's Open Badges profile (the credentials' `issuer.id`)."""
    return public_json(credentials.issuer_profile(settings_organisation_name(request)))

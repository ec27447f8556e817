"""Public verification (/v/…) and the credential download, outside the language prefixes (cms/urls.py).

/v/<code>/ is printed on certificates and put in their QR codes, so it must never change.
"""

from django.urls import path

from courses.certificates.verification import views as verification
from home import converters  # noqa: F401 (registers the "id" path converter)

urlpatterns = [
    path("v/", verification.verify, name="certificate_verify"),
    path("v/credential/", verification.verify_credential, name="certificate_verify_credential"),
    path("v/issuer/", verification.issuer_profile, name="certificate_issuer"),
    path("v/issuer/key.json", verification.issuer_key, name="certificate_issuer_key"),
    path(".well-known/did.json", verification.did_document, name="certificate_did_document"),
    path("v/status/<str:purpose>.json", verification.status_list_credential, name="certificate_status_list"),
    path("v/<str:code>/credential.json", verification.public_credential, name="certificate_public_credential"),
    path("v/<str:code>.json", verification.certificate_verification_json, name="certificate_verification_json"),
    path("v/<str:code>/", verification.certificate_verification, name="certificate_verification"),
    path("certificates/<id:pk>/credential/", verification.certificate_credential, name="certificate_credential"),
    path(
        "certificates/<id:pk>/credential.json",
        verification.certificate_credential_json,
        name="certificate_credential_json",
    ),
]

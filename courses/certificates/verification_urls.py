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
    path("v/<str:code>.json", verification.certificate_verification_json, name="certificate_verification_json"),
    path("v/<str:code>/", verification.certificate_verification, name="certificate_verification"),
    path("certificates/<id:pk>/credential/", verification.certificate_credential, name="certificate_credential"),
]

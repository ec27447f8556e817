from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Alumni certificates: the record, its numbering and the issue rules, as their own app inside courses/."""

    name = "courses.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # What certificates give the courses core (automatic issue, dashboard, alumni list) are
        # hooks in `courses.certificates.wagtail_hooks`; what follows an issue or a revoke (the
        # e-mail, the alumni lists) is called directly by `courses.certificates.issuing`.
        from django.core import checks

        from courses.certificates.credentials import check_signing_key

        # The deploy check that warns when no credential signing key is configured.
        checks.register(check_signing_key, checks.Tags.security, deploy=True)

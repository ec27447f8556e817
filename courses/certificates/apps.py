from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Alumni certificates: the record, its numbering and the issue rules, as their own app inside courses/."""

    name = "courses.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # What certificates give the courses core (automatic issue, dashboard, alumni list) are
        # hooks in `courses.certificates.wagtail_hooks`.
        # E-mail each new certificate to its holder (`courses.certificates.emails`).
        from courses.certificates import emails

        emails.connect()
        # A revoked alumnus is purged from the cached alumni lists (`courses.certificates.alumni`).
        from courses.certificates import alumni

        alumni.connect()
        # The deploy check that warns when no credential signing key is configured.
        from courses.certificates import credentials  # noqa: F401

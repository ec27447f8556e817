from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class CertificateAction(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")
    REISSUED = "reissued", _("Reissued")
    DOWNLOADED = "downloaded", _("Downloaded by staff")
    EMAILED = "emailed", _("E-mailed to the holder")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")


class TemplateLanguage(models.TextChoices):
    BILINGUAL = "bilingual", _("Indonesian and English")
    HOLDER = "holder", _("The holder's language")


class CertificateLayout(models.TextChoices):
    CLASSIC = "classic", _("Classic: landscape, double border")
    MODERN = "modern", _("Modern: landscape, coloured side band")
    PORTRAIT = "portrait", _("Portrait: upright, double border")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")


class BatchItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ISSUED = "issued", _("Issued")
    SKIPPED = "skipped", _("Already had a certificate")
    FAILED = "failed", _("Failed")

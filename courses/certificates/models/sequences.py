from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateSequence(models.Model):
    """The last certificate number given in one course and year (see `courses.certificates.numbering`).

    A row per course and year, locked with SELECT … FOR UPDATE while a number is taken, so
    concurrent issues queue on it and numbers come out without gaps or duplicates.
    """

    course_key = models.UUIDField(_("course"))
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate number counter")
        verbose_name_plural = _("certificate number counters")
        constraints = [
            models.UniqueConstraint(fields=["course_key", "year"], name="certificates_one_counter_per_course_year")
        ]

    def __str__(self):
        return f"{self.course_key} {self.year}: {self.last_number}"

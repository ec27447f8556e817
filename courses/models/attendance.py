from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.choices import AttendanceSource, AttendanceStatus


class Attendance(models.Model):
    """Whether an enrolled participant attended one session (keyed to the session's translation key)."""

    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="attendances", verbose_name=_("enrolment")
    )
    session_key = models.UUIDField(_("session"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    minutes = models.PositiveIntegerField(_("minutes attended"), null=True, blank=True)
    source = models.CharField(_("recorded by"), max_length=10, choices=AttendanceSource.choices)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session_key"], name="courses_one_attendance_per_session")
        ]

    def __str__(self):
        return f"{self.enrolment_id} · {self.session_key} · {self.status}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions")
    course_key = models.UUIDField(db_index=True)
    lesson_key = models.UUIDField()
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [models.UniqueConstraint(fields=["user", "lesson_key"], name="courses_lesson_completed_once")]


class CourseCompletion(models.Model):
    """Recorded once, when a participant first meets the course's rules: the certificate trigger."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions")
    course_key = models.UUIDField(db_index=True)
    completed_at = models.DateTimeField(_("completed"))
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="courses_completed_once")]

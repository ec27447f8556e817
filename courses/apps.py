from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Learning")

    def ready(self):
        from django.db.models.signals import post_migrate

        from courses.staff import ensure_course_staff_groups

        # sender=self: runs when this app's post_migrate fires, after home's editorial groups exist.
        post_migrate.connect(ensure_course_staff_groups, sender=self, dispatch_uid="courses.ensure_course_staff_groups")

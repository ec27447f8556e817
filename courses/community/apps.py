from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The learning community of a course (forum, action plans and mentoring), a plug-in of courses/."""

    name = "courses.community"
    label = "community"
    verbose_name = _("Learning community")

"""The holder's alumni opt-in, outside the language prefixes (cms/urls.py) like the other certificate URLs."""

from django.urls import path

from courses.certificates import alumni
from home import converters  # noqa: F401 (registers the "id" path converter)

urlpatterns = [
    path("certificates/<id:pk>/alumni/", alumni.alumni_opt_in, name="certificate_alumni_opt_in"),
]

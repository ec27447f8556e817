"""The holder's alumni opt-in, outside the language prefixes (cms/urls.py) like the other certificate URLs."""

from django.urls import path

from courses.certificates import alumni

urlpatterns = [
    path("certificates/<int:pk>/alumni/", alumni.alumni_opt_in, name="certificate_alumni_opt_in"),
]

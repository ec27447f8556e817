"""Certificate downloads, mounted at the site's root (cms/urls.py): the path is the same in every language."""

from django.urls import path

from courses.certificates import downloads
from home import converters  # noqa: F401 (registers the "id" path converter)

urlpatterns = [
    path("certificates/<id:pk>/pdf/", downloads.certificate_pdf, name="certificate_pdf"),
]

"""Certificate downloads, mounted at the site's root (cms/urls.py): the path is the same in every language."""

from django.urls import path

from courses.certificates import downloads

urlpatterns = [
    path("certificates/<int:pk>/pdf/", downloads.certificate_pdf, name="certificate_pdf"),
]

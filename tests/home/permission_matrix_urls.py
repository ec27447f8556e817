"""The site's URLs plus three new views, for tests/home/test_permission_matrix.py."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def new_view(request, **kwargs):
    return HttpResponse("new")


def new_admin_view(request):
    return HttpResponse("new report")


new_admin_view.__module__ = "courses.reports"  # as if written in one of our apps

urlpatterns = [
    path("unprotected/", new_view),
    path("admin/our-new-report/", new_admin_view),
    *site_urlpatterns,
    *i18n_patterns(path("reports/<int:year>/", new_view)),
]

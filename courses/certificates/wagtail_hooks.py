"""Certificates in the admin menu (a read-mostly listing for course staff) and the course's "Certificates" tab."""

import django_filters

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from courses.certificates import admin_views
from courses.certificates.choices import CertificateStatus
from courses.certificates.models import Certificate
from courses.certificates.permissions import CertificatePermissionPolicy, certificates_for
from courses.staff import facilitated_courses

register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


class CertificateFilterSet(WagtailFilterSet):
    course_key = django_filters.ChoiceFilter(label=_("Course"), empty_label=_("All courses"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices)

    class Meta:
        model = Certificate
        fields = ["course_key", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        courses = facilitated_courses(request.user) if request is not None else []
        self.filters["course_key"].extra["choices"] = [(str(course.course_key), course.title) for course in courses]


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return certificates_for(self.request.user)

    def get_inspect_url(self, instance):
        return reverse("certificates:inspect", args=[instance.pk])


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificates"
    icon = admin_views.ICON
    menu_label = _("Certificates")
    menu_order = 155
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    filterset_class = CertificateFilterSet
    search_fields = ["holder_name", "number"]
    search_backend_name = None
    ordering = ["-issued_at", "-pk"]
    list_display = [
        "number",
        "holder_name",
        "course_title_id",
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("issued_at", label=_("Issued")),
    ]

    def get_permissions_to_register(self):
        # The policy follows course staff (courses.staff), not model permissions.
        return Permission.objects.none()

    def get_urlpatterns(self):
        # Listing and the custom views only: certificates are never added, edited or deleted here.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", admin_views.CertificateView.as_view(), name="inspect"),
            path("<int:pk>/revoke/", admin_views.RevokeView.as_view(), name="revoke"),
            path("<int:pk>/reissue/", admin_views.ReissueView.as_view(), name="reissue"),
        ]


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()


@hooks.register("register_admin_urls")
def register_course_certificate_urls():
    course = "courses/<int:course_id>"
    return [
        path(
            f"{course}/certificates/",
            admin_views.CourseCertificatesView.as_view(),
            name="courses_admin_certificates",
        ),
        path(
            f"{course}/certificates/issue/<int:enrolment_id>/",
            admin_views.IssueView.as_view(),
            name="courses_admin_certificate_issue",
        ),
    ]

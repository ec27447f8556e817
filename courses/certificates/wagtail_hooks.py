"""Certificates in the admin menu (a read-mostly listing for course staff), the course's "Certificates"
tab, and the certificate templates (snippets, for those who manage every course)."""

import django_filters

from django import forms
from django.contrib.auth.models import Permission
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import PreviewOnCreateView, PreviewOnEditView, SnippetViewSet
from wagtail.utils.decorators import xframe_options_sameorigin_override

from courses import hooks as course_hooks
from courses.access import facilitated_courses
from courses.certificates import admin_views, batch_views, demo, downloads, integration, log_actions
from courses.certificates.choices import CertificateStatus
from courses.certificates.models import Certificate, CertificateTemplate
from courses.certificates.pdf.preview import preview_data_uri
from courses.certificates.permissions import (
    CertificatePermissionPolicy,
    CertificateTemplatePermissionPolicy,
    certificates_for,
)
from courses.demo import semarang_course
from home import converters  # noqa: F401 (registers the "id" path converter)
from home import hooks as home_hooks

register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))
register_permission_policy(CertificateTemplate, CertificateTemplatePermissionPolicy(CertificateTemplate))


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
            path("<id:pk>/", admin_views.CertificateView.as_view(), name="inspect"),
            path("<id:pk>/revoke/", admin_views.RevokeView.as_view(), name="revoke"),
            path("<id:pk>/reissue/", admin_views.ReissueView.as_view(), name="reissue"),
        ]


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    log_actions.register(actions)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()


@hooks.register("register_admin_urls")
def register_course_certificate_urls():
    course = "courses/<id:course_id>"
    return [
        path(
            f"{course}/certificates/",
            admin_views.CourseCertificatesView.as_view(),
            name="courses_admin_certificates",
        ),
        path(
            f"{course}/certificates/settings/",
            admin_views.CertificateSettingsView.as_view(),
            name="courses_admin_certificate_settings",
        ),
        path(
            f"{course}/certificates/issue/<id:enrolment_id>/",
            admin_views.IssueView.as_view(),
            name="courses_admin_certificate_issue",
        ),
        path(
            f"{course}/certificates/batch/",
            batch_views.StartBatchView.as_view(),
            name="courses_admin_certificate_batch_new",
        ),
        path(
            f"{course}/certificates/batch/<id:batch_id>/",
            batch_views.BatchProgressView.as_view(),
            name="courses_admin_certificate_batch",
        ),
        path(
            f"{course}/certificates/batch/<id:batch_id>/status.json",
            batch_views.BatchStatusView.as_view(),
            name="courses_admin_certificate_batch_status",
        ),
        path(
            f"{course}/certificates/batch/<id:batch_id>/retry/",
            batch_views.BatchRetryView.as_view(),
            name="courses_admin_certificate_batch_retry",
        ),
        path(f"{course}/certificates/zip/", batch_views.CohortZipView.as_view(), name="courses_admin_certificates_zip"),
    ]


class TemplatePreviewMixin:
    """The editor's preview panel: a sample certificate printed with the form's template, saved or not,
    shown as a picture of its page (`courses.certificates.pdf.preview`)."""

    @method_decorator(xframe_options_sameorigin_override)
    def get(self, request, *args, **kwargs):
        form = self.get_form(self._get_form_data(self._get_form_state()))
        if not self.validate_form(form):
            return self.error_response()
        template = form.save(commit=False)
        context = {"image": preview_data_uri(template), "layout": template.get_layout_display()}
        response = render(request, "certificates/admin/template_preview.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


class TemplatePreviewOnCreateView(TemplatePreviewMixin, PreviewOnCreateView):
    pass


class TemplatePreviewOnEditView(TemplatePreviewMixin, PreviewOnEditView):
    pass


class CertificateTemplateViewSet(SnippetViewSet):
    """How certificate PDFs look; a course picks one in its certificate settings (its "Certificates" tab), or the default is used."""

    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Certificate templates")
    menu_order = 156
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("layout", label=_("Layout"), accessor="get_layout_display"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        BooleanColumn("is_default", label=_("Default")),
    ]
    search_fields = ["name"]
    search_backend_name = None
    preview_on_add_view_class = TemplatePreviewOnCreateView
    preview_on_edit_view_class = TemplatePreviewOnEditView
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("is_default"),
                FieldPanel("layout", widget=forms.RadioSelect),
                FieldPanel("language"),
            ],
            heading=_("Template"),
        ),
        MultiFieldPanel(
            [FieldPanel("title_id"), FieldPanel("body_id"), FieldPanel("title_en"), FieldPanel("body_en")],
            heading=_("Texts"),
            help_text=_(
                "A body line that is only {name} prints the holder's name large on its own line. "
                "With the same number of lines in both languages, each English line is printed under its Indonesian one."
            ),
        ),
        MultiFieldPanel([FieldPanel("issue_place"), FieldPanel("seal_text")], heading=_("Place of issue and seal")),
        FieldPanel("background"),
        InlinePanel("logos", heading=_("Organisers' logos"), label=_("Logo")),
        InlinePanel("signatories", heading=_("Signatories"), label=_("Signatory"), max_num=4),
    ]

    def get_permissions_to_register(self):
        # The policy follows course staff (courses.staff), not model permissions.
        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("preview-pdf/<id:pk>/", downloads.template_preview, name="preview_pdf"),
        ]


register_snippet(CertificateTemplateViewSet)


@hooks.register("register_snippet_listing_buttons")
def template_preview_button(snippet, user, next_url=None):
    if isinstance(snippet, CertificateTemplate):
        yield ListingButton(
            _("Preview PDF"),
            reverse("wagtailsnippets_certificates_certificatetemplate:preview_pdf", args=[snippet.pk]),
            icon_name="view",
            priority=15,
        )


# Certificates' contributions to the courses core (`courses.hooks`) --------------------------------

hooks.register(course_hooks.COURSE_COMPLETED, integration.issue_on_completion)
hooks.register(course_hooks.PERSONAL_DATA, integration.certificates_personal_data)
hooks.register(course_hooks.DASHBOARD_SECTIONS, integration.dashboard_certificates)
hooks.register(course_hooks.PAGE_ROUTES, integration.course_page_routes)
hooks.register(course_hooks.COURSE_PAGE_LINKS, integration.alumni_link)
hooks.register(course_hooks.COURSE_ADMIN_TABS, integration.course_admin_tabs)
hooks.register(course_hooks.STAFF_TASKS, integration.batches_needing_attention)
hooks.register(course_hooks.GRADEBOOK_COLUMNS, integration.gradebook_certificate, order=30)


@hooks.register(home_hooks.LOAD_DEMO_DATA, order=500)
def load_demo_certificates(stdout, tree):
    demo.load(stdout, semarang_course())

"""Certificates in the Wagtail admin: one certificate with its history, revoke and reissue, and the
"Certificates" tab of a course, where staff issue a participant's certificate and edit the course's
certificate settings (written to Wagtail's log, like issues and revokes).

Every view checks `courses.certificates.permissions` (facilitators reach only their courses'
certificates, 403 otherwise); the rules are in `courses.certificates.issuing`.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from courses.access import forbidden
from courses.admin_views import CourseView, participant_name
from courses.certificates.alumni import course_urls
from courses.certificates.batch_views import recent_batches
from courses.certificates.forms import CourseCertificateSettingsForm, ReasonForm
from courses.certificates.issuing import CertificateError, issue_certificate, reissue, revoke
from courses.certificates.models import Certificate, CourseCertificateSettings
from courses.certificates.permissions import can_edit_certificate_settings, can_manage_course_key
from courses.choices import EnrolmentStatus
from courses.models import CourseCompletion, Enrolment
from home.page_cache import invalidate

ICON = "doc-full"


class CertificateView(WagtailAdminTemplateMixin, View):
    """One certificate: what it says, its status, its history, and the revoke and reissue forms."""

    template_name = "certificates/admin/certificate.html"
    header_icon = ICON

    def dispatch(self, request, pk, *args, **kwargs):
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("holder", "issued_by", "revoked_by", "replaces"), pk=pk
        )
        if not can_manage_course_key(request.user, self.certificate.course_key):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Certificate %(number)s") % {"number": self.certificate.number}

    def get_page_subtitle(self):
        return self.certificate.holder_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("certificates:index"), "label": _("Certificates")},
            {"url": "", "label": self.certificate.number},
        ]

    def render(self, status=200, revoke_form=None, reissue_form=None):
        certificate = self.certificate
        context = self.get_context_data(
            certificate=certificate,
            events=certificate.events.select_related("actor"),
            replaced_by=Certificate.objects.filter(replaces=certificate).first(),
            revoke_form=revoke_form or ReasonForm(prefix="revoke"),
            reissue_form=reissue_form or ReasonForm(prefix="reissue"),
        )
        return self.render_to_response(context, status=status)

    def get(self, request):
        return self.render()


class RevokeView(CertificateView):
    http_method_names = ["post"]

    def post(self, request):
        form = ReasonForm(request.POST, prefix="revoke")
        if not form.is_valid():
            return self.render(status=400, revoke_form=form)
        try:
            revoke(self.certificate, form.cleaned_data["reason"], request.user)
        except CertificateError as error:
            form.add_error(None, str(error))
            return self.render(status=400, revoke_form=form)
        messages.success(request, _("Certificate %(number)s is revoked.") % {"number": self.certificate.number})
        return redirect("certificates:inspect", self.certificate.pk)


class ReissueView(CertificateView):
    http_method_names = ["post"]

    def post(self, request):
        form = ReasonForm(request.POST, prefix="reissue")
        if not form.is_valid():
            return self.render(status=400, reissue_form=form)
        try:
            replacement = reissue(self.certificate, request.user, form.cleaned_data["reason"])
        except CertificateError as error:
            form.add_error(None, str(error))
            return self.render(status=400, reissue_form=form)
        messages.success(
            request,
            _("Certificate %(old)s is revoked and replaced by %(new)s.")
            % {"old": self.certificate.number, "new": replacement.number},
        )
        return redirect("certificates:inspect", replacement.pk)


class CourseCertificatesView(CourseView):
    """The course's enrolled participants with their completion and certificate; issue one by one."""

    template_name = "certificates/admin/course_certificates.html"
    section = "courses_admin_certificates"
    section_label = gettext_lazy("Certificates")

    def get(self, request):
        course = self.course
        enrolments = list(
            Enrolment.objects.for_course(course)
            .active()
            .select_related("user__participant_profile")
            .order_by("user__participant_profile__full_name", "user__email")
        )
        completions = dict(
            CourseCompletion.objects.filter(course_key=course.course_key).values_list("user_id", "completed_at")
        )
        certificates = {
            certificate.holder_id: certificate
            for certificate in Certificate.objects.for_course(course).current().filter(holder__isnull=False)
        }
        rows = [
            {
                "enrolment": enrolment,
                "name": participant_name(enrolment.user),
                "completed_at": completions.get(enrolment.user_id),
                "certificate": certificates.get(enrolment.user_id),
            }
            for enrolment in enrolments
        ]
        context = self.get_context_data(
            rows=rows,
            issued=len(certificates),
            completed=sum(1 for row in rows if row["completed_at"]),
            listing_url=f"{reverse('certificates:index')}?course_key={course.course_key}",
            certificate_settings=CourseCertificateSettings.for_course(course),
            batches=recent_batches(course),
        )
        return self.render_to_response(context)


class IssueView(CourseView):
    """Issue one participant's certificate; `force` for a participant whose completion is not recorded."""

    http_method_names = ["post"]

    def post(self, request, enrolment_id):
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("user__participant_profile"),
            pk=enrolment_id,
            course_key=self.course.course_key,
            status=EnrolmentStatus.APPROVED,
        )
        try:
            certificate, created = issue_certificate(
                enrolment, self.course, issued_by=request.user, force=request.POST.get("force") == "1"
            )
        except CertificateError as error:
            messages.error(request, str(error))
        else:
            name = participant_name(enrolment.user)
            if created:
                messages.success(
                    request,
                    _("Certificate %(number)s issued to %(name)s.") % {"number": certificate.number, "name": name},
                )
            else:
                messages.info(
                    request,
                    _("%(name)s already holds certificate %(number)s.") % {"number": certificate.number, "name": name},
                )
        return redirect(self.url("certificates"))


class CertificateSettingsView(CourseView):
    """Whether and how the course issues certificates: its `CourseCertificateSettings`, shared by both languages."""

    template_name = "certificates/admin/course_certificate_settings.html"
    section = "courses_admin_certificates"
    section_label = gettext_lazy("Certificate settings")

    def render(self, form, status=200):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def get(self, request):
        if not can_edit_certificate_settings(request.user, self.course):
            return forbidden(request)
        return self.render(CourseCertificateSettingsForm(instance=CourseCertificateSettings.for_course(self.course)))

    def post(self, request):
        if not can_edit_certificate_settings(request.user, self.course):
            return forbidden(request)
        settings = CourseCertificateSettings.for_course(self.course)
        created = settings.pk is None
        form = CourseCertificateSettingsForm(request.POST, instance=settings)
        if not form.is_valid():
            return self.render(form, status=400)
        if created or form.has_changed():
            settings = form.save()
            log(settings, "wagtail.create" if created else "wagtail.edit", user=request.user)
            # The course's pages show the alumni link, and its alumni list answers, only when it issues them.
            invalidate(course_urls(settings.course_key))
        messages.success(request, _("The course's certificate settings are saved."))
        return redirect(self.url("certificates"))

"""Bulk issue in the admin: confirm, follow a batch's progress (without JavaScript too), retry, and the cohort's ZIP.

Reached from the course's "Certificates" tab; only staff who manage the course's certificates
(`courses.certificates.permissions.can_manage_course_key`), 403 for everybody else.
"""

import tempfile
import zipfile

from django import forms
from django.contrib import messages
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.access import forbidden
from courses.admin_views import CourseView, participant_name
from courses.certificates import bulk
from courses.certificates.choices import BatchItemStatus, BatchStatus
from courses.certificates.models import Certificate, CertificateBatch, CourseCertificateSettings
from courses.certificates.pdf.files import certificate_pdf_bytes, download_name
from courses.certificates.permissions import can_manage_course_key

BATCHES_ON_TAB = 10


class BatchForm(forms.Form):
    force = forms.BooleanField(
        label=gettext_lazy("Also participants whose completion is not recorded"),
        help_text=gettext_lazy(
            "Without this, only participants who completed the course get a certificate. "
            "With it, every approved participant does (e.g. attendance kept on paper)."
        ),
        required=False,
    )
    send_emails = forms.BooleanField(
        label=gettext_lazy("E-mail each holder their certificate"), required=False, initial=True
    )


def recent_batches(course):
    return CertificateBatch.objects.filter(course_key=course.course_key).order_by("-created_at", "-pk")[:BATCHES_ON_TAB]


class CertificateCourseView(CourseView):
    section = "certificates"
    section_label = gettext_lazy("Certificates")

    def get(self, request, *args, **kwargs):
        if not can_manage_course_key(request.user, self.course.course_key):
            return forbidden(request)
        return self.handle_get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not can_manage_course_key(request.user, self.course.course_key):
            return forbidden(request)
        return self.handle_post(request, *args, **kwargs)


class StartBatchView(CertificateCourseView):
    """The confirmation screen with the counts, then the batch is started and its progress shown."""

    template_name = "certificates/admin/batch_start.html"

    def render(self, form, status=200):
        context = self.get_context_data(form=form, counts=bulk.cohort_counts(self.course))
        return self.render_to_response(context, status=status)

    def handle_get(self, request):
        return self.render(BatchForm())

    def handle_post(self, request):
        if not CourseCertificateSettings.for_course(self.course).issue_certificates:
            messages.error(
                request,
                _("This course does not issue certificates; turn them on in the course's certificate settings."),
            )
            return redirect(self.url("certificates"))
        form = BatchForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        batch = bulk.start_batch(
            self.course, request.user, force=form.cleaned_data["force"], send_emails=form.cleaned_data["send_emails"]
        )
        messages.success(request, _("The certificates are being issued. You can leave this page and come back."))
        return redirect(self.url("certificate_batch", batch.pk))


class BatchMixin:
    def batch_or_404(self, batch_id):
        return get_object_or_404(CertificateBatch, pk=batch_id, course_key=self.course.course_key)


class BatchProgressView(BatchMixin, CertificateCourseView):
    template_name = "certificates/admin/batch_progress.html"

    def handle_get(self, request, batch_id):
        batch = self.batch_or_404(batch_id)
        failed = [
            {"name": participant_name(item.enrolment.user), "error": item.error}
            for item in batch.items.filter(status=BatchItemStatus.FAILED)
            .select_related("enrolment__user__participant_profile")
            .order_by("pk")
        ]
        context = self.get_context_data(
            batch=batch,
            counts=bulk.progress(batch),
            failed=failed,
            running=batch.status != BatchStatus.DONE,
            status_url=self.url("certificate_batch_status", batch.pk),
        )
        return self.render_to_response(context)


class BatchStatusView(BatchMixin, CertificateCourseView):
    """The progress as JSON, for the page's optional polling script."""

    def handle_get(self, request, batch_id):
        batch = self.batch_or_404(batch_id)
        return JsonResponse({"status": batch.status, **bulk.progress(batch)})


class BatchRetryView(BatchMixin, CertificateCourseView):
    http_method_names = ["post"]

    def handle_post(self, request, batch_id):
        batch = bulk.retry_batch(self.batch_or_404(batch_id), request.user)
        messages.success(request, _("Failed and missing certificates are being issued again."))
        return redirect(self.url("certificate_batch", batch.pk))


class CohortZipView(CertificateCourseView):
    """Every current certificate's PDF of the course in one ZIP (rendered first where missing), built in a temp file."""

    def handle_get(self, request):
        spooled = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
        with zipfile.ZipFile(spooled, "w", zipfile.ZIP_STORED) as archive:
            for certificate in Certificate.objects.for_course(self.course).current().order_by("year", "sequence"):
                archive.writestr(download_name(certificate), certificate_pdf_bytes(certificate))
        spooled.seek(0)
        name = f"sertifikat-{self.course.slug}-{timezone.localdate():%Y%m%d}.zip"
        response = FileResponse(spooled, as_attachment=True, filename=name, content_type="application/zip")
        response["Cache-Control"] = "private, no-store"
        return response

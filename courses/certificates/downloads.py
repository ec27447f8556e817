"""The certificate PDF download: for its holder and the course's certificate staff, nobody else.

Everybody else gets 404, not 403, so certificate ids cannot be probed; a visitor who is not
logged in is sent to the login page whatever the id (the holder following a link from an e-mail
lands back here). A holder asking for a revoked certificate is told it was revoked (410, with the
reason), while staff can still fetch it for the record; every staff download is written in the
certificate's history. Responses are private and never stored by a cache: the page cache keeps
only anonymous answers, and `Cache-Control: private, no-store` keeps browsers and proxies out too.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from courses.access import forbidden
from courses.certificates.choices import CertificateAction
from courses.certificates.models import Certificate, CertificateEvent, CertificateTemplate
from courses.certificates.pdf.files import certificate_pdf_bytes, download_name
from courses.certificates.pdf.render import render_pdf
from courses.certificates.pdf.templates import sample_certificate
from courses.certificates.permissions import can_manage_course_key, can_manage_templates


def not_found(request):
    """The site's 404, final: not turned into a redirect to a language prefix (home.middleware)."""
    response = private(render(request, "404.html", status=404))
    response.final_404 = True
    return response


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@login_required
def certificate_pdf(request, pk):
    certificate = Certificate.objects.filter(pk=pk).first()
    if certificate is None:
        return not_found(request)
    is_holder = certificate.holder_id is not None and certificate.holder_id == request.user.pk
    is_staff = can_manage_course_key(request.user, certificate.course_key)
    if not (is_holder or is_staff):
        return not_found(request)
    if certificate.is_revoked and not is_staff:
        replacement = Certificate.objects.current().filter(replaces=certificate).first()
        context = {"certificate": certificate, "replacement": replacement}
        return private(render(request, "certificates/pdf_revoked.html", context, status=410))
    content = certificate_pdf_bytes(certificate)
    if is_staff and not is_holder:
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateAction.DOWNLOADED, actor=request.user
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=download_name(certificate)
    )
    return private(response)


@require_safe
def template_preview(request, pk):
    """The admin's "Preview PDF": a sample certificate printed with the template as saved."""
    if not can_manage_templates(request.user):
        return forbidden(request)
    template = get_object_or_404(CertificateTemplate, pk=pk)
    response = HttpResponse(render_pdf(sample_certificate(template), template), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"contoh-sertifikat-{template.pk}.pdf"
    )
    return private(response)

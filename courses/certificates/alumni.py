"""The participant's side of certificates: "My certificates" on the dashboard (downloads, LinkedIn, the alumni
opt-in) and each course's public alumni list.

The alumni list shows only certificates whose holder opted in (`Certificate.listed_as_alumnus`) and that
are not revoked: the holder's name as printed and the verification link, nothing else, grouped by the
course's dates as printed on the certificate (the course each alumnus took), never by the year of issue:
someone who completes a 2021 course late is a 2021 alumnus.
Only the holder changes their own opt-in.
"""

import itertools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.certificates.choices import CertificateStatus
from courses.certificates.credentials import issuer_name
from courses.certificates.downloads import not_found
from courses.certificates.models import Certificate, CourseCertificateSettings
from courses.certificates.verification.views import credential_url
from courses.models import CoursePage
from home.page_cache import invalidate
from home.pagination import paginate

ALUMNI_PER_PAGE = 50
LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"


def linkedin_url(certificate, language, organisation):
    """LinkedIn's "add to profile" link for a certification, with the number and the verification URL."""
    issued = certificate.issued_at
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title(language),
        "organizationName": organisation,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": certificate.verification_url,
        "certId": certificate.number,
    }
    if certificate.expires_on:
        query.update(expirationYear=certificate.expires_on.year, expirationMonth=certificate.expires_on.month)
    return f"{LINKEDIN_ADD_URL}?{urlencode(query)}"


def holder_certificates(user):
    """The user's certificates for the dashboard, newest first, each with its LinkedIn link (valid ones only)."""
    language = (get_language() or "id").split("-")[0]
    certificates = list(Certificate.objects.filter(holder=user).order_by("-issued_at", "-pk"))
    if not certificates:
        return []
    organisation = issuer_name()
    rows = []
    for certificate in certificates:
        rows.append(
            {
                "certificate": certificate,
                "course_title": certificate.course_title(language),
                "linkedin_url": linkedin_url(certificate, language, organisation) if certificate.is_valid else "",
                "credential_url": credential_url(certificate),
            }
        )
    return rows


@login_required
@require_POST
def alumni_opt_in(request, pk):
    """The holder lists or unlists their certificate on the course's public alumni list."""
    certificate = Certificate.objects.filter(pk=pk, holder=request.user).first()
    if certificate is None:
        return not_found(request)  # for everybody else, so ids are not probed
    certificate.listed_as_alumnus = request.POST.get("listed") == "1"
    # save(), not update(): post_save moves the anonymous page cache on (home/page_cache.py).
    certificate.save(update_fields=["listed_as_alumnus"])
    invalidate(alumni_urls(certificate))
    # The URL has no language prefix: the form says which dashboard (and message language) to go back to.
    language = request.GET.get("lang")
    with translation.override(language if language in dict(settings.LANGUAGES) else translation.get_language()):
        if certificate.listed_as_alumnus:
            messages.success(request, _("You are listed among the course's alumni."))
        else:
            messages.success(request, _("You are no longer listed among the course's alumni."))
        return redirect("courses_dashboard")


def alumni_urls(certificate):
    """The course's alumni lists in every language, for the frontend caches to drop."""
    return {f"{url}alumni/" for url in course_urls(certificate.course_key)}


def course_urls(course_key):
    """The course's live pages in every language: they link the alumni list when the course issues certificates
    (a purge of a page's URL covers its alumni list below it)."""
    courses = CoursePage.objects.live().filter(translation_key=course_key)
    return {url for course in courses if (url := course.get_full_url())}


def purge_alumni_lists(certificate):
    """Once a revoke commits (`courses.certificates.issuing`): a revoked alumnus leaves the proxies' copies
    of the list too (post_save only purges the certificate's verification page there)."""
    if certificate.listed_as_alumnus:
        invalidate(alumni_urls(certificate))


def alumni_certificates(course):
    return (
        Certificate.objects.filter(course_key=course.course_key, listed_as_alumnus=True)
        .exclude(status=CertificateStatus.REVOKED)
        .order_by("-course_start_date", "-course_end_date", "holder_name", "pk")
        .only("holder_name", "course_start_date", "course_end_date", "verification_code")
    )


def by_course_dates(certificates):
    """The certificates of one page of the list, grouped by the course dates printed on them, newest first.

    A course's dates are frozen on each certificate at issue, so a course moved after some were issued
    shows as two groups, each with the dates its alumni's certificates carry.
    """
    groups = []
    for (start, end), rows in itertools.groupby(
        certificates, key=lambda certificate: (certificate.course_start_date, certificate.course_end_date)
    ):
        groups.append({"start": start, "end": end, "certificates": list(rows)})
    return groups


def alumni_page(course, request):
    """The course's public alumni list (a route of the course page, `courses.certificates.integration`)."""
    if not CourseCertificateSettings.for_course(course).issue_certificates:
        raise Http404
    page_obj = paginate(request, alumni_certificates(course), ALUMNI_PER_PAGE)
    context = {"page": course, "course": course, "page_obj": page_obj, "groups": by_course_dates(page_obj)}
    return TemplateResponse(request, "certificates/alumni.html", context)

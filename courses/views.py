import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses.calendar import build_calendar
from courses.choices import EnrolmentStatus
from courses.dashboard import dashboard_items, dashboard_sections, localized_courses
from courses.forms import DeleteAccountForm, ParticipantProfileForm
from courses.models import CourseSession, Enrolment, ParticipantProfile
from courses.personal_data import erase_participant, export_personal_data
from home.routing import active_locale
from home.security import local_url


@login_required
@require_GET
def dashboard(request):
    items = dashboard_items(request.user)
    # The page needs only whether there is a profile, and its calendar feed's token.
    profile = ParticipantProfile.objects.filter(user=request.user).values("calendar_token").first()
    context = {"items": items, "profile": profile, "sections": dashboard_sections(request.user)}
    return render(request, "courses/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    instance = ParticipantProfile.objects.filter(user=request.user).first() or ParticipantProfile(user=request.user)
    form = ParticipantProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect(local_url(request.POST.get("next"), request) or reverse("courses_dashboard"))
    status = 400 if request.method == "POST" else 200
    return render(request, "courses/profile.html", {"form": form, "next": request.GET.get("next", "")}, status=status)


@login_required
@require_GET
def export_data(request):
    data = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="latuharhary-data-saya.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erase_participant(user)
        messages.success(request, _("Your account and personal data have been erased."))
        return redirect("/")
    status = 400 if request.method == "POST" else 200
    return render(request, "courses/delete_account.html", {"form": form}, status=status)


@require_GET
def privacy_notice(request):
    return render(request, "courses/privacy_notice.html")


@require_GET
def personal_calendar(request, token):
    """A participant's sessions across their courses, for calendar apps (the token is the key)."""
    profile = ParticipantProfile.objects.filter(calendar_token=token).select_related("user").first()
    if profile is None:
        raise Http404
    keys = Enrolment.objects.filter(user=profile.user, status=EnrolmentStatus.APPROVED).values_list(
        "course_key", flat=True
    )
    courses = localized_courses(list(keys), active_locale())
    sessions = {}
    for session in CourseSession.objects.filter(page__in=list(courses.values())).prefetch_related("speakers"):
        sessions.setdefault(session.page_id, []).append(session)
    body = build_calendar(_("My training sessions"), [(c, sessions.get(c.pk, [])) for c in courses.values()], request)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")

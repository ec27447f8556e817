"""What every community page does first: resolve the course and let only its members through.

URLs carry the course's translation key (`/<lang>/learning/<course_key>/…`), so both languages
share one forum and one set of plans. Anonymous visitors are sent to log in, everyone else who is
neither an active participant nor on the course's staff gets a 403 page that shows nothing of the
course's community.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext as _

from courses.access import course_access, forbidden
from courses.dashboard import localized_courses
from home.routing import active_locale


def course_or_404(course_key):
    course = localized_courses([course_key], active_locale()).get(course_key)
    if course is None:
        raise Http404
    return course


NOT_MEMBERS = _("The forum and the action plans of this training are for its enrolled participants and its staff.")


def member_view(view):
    """Resolve the course; only its active participants and its staff get through."""

    @wraps(view)
    def wrapped(request, course_key, *args, **kwargs):
        course = course_or_404(course_key)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access = course_access(request.user, course)
        if not access.is_member:
            return forbidden(request, NOT_MEMBERS, course=course)
        return view(request, course, access, *args, **kwargs)

    return wrapped

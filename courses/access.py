"""Who may do what in a course: the one place the core answers it, and the one refusal page.

- "Manages all courses" is a real permission, `courses.manage_all_courses`: editors and
  administrators hold it (`courses.staff` keeps the groups in step), facilitators never do.
- A course's staff are those who manage all courses plus the facilitators named on the course's
  page in either language (the course is the same).
- A course's participants are those with an approved enrolment.

The plug-ins decide their own rules on top of these (`courses.quiz.permissions`,
`courses.certificates.permissions`, `courses.community.permissions`); views never re-derive them.
"""

from dataclasses import dataclass

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.choices import EnrolmentStatus
from courses.models import CourseFacilitator, CoursePage, Enrolment
from courses.models.pages import source_language

MANAGE_ALL_COURSES = "courses.manage_all_courses"


def manages_all_courses(user):
    return user.is_authenticated and (user.is_superuser or user.has_perm(MANAGE_ALL_COURSES))


def is_course_staff(user, course):
    """Editors and admins manage every course; facilitators only the ones they are assigned to."""
    if not user.is_authenticated:
        return False
    if manages_all_courses(user):
        return True
    return CourseFacilitator.objects.filter(page__translation_key=course.course_key, user=user).exists()


def is_any_course_staff(user):
    """Manages all courses or facilitates at least one: may open the staff side of the admin."""
    return manages_all_courses(user) or (user.is_authenticated and CourseFacilitator.objects.filter(user=user).exists())


def facilitated_courses(user):
    """The courses `user` manages, one page each, in the source language (the admin works on those)."""
    if not user.is_authenticated:
        return CoursePage.objects.none()
    courses = CoursePage.objects.filter(locale__language_code=source_language())
    if not manages_all_courses(user):
        # A facilitator may have been added on either language's page; the course is the same.
        keys = CourseFacilitator.objects.filter(user=user).values("page__translation_key")
        courses = courses.filter(translation_key__in=keys)
    return courses.order_by("-start_date", "title")


def managed_course_keys(user):
    """The translation keys of the courses `user` manages, or None for every course."""
    if manages_all_courses(user):
        return None
    if not user.is_authenticated:
        return set()
    return set(CourseFacilitator.objects.filter(user=user).values_list("page__translation_key", flat=True))


def active_enrolment(user, course):
    """The user's approved enrolment in the course, or None: what makes someone a participant."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course_key=course.course_key, status=EnrolmentStatus.APPROVED).first()


@dataclass(frozen=True)
class CourseAccess:
    """What one person is in one course, worked out once per request."""

    user: object
    participant: bool
    staff: bool

    @property
    def is_member(self):
        """Active participants and course staff read and write in the course's pages for members."""
        return self.participant or self.staff


def course_access(user, course):
    if not user.is_authenticated:
        return CourseAccess(user, participant=False, staff=False)
    return CourseAccess(
        user, participant=active_enrolment(user, course) is not None, staff=is_course_staff(user, course)
    )


def forbidden(request, reason="", *, course=None):
    """The one 403 page: in the admin's layout for admin URLs, in the site's for the public side.

    `reason` says what the person can do about it; `course` gives the site page a way back.
    """
    if request.path.startswith(reverse("wagtailadmin_home")):
        context = {
            "page_title": _("Access denied"),
            "header_icon": "lock",
            "reason": reason
            or _("You are not a facilitator of this course. Ask an editor to add you to the course's facilitators."),
        }
        return TemplateResponse(request, "courses/admin/forbidden.html", context, status=403)
    return TemplateResponse(request, "courses/forbidden.html", {"course": course, "message": reason}, status=403)

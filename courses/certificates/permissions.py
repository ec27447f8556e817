"""Who may see and manage certificates: superusers and editors for every course, facilitators for theirs.

The same rule as the rest of course management (`courses.access`),
applied to the admin's certificate listing through a Wagtail permission policy rather than model
permissions, so no group needs a certificate permission of its own. Nobody creates, edits or
deletes certificates in the admin: they are issued, revoked and reissued by `courses.certificates.issuing`.
"""

from wagtail.permission_policies.base import BasePermissionPolicy

from courses.access import facilitated_courses, manages_all_courses
from courses.certificates.models import Certificate, CertificateTemplate
from courses.models import CourseFacilitator

MANAGE_ACTIONS = {"view", "change"}


def is_certificate_staff(user):
    """Manages the certificates of at least one course."""
    return manages_all_courses(user) or (user.is_authenticated and facilitated_courses(user).exists())


def can_manage_course_key(user, course_key):
    if manages_all_courses(user):
        return True
    return (
        user.is_authenticated and CourseFacilitator.objects.filter(page__translation_key=course_key, user=user).exists()
    )


def can_edit_certificate_settings(user, course):
    """Whether and how a course issues certificates is for its staff, like its certificates."""
    return can_manage_course_key(user, course.course_key)


def certificates_for(user):
    """The certificates `user` may see in the admin."""
    if manages_all_courses(user):
        return Certificate.objects.all()
    if not user.is_authenticated:
        return Certificate.objects.none()
    keys = CourseFacilitator.objects.filter(user=user).values("page__translation_key")
    return Certificate.objects.filter(course_key__in=keys)


class CertificatePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        # "change" is only ever granted per certificate (revoke, reissue), never for the generic edit view.
        return action == "view" and is_certificate_staff(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in MANAGE_ACTIONS and can_manage_course_key(user, instance.course_key)

    def instances_user_has_any_permission_for(self, user, actions):
        if not MANAGE_ACTIONS.intersection(actions):
            return Certificate.objects.none()
        return certificates_for(user)


def can_manage_templates(user):
    """Certificate templates serve every course, so only those who manage every course edit them."""
    return manages_all_courses(user)


class CertificateTemplatePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return can_manage_templates(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return can_manage_templates(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return CertificateTemplate.objects.all() if can_manage_templates(user) else CertificateTemplate.objects.none()

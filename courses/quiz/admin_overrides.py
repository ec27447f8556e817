"""Quiz overrides in the Wagtail admin: exceptions for single participants (extra time, more attempts, a later close).

These are Wagtail's generic create, edit and delete views, framed as pages of one quiz placed in one
course (`PlacementView`). Not a `ModelViewSet`: an override only means something inside a quiz and a
course, whose ids lead every URL (`quiz_results:overrides` and its neighbours, which stay as they are),
and the list of a quiz's overrides shares its page with the form that adds one.

Course staff decide here, not model permissions: `CourseResultsView.dispatch` checks
`courses.access.is_course_staff` before anything is looked up, so the generic views run without a
permission policy. Each change is written to Wagtail's history (`courses.quiz.history`).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.views import generic
from wagtail.log_actions import log

from courses.admin_views import participant_name
from courses.models import Enrolment
from courses.quiz.admin_results import PlacementView
from courses.quiz.forms import OverrideForm
from courses.quiz.history import OVERRIDE_CHANGED, OVERRIDE_CREATED, OVERRIDE_REMOVED
from courses.quiz.models import QuizOverride
from courses.quiz.sitting import attempts_allowed


class OverrideViewMixin(PlacementView):
    """What the generic views need to know about the overrides of one quiz in one course."""

    model = QuizOverride
    permission_policy = None  # course staff, checked in `CourseResultsView.dispatch`
    section = "overrides"

    @cached_property
    def participants(self):
        """Who may get an override: the course's participants, whatever their enrolment's state."""
        enrolled = Enrolment.objects.filter(course_key=self.course.course_key).values("user_id")
        return (
            get_user_model()
            .objects.filter(pk__in=enrolled)
            .select_related("participant_profile")
            .order_by("participant_profile__full_name", "email")
        )

    def overrides(self):
        return (
            QuizOverride.objects.filter(quiz_key=self.quiz.quiz_key, user__in=self.participants)
            .select_related("user__participant_profile")
            .order_by("user__participant_profile__full_name", "user__email")
        )

    def get_success_url(self):
        return self.url("overrides", self.placement.pk)

    def log(self, override, action, **kwargs):
        """One entry in Wagtail's history, readable after the override is gone."""
        name = participant_name(override.user)
        log(
            override,
            action,
            user=self.request.user,
            title=f"{name}: {self.quiz.title}",
            data={
                "quiz_key": str(self.quiz.quiz_key),
                "participant": name,
                "extra_minutes": override.extra_minutes,
                "extra_attempts": override.extra_attempts,
                "close_at": override.close_at.isoformat() if override.close_at else None,
            },
            **kwargs,
        )


class OverrideFormMixin(OverrideViewMixin):
    """The override form, limited to the course's participants; a form with errors answers 400."""

    form_class = OverrideForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "participants": self.participants}

    def get_success_buttons(self):
        return []

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class OverridesView(OverrideFormMixin, generic.CreateView):
    """The quiz's overrides, each with what it gives the participant, and the form that adds one."""

    template_name = "quiz/admin/overrides.html"
    section_label = gettext_lazy("Overrides")
    success_message = gettext_lazy("Override saved for %(name)s.")

    def get_add_url(self):
        return self.url("overrides", self.placement.pk)

    def get_initial_form_instance(self):
        return QuizOverride(quiz_key=self.quiz.quiz_key)

    def save_instance(self):
        action = self.action_class(self.form.instance, user=self.request.user, form=self.form, log_action=False)
        override = action.execute(skip_permission_checks=True)
        self.log(override, OVERRIDE_CREATED, content_changed=True)
        return override

    def get_success_message(self, instance):
        return self.success_message % {"name": participant_name(instance.user)}

    def get_context_data(self, **kwargs):
        rows = [
            {
                "override": override,
                "name": participant_name(override.user),
                "attempts": attempts_allowed(self.quiz, override),
                "minutes": self.quiz.time_limit_minutes + override.extra_minutes
                if self.quiz.time_limit_minutes
                else None,
                "url": self.url("override", self.placement.pk, override.pk),
                "delete_url": self.url("override_delete", self.placement.pk, override.pk),
            }
            for override in self.overrides()
        ]
        return super().get_context_data(rows=rows, allowed=attempts_allowed(self.quiz), **kwargs)


class OverrideObjectMixin(OverrideViewMixin):
    """One override of the quiz, found in `resolve` (after the staff check), never by the generic `get_object`."""

    override = None

    def resolve(self, page_id, override_id):
        super().resolve(page_id)
        self.override = self.object = get_object_or_404(self.overrides(), pk=override_id)
        return {}

    def get_object(self, queryset=None):
        return self.override

    def get_success_message(self):
        return self.success_message % {"name": participant_name(self.override.user)}


class OverrideEditView(OverrideObjectMixin, OverrideFormMixin, generic.EditView):
    template_name = "quiz/admin/override_edit.html"
    success_message = gettext_lazy("Override saved for %(name)s.")

    def get_page_subtitle(self):
        return _("Override for %(name)s") % {"name": participant_name(self.override.user)}

    def get_edit_url(self):
        return self.url("override", self.placement.pk, self.override.pk)

    def get_delete_url(self):
        return None  # removing is a button on the list (POST only), not a page of its own

    def save_instance(self):
        action = self.action_class(self.form.instance, user=self.request.user, form=self.form, log_action=False)
        override = action.execute(skip_permission_checks=True)
        self.log(override, OVERRIDE_CHANGED, content_changed=self.form.has_changed())
        return override


class OverrideDeleteView(OverrideObjectMixin, generic.DeleteView):
    """Removes an override at once (the list's "Remove" button); there is no confirmation page."""

    http_method_names = ["post"]
    success_message = gettext_lazy("Override removed for %(name)s.")

    def delete_action(self):
        with transaction.atomic():
            self.log(self.override, OVERRIDE_REMOVED, deleted=True)
            self.action_class(self.override, user=self.request.user, log_action=False).execute(
                skip_permission_checks=True
            )

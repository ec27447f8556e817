"""Inviting participants from a list: upload, check every line, confirm."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from courses import reports
from courses.admin_views import CourseView
from courses.checked_import import CheckedImportMixin
from courses.staff import Invitee, ParticipantImportError, invite_participants, parse_participants


class ParticipantFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant list"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx) with the columns email, full_name, participant_type (asn, activist or other) "
            "and organisation. Nothing is saved until every line is right."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportParticipantsView(CheckedImportMixin, CourseView):
    """Upload a list, see every problem by line, confirm a clean list: invitations and e-mails."""

    template_name = "courses/admin/import.html"
    section = "import"
    section_label = gettext_lazy("Invite participants")
    form_class = ParticipantFileForm
    parse_error = ParticipantImportError
    empty_message = gettext_lazy("The file lists no participants.")
    heading_level = 3
    preview_template = "courses/admin/import_preview.html"
    preview_caption = gettext_lazy("Participants to invite")
    upload_heading = gettext_lazy("Upload a participant list")
    upload_intro = gettext_lazy(
        "Invited participants receive an e-mail with the sign-up link and the course page. When they enrol with "
        "the invited e-mail address, they are accepted without approval or enrolment key."
    )
    confirm_label = gettext_lazy("Save invitations and send e-mails")
    preview_heading = ngettext_lazy(
        "The file is correct: %(counter)s participant will be invited.",
        "The file is correct: %(counter)s participants will be invited.",
        "counter",
    )
    expired_message = gettext_lazy("The checked list has expired. Upload the file again.")

    @cached_property
    def token_salt(self):
        return f"courses.invite:{self.course.course_key}:{self.request.user.pk}"

    def render(self, form, status=200, **extra):
        context = self.get_context_data(
            form=form, invitations=reports.course_invitations(self.course).select_related("created_by"), **extra
        )
        return self.render_to_response(context, status=status)

    def parse(self, name, content):
        result = parse_participants(name, content)
        return result.invitees, result.errors

    def save(self, data):
        created, updated = invite_participants(self.course, [Invitee(**row) for row in data], by=self.request.user)
        return _("%(created)s new invitations, %(updated)s updated. The invitees are being e-mailed.") % {
            "created": created,
            "updated": updated,
        }

    def import_url(self):
        return self.url("import")

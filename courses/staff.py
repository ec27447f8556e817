"""The staff side of a course: the staff groups, and inviting participants from a list.

Facilitators (Fasilitator) may use the admin, but see only the courses that name them in the
course's "Facilitators" panel; editors and admins, who hold `courses.manage_all_courses`, manage
every course (`courses.access`). The groups' permissions are kept in step with the code after
every migrate, after home's editorial groups.

Cities send their delegates as a spreadsheet; `parse_participants` reads it (CSV or XLSX) and
reports every bad line, and `invite_participants` turns a clean list into invitations and e-mails.
An invited address that later enrols is approved at once (`courses.enrolment.enrol`).
"""

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from courses import log_actions
from courses.choices import ParticipantType
from courses.models import Invitation
from courses.models.pages import source_language
from courses.spreadsheets import TableError, TableLineError, csv_rows, xlsx_rows
from home.groups import EDITORS

FACILITATORS = "Fasilitator"
FACILITATOR_PERMISSIONS = ["wagtailadmin.access_admin"]
# Holding this would make a facilitator staff of every course, so it is taken away if ever added.
FACILITATOR_FORBIDDEN_PERMISSIONS = ["courses.manage_all_courses"]
EDITOR_COURSE_PERMISSIONS = [
    "courses.manage_all_courses",
    "courses.view_enrolment",
    "courses.change_enrolment",
    "courses.view_attendance",
    "courses.change_attendance",
    "courses.view_invitation",
    "courses.change_invitation",
]


def _permissions(dotted_names, using):
    permissions = []
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        permissions.append(Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename))
    return permissions


def ensure_course_staff_groups(sender, using="default", **kwargs):
    """post_migrate handler for the courses app: idempotent, so it runs after every migrate."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    with transaction.atomic(using=using):
        facilitators, _created = Group.objects.using(using).get_or_create(name=FACILITATORS)
        facilitators.permissions.add(*_permissions(FACILITATOR_PERMISSIONS, using))
        facilitators.permissions.remove(*_permissions(FACILITATOR_FORBIDDEN_PERMISSIONS, using))
        editors, _created = Group.objects.using(using).get_or_create(name=EDITORS)
        editors.permissions.add(*_permissions(EDITOR_COURSE_PERMISSIONS, using))


# Participant lists ---------------------------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
IMPORT_COLUMNS = {
    "email": ("email", "e-mail", "alamat email", "alamat e-mail", "surel"),
    "full_name": ("full_name", "full name", "name", "nama", "nama lengkap"),
    "participant_type": ("participant_type", "participant type", "type", "jenis peserta", "jenis", "kategori"),
    "organisation": ("organisation", "organization", "organisasi", "instansi", "opd", "lembaga"),
}
PARTICIPANT_TYPE_ALIASES = {
    "asn": ParticipantType.ASN,
    "pns": ParticipantType.ASN,
    "civil servant": ParticipantType.ASN,
    "civil servant (asn)": ParticipantType.ASN,
    "activist": ParticipantType.ACTIVIST,
    "aktivis": ParticipantType.ACTIVIST,
    "civil-society activist": ParticipantType.ACTIVIST,
    "other": ParticipantType.OTHER,
    "lainnya": ParticipantType.OTHER,
    "lain-lain": ParticipantType.OTHER,
}


class ParticipantImportError(Exception):
    """The file as a whole cannot be read (format, size, missing columns)."""


@dataclass
class Invitee:
    line: int
    email: str
    full_name: str = ""
    participant_type: str = ""
    organisation: str = ""

    def as_dict(self):
        return {
            "line": self.line,
            "email": self.email,
            "full_name": self.full_name,
            "participant_type": self.participant_type,
            "organisation": self.organisation,
        }

    def get_participant_type_display(self):
        return ParticipantType(self.participant_type).label if self.participant_type else ""


@dataclass
class ParticipantList:
    invitees: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)

    @property
    def is_clean(self):
        return not self.errors and bool(self.invitees)


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParticipantImportError(_("The file is not UTF-8 text. Save it again as CSV (UTF-8).")) from error
    return csv_rows(text)


def _read_xlsx(data):
    try:
        return xlsx_rows(data, MAX_IMPORT_ROWS + 2, _cell_text)
    except TableError as error:
        raise ParticipantImportError(str(error)) from error


def read_table(filename, data):
    """(line number, cells) for every line of a CSV or XLSX file.

    A line that cannot be read at all raises `TableLineError`, with its number.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ParticipantImportError(_("The file is larger than 2 MB."))
    name = filename.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise ParticipantImportError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))


def _column_positions(header):
    normalised = [_cell_text(cell).lower() for cell in header]
    positions = {}
    for name, candidates in IMPORT_COLUMNS.items():
        positions[name] = next((normalised.index(c) for c in candidates if c in normalised), None)
    return positions


def _participant_type(text):
    value = text.strip().lower()
    if not value:
        return ""
    if value in ParticipantType.values:
        return value
    return PARTICIPANT_TYPE_ALIASES.get(value)


def parse_participants(filename, data):
    """Check every line of a participant list; writes nothing."""
    try:
        table = read_table(filename, data)
    except TableLineError as error:
        return ParticipantList(errors=[(error.line, str(error))])
    rows = [(number, cells) for number, cells in table if any(_cell_text(c) for c in cells)]
    if not rows:
        raise ParticipantImportError(_("The file is empty."))
    header_line, header = rows[0]
    positions = _column_positions(header)
    if positions["email"] is None:
        raise ParticipantImportError(
            _("The first line must name the columns: email, full_name, participant_type, organisation.")
        )
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise ParticipantImportError(
            _("The file has more than %(count)s participants; split it into smaller files.")
            % {"count": MAX_IMPORT_ROWS}
        )

    def cell(cells, name):
        position = positions[name]
        return _cell_text(cells[position]) if position is not None and position < len(cells) else ""

    result = ParticipantList()
    first_line_of = {}
    for number, cells in rows[1:]:
        email = cell(cells, "email").lower()
        try:
            validate_email(email)
        except ValidationError:
            result.errors.append((number, _("“%(email)s” is not a valid e-mail address") % {"email": email or "—"}))
            continue
        if email in first_line_of:
            result.errors.append(
                (number, _("%(email)s is already on line %(line)s") % {"email": email, "line": first_line_of[email]})
            )
            continue
        first_line_of[email] = number
        participant_type = _participant_type(cell(cells, "participant_type"))
        if participant_type is None:
            result.errors.append(
                (
                    number,
                    _("unknown participant type “%(type)s”; use asn, activist or other")
                    % {"type": cell(cells, "participant_type")},
                )
            )
            continue
        full_name, organisation = cell(cells, "full_name"), cell(cells, "organisation")
        if len(full_name) > 200 or len(organisation) > 255:
            result.errors.append((number, _("the name or organisation is too long")))
            continue
        result.invitees.append(Invitee(number, email, full_name, participant_type, organisation))
    return result


def signup_url():
    """Absolute link to the sign-up form, in Indonesian (participants' first language)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(source_language()):
        try:
            return base + reverse("account_signup")
        except NoReverseMatch:
            return f"{base}/{source_language()}/accounts/signup/"


def course_url(course):
    return course.get_full_url() or settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (course.url or "/")


def invitation_message(course, invitation, links):
    language = course.locale.language_code
    with translation.override(language):
        subject = _("Invitation: %(course)s") % {"course": course.title}
        greeting = _("Dear %(name)s,") % {"name": invitation.full_name} if invitation.full_name else _("Hello,")
        body = "\n\n".join(
            [
                greeting,
                _("You are invited to take part in “%(course)s” (%(start)s – %(end)s).")
                % {
                    "course": course.title,
                    "start": formats.date_format(course.start_date, "DATE_FORMAT"),
                    "end": formats.date_format(course.end_date, "DATE_FORMAT"),
                },
                _("1. Create your account with this e-mail address (%(email)s):") % {"email": invitation.email}
                + "\n"
                + links["signup"],
                _("2. Complete your participant profile, open the course page and press “Enrol”:")
                + "\n"
                + links["course"],
                _("Because you are invited, your place is confirmed straight away while places remain."),
            ]
        )
    return EmailMessage(subject, body + "\n", None, [invitation.email])


def send_invitations(course, invitations):
    links = {"signup": signup_url(), "course": course_url(course)}
    messages = [invitation_message(course, invitation, links) for invitation in invitations]
    if messages:
        get_connection().send_messages(messages)


@transaction.atomic
def invite_participants(course, invitees, by=None):
    """Save invitations (one per course and e-mail, updated on re-import) and e-mail the new invitees.

    Returns (created, updated) counts. Invitations already accepted are updated but not e-mailed again.
    """
    existing = {
        invitation.email.lower(): invitation for invitation in Invitation.objects.filter(course_key=course.course_key)
    }
    created, updated = [], []
    for invitee in invitees:
        invitation = existing.get(invitee.email)
        if invitation is None:
            created.append(
                Invitation(
                    course_key=course.course_key,
                    email=invitee.email,
                    full_name=invitee.full_name,
                    participant_type=invitee.participant_type,
                    organisation=invitee.organisation,
                    created_by=by,
                )
            )
            continue
        invitation.full_name = invitee.full_name or invitation.full_name
        invitation.participant_type = invitee.participant_type or invitation.participant_type
        invitation.organisation = invitee.organisation or invitation.organisation
        updated.append(invitation)
    Invitation.objects.bulk_create(created)
    Invitation.objects.bulk_update(updated, ["full_name", "participant_type", "organisation"])
    log(course, log_actions.PARTICIPANT_IMPORT, user=by, data={"created": len(created), "updated": len(updated)})
    to_mail = created + [invitation for invitation in updated if invitation.accepted_at is None]
    transaction.on_commit(lambda: send_invitations(course, to_mail))
    return len(created), len(updated)

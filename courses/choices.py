from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantType(models.TextChoices):
    ASN = "asn", _("Civil servant (ASN)")
    ACTIVIST = "activist", _("Civil-society activist")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class CourseFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class EnrolmentMode(models.TextChoices):
    OPEN = "open", _("Open: anyone can enrol")
    APPROVAL = "approval", _("Approval by staff")
    KEY = "key", _("Enrolment key")


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class AttendanceSource(models.TextChoices):
    CHECK_IN = "check_in", _("Self check-in")
    STAFF = "staff", _("Marked by staff")
    IMPORT = "import", _("Imported from the meeting tool")


class CourseTimezone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")

    @classmethod
    def abbreviation(cls, value):
        return {cls.WIB: "WIB", cls.WITA: "WITA", cls.WIT: "WIT"}.get(value, value)


class OrganiserRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    PARTNER = "partner", _("Partner")
    SUPPORTER = "supporter", _("Supported by")

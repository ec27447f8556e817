import io

import pytest
from openpyxl import Workbook, load_workbook

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.log_actions import registry
from wagtail.models import GroupPagePermission, ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from courses import reports
from courses.choices import AttendanceSource, AttendanceStatus, EnrolmentMode, EnrolmentStatus
from courses.enrolment import withdraw
from courses.models import Attendance, CourseCompletion, CourseFacilitator, Enrolment, Invitation
from courses.staff import FACILITATORS, ensure_course_staff_groups
from home.groups import EDITORS, WRITERS
from tests.factories import UserFactory, enrol_participant, staff_user


def url(name, course, *args):
    return reverse(f"courses_admin_{name}", args=[course.pk, *args])


def upload(name, content, content_type="text/csv"):
    return SimpleUploadedFile(
        name, content.encode() if isinstance(content, str) else content, content_type=content_type
    )


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


# Groups and access ----------------------------------------------------------------------------


def test_groups_are_kept_in_step_after_migrate(db):
    facilitators = Group.objects.get(name=FACILITATORS)
    facilitators.permissions.add(
        Permission.objects.get(content_type__app_label="courses", codename="manage_all_courses")
    )
    ensure_course_staff_groups(apps.get_app_config("courses"))
    ensure_course_staff_groups(apps.get_app_config("courses"))

    assert Group.objects.filter(name=FACILITATORS).count() == 1
    assert codenames(facilitators) == {"wagtailadmin.access_admin"}
    assert not GroupPagePermission.objects.filter(group=facilitators).exists()
    assert {
        "courses.manage_all_courses",
        "courses.view_enrolment",
        "courses.change_enrolment",
        "courses.view_attendance",
        "courses.change_attendance",
        "courses.view_invitation",
        "courses.change_invitation",
    } <= codenames(Group.objects.get(name=EDITORS))


def test_anonymous_is_sent_to_the_login(client, course):
    for target in (reverse("courses_admin_index"), url("enrolments", course), url("report", course)):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_facilitator_sees_only_their_course(client, course, other_course, facilitator):
    client.force_login(facilitator)
    assert reverse("courses_admin_index") in client.get(reverse("wagtailadmin_home")).content.decode()

    html = client.get(reverse("courses_admin_index")).content.decode()
    assert course.title in html and other_course.title not in html
    assert client.get(url("enrolments", course)).status_code == 200
    for name in ("enrolments", "enrolments_results", "import", "attendance", "report"):
        assert client.get(url(name, other_course)).status_code == 403
    assert client.get(url("roster", other_course, "csv")).status_code == 403
    assert client.get(url("enrolments", other_course), {"export": "csv"}).status_code == 403
    enrolment = enrol_participant(other_course, "orang-lain", status=EnrolmentStatus.PENDING)
    response = client.post(url("decide", other_course, enrolment.pk), {"action": "approve"})
    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PENDING


def test_facilitator_named_on_the_english_page_manages_the_course(client, course, locales):
    english = course.copy_for_translation(locales["en"], copy_parents=True)
    user = staff_user("fasilitator-en", FACILITATORS)
    CourseFacilitator.objects.create(page=english, user=user)
    client.force_login(user)
    assert course.title in client.get(reverse("courses_admin_index")).content.decode()
    response = client.get(url("enrolments", english))
    assert response.status_code == 200 and response.context["course"].pk == course.pk


def test_editor_sees_every_course(client, course, other_course, editor):
    client.force_login(editor)
    html = client.get(reverse("courses_admin_index")).content.decode()
    assert course.title in html and other_course.title in html
    assert client.get(url("report", other_course)).status_code == 200


def test_writer_has_no_courses_menu_nor_access(client, course):
    writer = UserFactory(username="penulis")
    writer.groups.add(Group.objects.get(name=WRITERS))
    client.force_login(writer)
    assert reverse("courses_admin_index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("courses_admin_index")).status_code == 403
    assert client.get(url("enrolments", course)).status_code == 403


# Enrolments -----------------------------------------------------------------------------------


def test_enrolment_table_filters_by_status(client, course, facilitator):
    enrol_participant(course, "disetujui", full_name="Rina Wulandari")
    enrol_participant(course, "menunggu", status=EnrolmentStatus.PENDING, full_name="Budi Santoso")
    enrol_participant(course, "tanpa-profil", status=EnrolmentStatus.PENDING, profile=False)
    client.force_login(facilitator)

    html = client.get(url("enrolments", course)).content.decode()
    assert "Rina Wulandari" in html and "Budi Santoso" in html and "tanpa-profil@example.org" in html
    html = client.get(url("enrolments", course), {"status": "pending"}).content.decode()
    assert "Budi Santoso" in html and "Rina Wulandari" not in html


def test_approve_and_reject_email_the_participant(
    client, course, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    course.enrolment_mode = EnrolmentMode.APPROVAL
    course.save()
    first = enrol_participant(course, "pertama", status=EnrolmentStatus.PENDING)
    second = enrol_participant(course, "kedua", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("decide", course, first.pk), {"action": "approve"})
        client.post(url("decide", course, second.pk), {"action": "reject", "confirm": "1"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EnrolmentStatus.APPROVED and first.decided_by == facilitator
    assert second.status == EnrolmentStatus.REJECTED
    assert sorted(message.to[0] for message in mailoutbox) == ["kedua@example.org", "pertama@example.org"]
    assert course.title in mailoutbox[0].subject or course.title in mailoutbox[0].body


def test_approving_when_full_shows_the_error(
    client, course, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    course.capacity = 1
    course.save()
    enrol_participant(course, "sudah-masuk")
    waiting = enrol_participant(course, "antre", status=EnrolmentStatus.WAITLISTED)
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("decide", course, waiting.pk), {"action": "approve"}, follow=True)
    assert response.status_code == 200
    assert "The course is full" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.WAITLISTED
    assert mailoutbox == []


def test_roster_exports_as_csv_and_xlsx(client, course, facilitator):
    enrol_participant(
        course,
        "rina",
        full_name="Rina Wulandari",
        organisation="=HYPERLINK()",
        regency_city="Kota Semarang",
        gender="female",
    )
    enrol_participant(
        course, "budi", status=EnrolmentStatus.PENDING, full_name="Budi Santoso", participant_type="activist"
    )
    client.force_login(facilitator)

    response = client.get(url("roster", course, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Full name,E-mail,Participant type,Organisation")
    assert lines[1].startswith("Rina Wulandari,rina@example.org,Civil servant (ASN),'=HYPERLINK()")
    assert "Enrolled" in lines[1] and "Female" in lines[1]
    assert lines[2].startswith("Budi Santoso,budi@example.org,Civil-society activist")

    response = client.get(url("roster", course, "xlsx"), {"status": "approved"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Full name", "E-mail"]
    assert len(rows) == 2 and rows[1][:4] == [
        "Rina Wulandari",
        "rina@example.org",
        "Civil servant (ASN)",
        "=HYPERLINK()",
    ]
    assert sheet["D2"].data_type == "s"  # stays text, never a formula
    assert sheet.title == "Participants" and sheet["A1"].font.bold and sheet.freeze_panes == "A2"

    assert client.get(url("roster", course, "pdf"), follow=True).status_code == 404


def test_enrolment_list_filters_by_type_and_organisation_and_exports_what_it_shows(client, course, facilitator):
    enrol_participant(course, "asn", full_name="Rina Wulandari", organisation="Dinas Sosial")
    enrol_participant(
        course, "aktivis", full_name="Budi Santoso", participant_type="activist", organisation="LBH Semarang"
    )
    enrol_participant(
        course,
        "lain",
        full_name="Sari Dewi",
        participant_type="activist",
        organisation="=1+2",
        position="@SUM(A1)",
        phone="+62 812",
    )
    client.force_login(facilitator)

    html = client.get(url("enrolments", course), {"participant_type": "activist"}).content.decode()
    assert "Budi Santoso" in html and "Sari Dewi" in html and "Rina Wulandari" not in html
    query = {"participant_type": "activist", "organisation": "lbh"}
    html = client.get(url("enrolments", course), query).content.decode()
    assert "Budi Santoso" in html and "Sari Dewi" not in html
    html = client.get(url("enrolments", course), {"q": "santoso"}).content.decode()
    assert "Budi Santoso" in html and "Sari Dewi" not in html and "Rina Wulandari" not in html
    # The filter drawer refreshes the list from the results URL, which shows only the results.
    response = client.get(url("enrolments_results", course), query)
    assert response.status_code == 200 and "Budi Santoso" in response.content.decode()

    response = client.get(url("enrolments", course), {"participant_type": "activist", "export": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="{course.slug}-roster.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[0].startswith("Full name,E-mail")
    assert lines[1].startswith("Budi Santoso,aktivis@example.org,Civil-society activist,LBH Semarang")
    assert lines[2].startswith("Sari Dewi,lain@example.org,Civil-society activist,'=1+2")
    assert ",'@SUM(A1)," in lines[2] and ",+62 812," in lines[2]  # a phone number stays as typed

    response = client.get(url("enrolments", course), {"organisation": "=1", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:4] == ["Sari Dewi", "lain@example.org", "Civil-society activist", "=1+2"]
    assert sheet["D2"].data_type == "s"


def test_decision_returns_to_the_filtered_list_and_never_elsewhere(client, course, facilitator):
    pending = enrol_participant(course, "antre", status=EnrolmentStatus.PENDING, full_name="Dewi Anggraini")
    client.force_login(facilitator)

    html = client.get(url("enrolments", course), {"status": "pending", "p": "1"}).content.decode()
    assert f'action="{url("decide", course, pending.pk)}"' in html
    assert f'name="next" value="{url("enrolments", course)}?status=pending&amp;p=1"' in html

    response = client.post(url("decide", course, pending.pk), {"action": "waitlist", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == url("enrolments", course)
    response = client.post(
        url("decide", course, pending.pk), {"action": "approve", "next": f"{url('enrolments', course)}?status=pending"}
    )
    assert response["Location"] == f"{url('enrolments', course)}?status=pending"


def test_reject_asks_for_confirmation_and_emails_the_reason(
    client, course, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    pending = enrol_participant(course, "antre", status=EnrolmentStatus.PENDING, full_name="Dewi Anggraini")
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("decide", course, pending.pk), {"action": "reject"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dewi Anggraini" in html and 'name="reason"' in html and 'name="confirm"' in html
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.PENDING and mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("decide", course, pending.pk),
            {"action": "reject", "confirm": "1", "reason": "Kuota untuk Kota Semarang sudah penuh."},
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.REJECTED and pending.decided_by == facilitator
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["antre@example.org"]
    assert "Kuota untuk Kota Semarang sudah penuh." in mailoutbox[0].body
    entry = ModelLogEntry.objects.get(action="courses.enrolment.reject")
    assert entry.object_id == str(pending.pk) and entry.user_id == facilitator.pk
    assert "Kuota" not in str(entry.data)  # the reason goes to the participant, not to the lasting log


def test_rejection_without_a_reason_says_none(
    client, course, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    pending = enrol_participant(course, "antre", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        client.post(url("decide", course, pending.pk), {"action": "reject", "confirm": "1", "reason": "  "})
    assert len(mailoutbox) == 1 and "reason" not in mailoutbox[0].body.lower()
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.REJECTED


@pytest.mark.parametrize("action", ["approve", "waitlist", "reject"])
def test_bulk_decision_on_three_enrolments(
    client, course, facilitator, mailoutbox, django_capture_on_commit_callbacks, action
):
    chosen = [enrol_participant(course, f"orang{i}", status=EnrolmentStatus.PENDING) for i in range(3)]
    untouched = enrol_participant(course, "lain", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)

    html = client.get(url("enrolments", course)).content.decode()
    assert f'action="{url("decide_many", course)}"' in html
    assert f'name="enrolment" value="{chosen[0].pk}" form="enrolment-bulk"' in html

    data = {"action": action, "enrolment": [str(e.pk) for e in chosen]}
    if action == "reject":
        response = client.post(url("decide_many", course), data)
        assert response.status_code == 200  # confirmation first, listing all three
        assert all(f'name="enrolment" value="{e.pk}"' in response.content.decode() for e in chosen)
        data.update(confirm="1", reason="Tidak memenuhi syarat.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("decide_many", course), data)
    assert response.status_code == 302 and response["Location"] == url("enrolments", course)

    expected = {
        "approve": EnrolmentStatus.APPROVED,
        "waitlist": EnrolmentStatus.WAITLISTED,
        "reject": EnrolmentStatus.REJECTED,
    }[action]
    for enrolment in chosen:
        enrolment.refresh_from_db()
        assert enrolment.status == expected and enrolment.decided_by == facilitator
    untouched.refresh_from_db()
    assert untouched.status == EnrolmentStatus.PENDING
    assert sorted(m.to[0] for m in mailoutbox) == [f"orang{i}@example.org" for i in range(3)]
    if action == "reject":
        assert all("Tidak memenuhi syarat." in m.body for m in mailoutbox)
    entries = ModelLogEntry.objects.filter(action=f"courses.enrolment.{action}")
    assert sorted(e.object_id for e in entries) == sorted(str(e.pk) for e in chosen)
    assert {e.user_id for e in entries} == {facilitator.pk}


def test_bulk_decision_refuses_another_courses_facilitator_and_other_courses_enrolments(
    client, course, other_course, facilitator
):
    mine = enrol_participant(course, "milik", status=EnrolmentStatus.PENDING)
    theirs = enrol_participant(other_course, "orang-lain", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)

    response = client.post(url("decide_many", other_course), {"action": "approve", "enrolment": [theirs.pk]})
    assert response.status_code == 403
    response = client.post(
        url("decide_many", other_course), {"action": "reject", "confirm": "1", "enrolment": [theirs.pk]}
    )
    assert response.status_code == 403
    # Through their own course's address, another course's enrolment is not reachable either.
    response = client.post(url("decide_many", course), {"action": "approve", "enrolment": [mine.pk, theirs.pk]})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == EnrolmentStatus.APPROVED and theirs.status == EnrolmentStatus.PENDING


def test_bulk_decision_not_possible_for_one_changes_none(client, course, facilitator):
    pending = enrol_participant(course, "antre", status=EnrolmentStatus.PENDING)
    approved = enrol_participant(course, "ikut", status=EnrolmentStatus.APPROVED)
    client.force_login(facilitator)
    response = client.post(url("decide_many", course), {"action": "approve", "enrolment": [pending.pk, approved.pk]})
    assert response.status_code == 302
    response = client.post(url("decide_many", course), {"action": "approve"})
    assert response.status_code == 302  # nothing ticked: back to the list with a message
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.PENDING


# Inviting participants ------------------------------------------------------------------------


def test_participant_list_with_errors_writes_nothing(client, course, facilitator, mailoutbox):
    client.force_login(facilitator)
    content = (
        "email,full_name,participant_type,organisation\n"
        "dewi@example.org,Dewi Anggraini,ASN,Bagian Hukum\n"
        "bukan-email,Salah Satu,asn,Dinas Sosial\n"
        "joko@example.org,Joko,pejabat,Dinas Kesehatan\n"
        "dewi@example.org,Dewi Lagi,asn,Bagian Hukum\n"
    )
    response = client.post(url("import", course), {"file": upload("peserta.csv", content)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Line 3" in html and "Line 4" in html and "Line 5" in html and "Line 2" not in html
    assert "pejabat" in html
    assert not Invitation.objects.exists() and mailoutbox == []


def test_clean_participant_list_is_previewed_then_invited(
    client, course, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    content = xlsx(
        [
            ["Email", "Full_name", "Participant_type", "Organisation"],
            ["Dewi@Example.org", "Dewi Anggraini", "ASN", "Bagian Hukum Setda"],
            ["joko@example.org", "Joko Susilo", "aktivis", "LBH Semarang"],
        ]
    )
    response = client.post(url("import", course), {"file": upload("peserta.xlsx", content, "application/octet-stream")})
    assert response.status_code == 200
    assert "2 participants will be invited" in response.content.decode()
    assert not Invitation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("import", course), {"token": response.context["token"]})
    assert response.status_code == 302
    invitations = {i.email: i for i in Invitation.objects.filter(course_key=course.course_key)}
    assert set(invitations) == {"dewi@example.org", "joko@example.org"}
    assert invitations["dewi@example.org"].participant_type == "asn"
    assert invitations["joko@example.org"].participant_type == "activist"
    assert invitations["joko@example.org"].created_by == facilitator
    assert sorted(message.to[0] for message in mailoutbox) == ["dewi@example.org", "joko@example.org"]
    body = mailoutbox[0].body
    assert "/id/accounts/signup/" in body and course.get_full_url() in body

    # Importing again updates the invitation instead of adding a second one.
    mailoutbox.clear()
    content = "email,full_name,participant_type,organisation\njoko@example.org,Joko Susilo S.H.,activist,LBH\n"
    response = client.post(url("import", course), {"file": upload("ulang.csv", content)})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import", course), {"token": response.context["token"]})
    assert Invitation.objects.filter(course_key=course.course_key).count() == 2
    assert Invitation.objects.get(email="joko@example.org").full_name == "Joko Susilo S.H."
    assert [message.to for message in mailoutbox] == [["joko@example.org"]]


def test_tampered_import_token_is_refused(client, course, facilitator):
    client.force_login(facilitator)
    response = client.post(url("import", course), {"token": "bukan-token"}, follow=True)
    assert response.status_code == 200
    assert "expired" in response.content.decode()
    assert not Invitation.objects.exists()


# Attendance -----------------------------------------------------------------------------------


def test_staff_mark_attendance_and_completion_follows(client, course, facilitator):
    course.min_attendance_percent = 60
    course.save()
    rina, budi = enrol_participant(course, "rina"), enrol_participant(course, "budi")
    enrol_participant(course, "menunggu", status=EnrolmentStatus.PENDING)
    sessions = course.session_list
    client.force_login(facilitator)

    html = client.get(url("session", course, sessions[0].pk)).content.decode()
    assert f'name="attendance-{rina.pk}"' in html and "Peserta menunggu" not in html

    for session in sessions[:2]:
        response = client.post(
            url("session", course, session.pk), {f"attendance-{rina.pk}": "present", f"attendance-{budi.pk}": "absent"}
        )
        assert response.status_code == 302
    marks = Attendance.objects.filter(session_key=sessions[0].session_key)
    assert {(m.enrolment_id, m.status, m.source) for m in marks} == {
        (rina.pk, AttendanceStatus.PRESENT, AttendanceSource.STAFF),
        (budi.pk, AttendanceStatus.ABSENT, AttendanceSource.STAFF),
    }
    assert marks.get(enrolment=rina).recorded_by == facilitator
    assert list(CourseCompletion.objects.values_list("user_id", flat=True)) == [rina.user_id]  # 2 of 3 sessions = 67%


def test_meeting_tool_csv_import(client, course, facilitator):
    rina, budi = enrol_participant(course, "rina"), enrol_participant(course, "budi")
    session = course.session_list[0]
    client.force_login(facilitator)
    content = (
        "Attendee Email,Duration (Minutes)\n"
        "RINA@example.org,45\n"
        "rina@example.org,30\n"  # rejoined: 75 minutes in all
        "budi@example.org,20\n"
        "tamu@example.org,90\n"
    )
    response = client.post(url("session_import", course, session.pk), {"file": upload("zoom.csv", content)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "tamu@example.org" in html
    report = response.context["import_report"]
    assert (report.recorded, report.present, report.absent) == (2, 1, 1)
    marks = {m.enrolment_id: m for m in Attendance.objects.filter(session_key=session.session_key)}
    assert marks[rina.pk].status == AttendanceStatus.PRESENT and marks[rina.pk].minutes == 75
    assert marks[budi.pk].status == AttendanceStatus.ABSENT
    assert marks[rina.pk].source == AttendanceSource.IMPORT


def test_meeting_tool_csv_with_a_bad_line_records_nothing(client, course, facilitator):
    enrol_participant(course, "rina")
    session = course.session_list[0]
    client.force_login(facilitator)
    content = "email,minutes\nrina@example.org,90\nbudi@example.org,banyak\n"
    response = client.post(url("session_import", course, session.pk), {"file": upload("zoom.csv", content)})
    assert response.status_code == 400
    assert "Line 3" in response.content.decode()
    assert not Attendance.objects.exists()

    response = client.post(
        url("session_import", course, session.pk), {"file": upload("kosong.csv", "nama,kota\nA,B\n")}
    )
    assert response.status_code == 400
    assert "e-mail column" in response.content.decode()


def test_session_of_another_course_is_not_found(client, course, other_course, facilitator):
    client.force_login(facilitator)
    response = client.get(url("session", course, other_course.session_list[0].pk), follow=True)
    assert response.status_code == 404


# Report ---------------------------------------------------------------------------------------


@pytest.fixture
def reported_course(course):
    people = [
        enrol_participant(course, "a", participant_type="asn", organisation="Dinas Sosial", gender="female"),
        enrol_participant(course, "b", participant_type="asn", organisation=" dinas sosial", gender="male"),
        enrol_participant(
            course,
            "c",
            participant_type="activist",
            organisation="LBH Semarang",
            regency_city="Kab. Demak",
            gender="female",
        ),
        enrol_participant(course, "d", profile=False),
        enrol_participant(course, "e", status=EnrolmentStatus.PENDING, participant_type="other"),
    ]
    sessions = course.session_list
    for enrolment in people[:3]:
        Attendance.objects.create(
            enrolment=enrolment, session_key=sessions[0].session_key, status="present", source=AttendanceSource.STAFF
        )
    Attendance.objects.create(enrolment=people[3], session_key=sessions[0].session_key, status="absent", source="staff")
    Attendance.objects.create(
        enrolment=people[0], session_key=sessions[1].session_key, status="present", source="staff"
    )
    for enrolment in people[:2]:
        CourseCompletion.objects.create(
            user=enrolment.user, course_key=course.course_key, completed_at=enrolment.created_at
        )
    return course


def counts(tallies):
    return {str(tally.label): tally.count for tally in tallies}


@pytest.fixture
def english_labels():
    """Report labels are lazy translations; compare them in English."""
    with translation.override("en"):
        yield


def test_report_numbers(reported_course, english_labels):
    report = reports.course_report(reported_course)
    assert report.active == 4
    assert counts(report.by_type) == {
        "Civil servant (ASN)": 2,
        "Civil-society activist": 1,
        "Other": 0,
        "Not stated": 1,
    }
    assert counts(report.by_gender) == {"Female": 2, "Male": 1, "Not stated": 1}
    assert counts(report.by_organisation) == {"Dinas Sosial": 2, "LBH Semarang": 1, "Not stated": 1}
    assert counts(report.by_regency) == {"Kota Semarang": 2, "Kab. Demak": 1, "Not stated": 1}
    assert [(row.present, row.absent, row.not_recorded, row.rate) for row in report.sessions] == [
        (3, 1, 0, 75),
        (1, 0, 3, 25),
        (0, 0, 4, 0),
    ]
    assert report.completed == 2 and report.completion_rate == 50


def test_report_page_has_accessible_svg_charts_and_exports(client, reported_course, facilitator):
    client.force_login(facilitator)
    html = client.get(url("report", reported_course)).content.decode()
    assert html.count('<svg id="chart-') == 2
    assert '<title id="chart-attendance-title">Attendance rate per session</title>' in html
    assert 'aria-label="Hari 1 (' in html and '75% (3/4)"' in html
    assert "<script" not in html.split('id="chart-attendance"')[1].split("</svg>")[0]

    lines = client.get(url("report_export", reported_course, "csv")).content.decode("utf-8-sig").splitlines()
    assert "By participant type,Civil servant (ASN),2,4,50" in lines
    assert "Completion,Completed the course,2,4,50" in lines
    sheet = load_workbook(io.BytesIO(client.get(url("report_export", reported_course, "xlsx")).content)).active
    assert ["By gender", "Female", 2, 4, 50] in [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_report_page_queries_do_not_grow_with_participants(client, course, facilitator):
    client.force_login(facilitator)
    sessions = course.session_list

    def add_participants(start, stop):
        for number in range(start, stop):
            enrolment = enrol_participant(course, f"p{number}", organisation=f"OPD {number % 7}", gender="female")
            Attendance.objects.create(
                enrolment=enrolment, session_key=sessions[number % 3].session_key, status="present", source="staff"
            )

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url("report", course)).status_code == 200
        return len(context.captured_queries)

    add_participants(0, 5)
    client.get(url("report", course))  # warm caches (site, locales, sessions)
    with_five = queries()
    add_participants(5, 50)
    assert Enrolment.objects.count() == 50
    assert queries() == with_five


def test_course_edit_page_links_to_its_management(client, course, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    assert response.status_code == 200
    assert url("enrolments", course) in response.content.decode()


def test_semicolon_separated_participant_list_is_read(client, course, facilitator):
    client.force_login(facilitator)
    content = "Email;Nama Lengkap;Jenis Peserta;Instansi\nsari@example.org;Sari;Aktivis;LBH\n"
    response = client.post(url("import", course), {"file": upload("peserta.csv", content)})
    assert response.status_code == 200
    [invitee] = response.context["preview"]
    assert (invitee.email, invitee.full_name, invitee.participant_type) == ("sari@example.org", "Sari", "activist")


# What staff did, in Wagtail's log --------------------------------------------------------------


def admin_in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def test_enrolment_decisions_are_logged_with_who_and_what(client, course, facilitator, editor):
    pending = enrol_participant(course, "antre", status=EnrolmentStatus.PENDING, full_name="Dewi Anggraini")
    other = enrol_participant(course, "lain", status=EnrolmentStatus.PENDING)
    client.force_login(facilitator)
    client.post(url("decide", course, pending.pk), {"action": "waitlist"})
    client.post(url("decide", course, pending.pk), {"action": "approve"})
    client.post(url("decide", course, other.pk), {"action": "reject", "confirm": "1"})

    entries = ModelLogEntry.objects.filter(action__startswith="courses.enrolment.").order_by("timestamp", "pk")
    assert [(e.action, e.object_id, e.user_id) for e in entries] == [
        ("courses.enrolment.waitlist", str(pending.pk), facilitator.pk),
        ("courses.enrolment.approve", str(pending.pk), facilitator.pk),
        ("courses.enrolment.reject", str(other.pk), facilitator.pk),
    ]
    assert entries[1].data["status"] == {"old": "waitlisted", "new": "approved"}
    assert entries[1].label == course.title
    assert all("Dewi" not in e.label and "antre" not in e.label for e in entries)  # the log outlives erasure

    with translation.override("en"):
        assert registry.get_action_label("courses.enrolment.approve") == "Approve enrolment"
        assert entries[1].message == "Enrolment approved"
    # The admin's site history shows them to editors.
    admin_in_english(editor)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Enrolment approved" in html and "Enrolment moved to the waiting list" in html


def test_refused_decision_writes_no_log(client, course, facilitator):
    course.capacity = 1
    course.save()
    enrol_participant(course, "sudah-masuk")
    waiting = enrol_participant(course, "antre", status=EnrolmentStatus.WAITLISTED)
    client.force_login(facilitator)
    client.post(url("decide", course, waiting.pk), {"action": "approve"})
    assert not ModelLogEntry.objects.filter(action__startswith="courses.enrolment.").exists()


def test_withdrawal_is_logged(course):
    enrolment = enrol_participant(course, "pergi")
    withdraw(enrolment, course)
    entry = ModelLogEntry.objects.get(action="courses.enrolment.withdraw")
    assert entry.object_id == str(enrolment.pk) and entry.user_id == enrolment.user_id
    assert entry.data["status"] == {"old": "approved", "new": "withdrawn"}


def test_participant_and_attendance_imports_are_logged_on_the_course_page(
    client, course, facilitator, django_capture_on_commit_callbacks
):
    enrol_participant(course, "rina")
    session = course.session_list[0]
    client.force_login(facilitator)
    content = "email,full_name,participant_type,organisation\njoko@example.org,Joko Susilo,activist,LBH\n"
    response = client.post(url("import", course), {"file": upload("peserta.csv", content)})
    assert not PageLogEntry.objects.filter(action="courses.participants.import").exists()  # checked, not saved
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import", course), {"token": response.context["token"]})
    client.post(
        url("session_import", course, session.pk), {"file": upload("zoom.csv", "email,minutes\nrina@example.org,90\n")}
    )
    client.post(url("session_import", course, session.pk), {"file": upload("zoom.csv", "email,minutes\nx,y\n")})

    invited = PageLogEntry.objects.get(action="courses.participants.import")
    assert (invited.page_id, invited.user_id, invited.data) == (course.pk, facilitator.pk, {"created": 1, "updated": 0})
    attended = PageLogEntry.objects.get(action="courses.attendance.import")  # the failed import wrote nothing
    assert (attended.page_id, attended.user_id) == (course.pk, facilitator.pk)
    assert attended.data["recorded"] == 1 and attended.data["present"] == 1
    with translation.override("en"):
        assert invited.message == "Participants invited: 1 new, 0 updated"
        assert attended.message.startswith(f"Attendance imported for {session.title}: 1 recorded (1 present")
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    admin_in_english(admin)
    client.force_login(admin)
    html = client.get(reverse("wagtailadmin_pages:history", args=[course.pk])).content.decode()
    assert "Participants invited: 1 new, 0 updated" in html and f"Attendance imported for {session.title}" in html

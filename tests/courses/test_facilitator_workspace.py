"""A facilitator's workspace: the admin home's "Your courses" panel and each course's progress sheet.

The plug-ins' contributions (action plans, essays, certificates, scores) are made directly in their
models here: what is tested is that they reach the facilitator through the core's hooks.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.certificates.choices import BatchItemStatus, BatchStatus
from courses.certificates.models import Certificate, CertificateBatch, CertificateBatchItem
from courses.choices import AttendanceSource, AttendanceStatus, EnrolmentStatus
from courses.community.choices import ActionPlanStatus
from courses.community.models import ActionPlan
from courses.models import Attendance, CourseCompletion, CourseFacilitator, CourseSession, LessonCompletion
from courses.quiz.choices import AttemptState
from courses.quiz.models import Attempt, QuizPage
from courses.staff_admin.home import CoursesPanel
from home.site_tree import publish
from tests.factories import build_course, enrol_participant, make_lesson
from tests.quiz.builders import make_quiz


def url(name, course, *args):
    return reverse(f"courses_admin_{name}", args=[course.pk, *args])


def waiting_work(course, tag):
    """Two pending enrolments, a submitted action plan, an essay to mark and a failed certificate batch."""
    for number in range(2):
        enrol_participant(course, f"{tag}-antre{number}", status=EnrolmentStatus.PENDING)
    member = enrol_participant(course, f"{tag}-peserta")
    ActionPlan.objects.create(
        course_key=course.course_key, owner=member.user, title="Rencana aksi", status=ActionPlanStatus.SUBMITTED
    )
    Attempt.objects.create(
        user=member.user,
        quiz_key=course.course_key,  # any quiz: the task counts the course's attempts waiting for marking
        course_key=course.course_key,
        number=1,
        state=AttemptState.SUBMITTED,
        needs_marking=True,
    )
    batch = CertificateBatch.objects.create(course_key=course.course_key, status=BatchStatus.DONE)
    CertificateBatchItem.objects.create(batch=batch, enrolment=member, status=BatchItemStatus.FAILED, error="PDF")
    return member


# The admin home ------------------------------------------------------------------------------


def test_facilitator_home_lists_their_courses_and_the_work_waiting(client, course, other_course, facilitator):
    waiting_work(course, "a")
    waiting_work(other_course, "b")
    CertificateBatch.objects.create(
        course_key=course.course_key,
        status=BatchStatus.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(facilitator)

    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your courses" in html and course.title in html and other_course.title not in html
    assert url("gradebook", course) in html
    pending = f"{url('enrolments', course)}?status=pending"
    with translation.override("en"):  # the admin's language, which the site link follows
        plans = f"{reverse('community_mentor_plans', args=[course.course_key])}?status=submitted"
    essays = f"{reverse('quiz_results:attempts', args=[course.pk])}?state=needs_marking"
    certificates = url("certificates", course)
    assert f'href="{pending}">Enrolments to decide: 2<' in html
    assert f'href="{plans}">Action plans to review: 1<' in html
    assert f'href="{essays}">Essays to mark: 1<' in html
    assert f'href="{certificates}">Certificate batches stalled or failed: 2<' in html
    assert "5 tasks waiting" not in html and "6 tasks waiting." in html
    for link in (pending, essays, certificates):
        assert client.get(link).status_code == 200


def test_facilitator_home_shows_the_next_session(client, course_index, facilitator):
    today = timezone.localdate()
    upcoming = build_course(course_index, "Pelatihan Mendatang", "mendatang", start_date=today, end_date=today)
    sessions = CourseSession.objects.filter(page=upcoming).order_by("pk")
    for session, (days, title) in zip(
        sessions, ((-2, "Sudah lewat"), (3, "Hari pembukaan"), (5, "Hari penutupan")), strict=True
    ):
        CourseSession.objects.filter(pk=session.pk).update(title=title, date=today + datetime.timedelta(days=days))
    CourseFacilitator.objects.create(page=upcoming, user=facilitator)
    enrol_participant(upcoming, "ikut")
    client.force_login(facilitator)

    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hari pembukaan" in html and "Sudah lewat" not in html and "Hari penutupan" not in html


def test_writer_and_participant_get_no_courses_panel(client, course):
    member = enrol_participant(course, "peserta")
    client.force_login(member.user)
    assert "Your courses" not in client.get(reverse("wagtailadmin_home"), follow=True).content.decode()


def test_facilitator_home_costs_the_same_queries_for_one_course_or_three(
    course_index, course, facilitator, django_assert_max_num_queries
):
    """The panel's own queries (Wagtail's other panels and menus vary with the page tree, not with it)."""
    waiting_work(course, "a")
    panel = CoursesPanel(facilitator)
    with CaptureQueriesContext(connection) as one_course:
        panel.render_html({})

    for number in range(2):
        more = build_course(course_index, f"Pelatihan {number}", f"pelatihan-{number}")
        CourseFacilitator.objects.create(page=more, user=facilitator)
        waiting_work(more, f"c{number}")
    with django_assert_max_num_queries(len(one_course.captured_queries)), translation.override("en"):
        html = panel.render_html({})
    assert html.count("Enrolments to decide: 2") == 3 and html.count("Essays to mark: 1") == 3


# The progress sheet ----------------------------------------------------------------------------


@pytest.fixture
def sheet(course):
    """Two participants with progress, a third with none, and a pending enrolment (not on the sheet)."""
    lessons = [make_lesson(course, "Pelajaran satu"), make_lesson(course, "Pelajaran dua")]
    pages = {}
    for kind, slug in (("pre_test", "pre-test"), ("post_test", "post-test")):
        page = QuizPage(title=slug, slug=slug, quiz=make_quiz(title=slug, slug=slug, kind=kind, max_attempts=2))
        course.add_child(instance=page)
        pages[kind] = publish(page)
    rina = enrol_participant(
        course, "rina", full_name="Rina Wulandari", participant_type="activist", organisation="LBH"
    )
    budi = enrol_participant(course, "budi", full_name="Budi Santoso", organisation="Setda Kota Semarang")
    enrol_participant(course, "sari", full_name="Sari Dewi", organisation="Setda Kota Semarang")
    enrol_participant(course, "antre", status=EnrolmentStatus.PENDING, full_name="Menunggu Keputusan")
    sessions = list(course.sessions.all())
    for session in sessions[:2]:
        Attendance.objects.create(
            enrolment=rina,
            session_key=session.session_key,
            status=AttendanceStatus.PRESENT,
            source=AttendanceSource.STAFF,
        )
    Attendance.objects.create(
        enrolment=budi,
        session_key=sessions[0].session_key,
        status=AttendanceStatus.ABSENT,
        source=AttendanceSource.STAFF,
    )
    for lesson in lessons:
        LessonCompletion.objects.create(user=rina.user, course_key=course.course_key, lesson_key=lesson.translation_key)
    for kind, numbered_percents in (("pre_test", [(1, "40.00"), (2, "55.00")]), ("post_test", [(1, "90.00")])):
        for number, percent in numbered_percents:
            Attempt.objects.create(
                user=rina.user,
                quiz_key=pages[kind].quiz.quiz_key,
                course_key=course.course_key,
                number=number,
                state=AttemptState.SUBMITTED,
                percent=Decimal(percent),
            )
    ActionPlan.objects.create(
        course_key=course.course_key, owner=rina.user, title="Rencana", status=ActionPlanStatus.APPROVED
    )
    CourseCompletion.objects.create(user=rina.user, course_key=course.course_key, completed_at=timezone.now())
    Certificate.objects.create(
        holder=rina.user,
        course_key=course.course_key,
        holder_name="Rina Wulandari",
        course_title_id=course.title,
        course_title_en=course.title,
        course_start_date=course.start_date,
        course_end_date=course.end_date,
        number="SMG/2021/001",
        year=2021,
        sequence=1,
        verification_code="ABCD1234",
    )
    return {"rina": rina, "budi": budi}


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_progress_sheet_has_a_row_per_participant_with_every_column(client, course, facilitator, sheet):
    client.force_login(facilitator)
    response = client.get(url("gradebook", course))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rina Wulandari" in html and "Budi Santoso" in html and "Sari Dewi" in html
    assert "Menunggu Keputusan" not in html
    assert "Progress sheet" in html  # the tab

    rows = csv_rows(client.get(url("gradebook", course), {"export": "csv", "ordering": "participant_name"}))
    assert rows[0] == [
        "Full name",
        "E-mail",
        "Participant type",
        "Organisation",
        "Attendance (%)",
        "Lessons done",
        "Pre-test (%)",
        "Post-test (%)",
        "Action plan",
        "Certificate",
        "Completed",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert list(by_name) == ["Budi Santoso", "Rina Wulandari", "Sari Dewi"]
    rina = by_name["Rina Wulandari"]
    assert rina[2:6] == ["Civil-society activist", "LBH", "67", "2/2"]
    assert rina[6:10] == ["55.0", "90.0", "Approved", "SMG/2021/001"]  # the pre-test's highest attempt
    assert rina[10] == timezone.localdate().isoformat()
    assert by_name["Budi Santoso"][4:10] == ["0", "0/2", "", "", "not started", ""]


def test_progress_sheet_filters_sorts_and_exports_xlsx(client, course, facilitator, sheet):
    client.force_login(facilitator)
    html = client.get(url("gradebook", course), {"participant_type": "activist"}).content.decode()
    assert "Rina Wulandari" in html and "Budi Santoso" not in html
    html = client.get(url("gradebook", course), {"organisation": "setda"}).content.decode()
    assert "Rina Wulandari" not in html and "Budi Santoso" in html and "Sari Dewi" in html

    rows = csv_rows(client.get(url("gradebook", course), {"export": "csv", "ordering": "-attended"}))
    assert rows[1][0] == "Rina Wulandari"
    rows = csv_rows(client.get(url("gradebook", course), {"export": "csv", "ordering": "attended"}))
    assert rows[-1][0] == "Rina Wulandari"
    for column in ("lessons_done", "quiz_pre_test", "quiz_post_test", "certificates_number", "completed_at"):
        html = client.get(url("gradebook", course), {"ordering": column}).content.decode()
        assert f"ordering=-{column}" in html  # sorted by it, the heading offers the other way
    html = client.get(url("gradebook", course), {"ordering": "-community_plan_status"}).content.decode()
    assert "ordering=community_plan_status" in html  # the column's heading sorts

    response = client.get(url("gradebook", course), {"export": "xlsx", "participant_type": "activist"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet_rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert sheet_rows[0][0] == "Full name" and [row[0] for row in sheet_rows[1:]] == ["Rina Wulandari"]


def test_progress_sheet_costs_the_same_queries_whatever_the_participants(
    client, course, facilitator, sheet, django_assert_max_num_queries
):
    client.force_login(facilitator)
    client.get(url("gradebook", course))
    with CaptureQueriesContext(connection) as few:
        client.get(url("gradebook", course))
    for number in range(6):
        member = enrol_participant(course, f"tambahan{number}")
        ActionPlan.objects.create(
            course_key=course.course_key, owner=member.user, title="R", status=ActionPlanStatus.SUBMITTED
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url("gradebook", course)).content.decode()
    assert "Peserta tambahan5" in html


def test_progress_sheet_is_for_the_course_staff_only(client, course, other_course, facilitator, editor, sheet):
    client.force_login(facilitator)
    assert client.get(url("gradebook", other_course)).status_code == 403
    assert client.get(url("gradebook", other_course), {"export": "csv"}).status_code == 403
    client.force_login(sheet["budi"].user)
    assert client.get(url("gradebook", course)).status_code == 302
    client.force_login(editor)
    assert client.get(url("gradebook", course)).status_code == 200

"""The course report's charts and the learning-gain tables at 1280 px: no label clipped, no table wider than
its panel. Screenshots are saved (to $SCREENSHOTS_DIR, else test-artifacts/)."""

import os
from pathlib import Path

import pytest

from django.urls import reverse

from courses.choices import AttendanceSource
from courses.models import Attendance, CourseFacilitator, CourseSession
from courses.staff import FACILITATORS
from home.site_tree import ensure_site_tree
from tests.browser.test_quiz_journey import log_in
from tests.browser.test_reader_journey import ARTIFACTS
from tests.factories import build_course, enrol_participant, staff_user

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ARTIFACTS)
LONG_TITLES = [
    "Hari 1: Pembukaan, kerangka normatif dan konsep kabupaten/kota HAM",
    "Hari 2: Mekanisme pemantauan, evaluasi dan pelaporan rencana aksi daerah HAM",
    "Hari 3: Penyusunan rencana aksi bersama OPD dan organisasi masyarakat sipil",
]

# Every drawn text of every chart lies inside its chart's box (1 px of rounding allowed).
CLIPPED_CHART_TEXT = """() => [...document.querySelectorAll("svg.course-chart")].flatMap((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll("text")]
        .map((text) => [text.textContent, text.getBoundingClientRect()])
        .filter(([, r]) => r.left < box.left - 1 || r.right > box.right + 1)
        .map(([content]) => `${svg.id}: ${content}`);
})"""

# Every table is no wider than the panel it stands in.
TABLES_WIDER_THAN_PANEL = """() => [...document.querySelectorAll("main table")]
    .filter((table) => table.getBoundingClientRect().width > table.parentElement.clientWidth + 1)
    .map((table) => `${table.querySelector("caption")?.textContent}: ${table.getBoundingClientRect().width}px`)"""


def build_reported_course():
    tree = ensure_site_tree(hostname="localhost")
    course = build_course(tree.courses["id"], "Pelatihan Kabupaten/Kota HAM", "pelatihan-kota-ham")
    for session, title in zip(course.session_list, LONG_TITLES, strict=True):
        CourseSession.objects.filter(pk=session.pk).update(title=title)
    facilitator = staff_user("fasilitator", FACILITATORS)
    CourseFacilitator.objects.create(page=course, user=facilitator)
    types = ["asn", "activist", "other", "asn"]
    for number, kind in enumerate(types):
        enrolment = enrol_participant(course, f"peserta{number}", participant_type=kind)
        for session in course.session_list[: number + 1]:
            Attendance.objects.create(
                enrolment=enrolment,
                session_key=session.translation_key,
                status="present",
                source=AttendanceSource.STAFF,
            )
    return course, facilitator


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_report_charts_and_learning_gain_tables_fit_at_1280(browser_page, live_server):
    course, facilitator = build_reported_course()
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, facilitator)

    page.goto(f"{live_server.url}{reverse('courses_admin_report', args=[course.pk])}")
    assert page.locator("svg.course-chart").count() == 2
    assert page.evaluate(CLIPPED_CHART_TEXT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=SHOTS / "admin-report-1280.png", full_page=True)

    page.goto(f"{live_server.url}{reverse('quiz_results:learning_gain', args=[course.pk])}")
    assert page.locator("main table").count() == 2
    assert page.evaluate(TABLES_WIDER_THAN_PANEL) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=SHOTS / "admin-learning-gain-1280.png", full_page=True)

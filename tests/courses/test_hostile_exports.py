"""Control characters stored in a profile (older data) never break a CSV or XLSX export (issue 15, item 6)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from courses import reports
from tests.factories import enrol_participant

NAME = "Rina\x07 Wulandari\x1b"
ORGANISATION = "\x1b[31mDinas\x07 Sosial"


def url(name, course, *args):
    return reverse(f"courses_admin_{name}", args=[course.pk, *args])


@pytest.fixture
def rina(course):
    return enrol_participant(
        course, "rina", full_name=NAME, organisation=ORGANISATION, regency_city="Kota\x07 Semarang"
    )


def xlsx_values(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_roster_exports_without_control_characters(client, course, facilitator, rina):
    client.force_login(facilitator)
    rows = xlsx_values(client.get(url("roster", course, "xlsx")))
    assert rows[1][0] == "Rina Wulandari" and "[31mDinas Sosial" in rows[1]
    response = client.get(url("roster", course, "csv"))
    row = next(r for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) if r[0].startswith("Rina"))
    assert row[0] == "Rina Wulandari" and "\x07" not in "".join(row) and "\x1b" not in "".join(row)


def test_report_exports_without_control_characters(client, course, facilitator, rina):
    client.force_login(facilitator)
    rows = xlsx_values(client.get(url("report_export", course, "xlsx")))
    labels = [row[1] for row in rows]
    assert "[31mDinas Sosial" in labels and "Kota Semarang" in labels
    content = client.get(url("report_export", course, "csv")).content.decode("utf-8-sig")
    assert "Kota Semarang" in content and "\x07" not in content and "\x1b" not in content


def test_the_shared_writers_strip_what_a_workbook_cannot_hold():
    rows = [["\x00nul\x08", "tab\tand\nline", "=\x07SUM(A1)"]]
    sheet = load_workbook(io.BytesIO(reports.to_xlsx(["head\x1b"], rows, "Sheet"))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["head", None, None],
        ["nul", "tab\tand\nline", "=SUM(A1)"],
    ]
    assert sheet["C2"].data_type == "s"  # text that looks like a formula stays text
    assert reports.inert("=\x07SUM(A1)") == "'=SUM(A1)"

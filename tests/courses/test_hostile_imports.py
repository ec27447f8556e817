"""Hostile staff uploads: every unreadable line is listed by number, and an XLSX bomb is refused unread."""

import io
import zipfile

import openpyxl
import pytest

from courses import spreadsheets
from courses.models import Attendance, Invitation
from tests.courses.test_staff import upload, url, xlsx
from tests.factories import enrol_participant

LONG_CELL = "x" * 131_073


def shared_strings_bomb(rows, unpacked_bytes=spreadsheets.MAX_XLSX_UNPACKED_BYTES + 1024 * 1024):
    """A real workbook whose sharedStrings.xml unpacks to more than the limit, from a file of some 100 KB."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for entry in source.infolist():
            if entry.filename != "xl/sharedStrings.xml":
                bomb.writestr(entry, source.read(entry))
        with bomb.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/')
            strings.write(b'spreadsheetml/2006/main">')
            chunk = b"<si><t>a</t></si>" * 60_000
            for _ in range(unpacked_bytes // len(chunk) + 1):
                strings.write(chunk)
            strings.write(b"</sst>")
    return buffer.getvalue()


@pytest.fixture
def openpyxl_never_opens(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_shared_strings_bomb_is_refused_before_it_is_parsed(client, course, facilitator, openpyxl_never_opens):
    bomb = shared_strings_bomb([["email", "full_name"], ["dewi@example.org", "Dewi"]])
    assert len(bomb) < 200_000
    client.force_login(facilitator)

    response = client.post(url("import", course), {"file": upload("peserta.xlsx", bomb, "application/octet-stream")})

    assert response.status_code == 400
    assert "unpacks to more than 20 MB" in str(response.context["form"].errors["file"])
    assert not Invitation.objects.exists()


def test_a_sheet_claiming_a_million_rows_and_columns_is_read_within_limits(client, course, facilitator):
    workbook = openpyxl.Workbook()
    workbook.active.append(["email", "full_name"])
    workbook.active.cell(row=1_048_576, column=16_384, value="dewi@example.org")
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = spreadsheets.xlsx_rows(buffer.getvalue(), 10, str)

    assert len(rows) == 10 and {len(cells) for _line, cells in rows} == {spreadsheets.MAX_COLUMNS}


def test_a_participant_csv_with_an_overlong_cell_is_a_numbered_line(client, course, facilitator):
    client.force_login(facilitator)
    content = f"email,full_name\ndewi@example.org,Dewi\njoko@example.org,{LONG_CELL}\n"

    response = client.post(url("import", course), {"file": upload("peserta.csv", content)})

    assert response.status_code == 400
    assert [line for line, _message in response.context["errors"]] == [3]
    assert "longer than 131,072 characters" in str(response.context["errors"][0][1])
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("minutes", ["inf", "-inf", "nan", "1e400", str(2**31), "99999:00:00", "-5", LONG_CELL])
def test_hostile_attendance_minutes_are_a_numbered_line(client, course, facilitator, minutes):
    enrol_participant(course, "rina")
    session = course.session_list[0]
    client.force_login(facilitator)
    content = f"email,minutes\nrina@example.org,90\nrina@example.org,{minutes}\n"

    response = client.post(url("session_import", course, session.pk), {"file": upload("zoom.csv", content)})

    assert response.status_code == 400
    assert [line for line, _message in response.context["import_report"].errors] == [3]
    assert "Line 3" in response.content.decode()
    assert not Attendance.objects.exists()

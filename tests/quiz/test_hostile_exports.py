"""A quiz's attempts export with control characters in a participant's profile (issue 15, item 6)."""

import csv
import io

from openpyxl import load_workbook

from tests.quiz.test_admin import client_for, course, essay_quiz, facilitator, results_url  # noqa: F401
from tests.quiz.test_analysis import participant, take


def test_attempts_export_without_control_characters(course, essay_quiz, facilitator):  # noqa: F811
    quiz, page, single, _essay = essay_quiz
    user = participant(course, "rina", full_name="Rina\x07 Wulandari\x1b", organisation="\x1bDinas\x07")
    take(user, quiz, course, {single: "Negara"})
    client = client_for(facilitator)

    response = client.get(results_url("export", course, page.pk, "xlsx"))
    assert response.status_code == 200
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[1][0] == "Rina Wulandari" and rows[1][3] == "Dinas"

    response = client.get(results_url("export", course, page.pk, "csv"))
    row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1]
    assert row[0] == "Rina Wulandari" and row[3] == "Dinas"

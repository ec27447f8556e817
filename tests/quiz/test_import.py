"""Question import from spreadsheets and Moodle GIFT: every problem by line, nothing saved until clean."""

import io

import pytest
from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.log_actions import registry as log_registry
from wagtail.models import Locale, ModelLogEntry

from courses.quiz.choices import MultipleScoring, QuestionKind
from courses.quiz.history import QUESTION_IMPORTED
from courses.quiz.importing import QuestionImportError, import_questions, parse_gift, parse_question_file
from courses.quiz.models import Choice, Question, QuestionCategory
from courses.quiz.permissions import ensure_quiz_permissions
from home.groups import EDITORS
from tests.courses.test_hostile_imports import shared_strings_bomb
from tests.factories import staff_user

GIFT = """// Bank soal pre-test Kota HAM
$CATEGORY: $course$/top/Konsep dasar/Kabupaten//Kota HAM

::Pemangku kewajiban:: Siapa pemangku kewajiban utama HAM? {
=Negara#Benar, negara yang wajib menghormati, melindungi dan memenuhi.
~Individu
~Perusahaan
####Negara adalah pemangku kewajiban (duty bearer).
}

::Prinsip:: Pilih prinsip HAM. {~%50%Universal ~%50%Tak terpisahkan ~%-100%Opsional}

// Benar/salah dengan umpan balik
Kota HAM pertama diluncurkan di Gwangju. {TRUE#Gwangju, Korea Selatan.}

Apa singkatan Komnas HAM? {=Komisi Nasional Hak Asasi Manusia =Komisi Nasional HAM}

Jelaskan peran OPD dalam Kota HAM. {}

$CATEGORY: Instrumen

DUHAM diadopsi pada tahun {~1945 =1948 ~1966}.

Rasio 1\\:2, tanda \\= dan \\{kurung\\} tetap utuh. {=ya}
"""

BROKEN_GIFT = """Soal yang benar. {=ya}

Berapa 2 + 2? {#4}

// komentar

Pasangkan. {=a -> b =c -> d}

Tanpa blok jawaban sama sekali.

Tidak ada jawaban benar. {~satu ~dua}
"""


@pytest.fixture
def editor(db):
    ensure_quiz_permissions(sender=None)
    return staff_user("editor", EDITORS)


@pytest.fixture
def client(editor):
    client = Client()
    client.force_login(editor)
    return client


def upload(client, name, content):
    data = content.encode() if isinstance(content, str) else content
    return client.post(reverse("wagtailsnippets_quiz_question:import"), {"file": SimpleUploadedFile(name, data)})


def test_gift_is_read_with_every_supported_feature(db):
    result = parse_gift(GIFT)
    assert result.errors == []
    questions = {question.line: question for question in result.questions}
    assert sorted(questions) == [4, 11, 14, 16, 18, 22, 24]

    single = questions[4]
    assert single.kind == QuestionKind.SINGLE and single.title == "Pemangku kewajiban"
    assert single.text == "Siapa pemangku kewajiban utama HAM?"
    assert single.choices == [["Negara", True], ["Individu", False], ["Perusahaan", False]]
    assert (single.category, single.sub_category) == ("Konsep dasar", "Kabupaten/Kota HAM")
    assert single.explanation.startswith("Negara adalah pemangku kewajiban (duty bearer).")
    assert "Negara: Benar, negara yang wajib" in single.explanation

    multiple = questions[11]
    assert multiple.kind == QuestionKind.MULTIPLE and multiple.multiple_scoring == MultipleScoring.PARTIAL
    assert multiple.choices == [["Universal", True], ["Tak terpisahkan", True], ["Opsional", False]]

    true_false = questions[14]
    assert true_false.kind == QuestionKind.TRUE_FALSE
    assert true_false.choices == [["Benar", True], ["Salah", False]]
    assert true_false.explanation == "Gwangju, Korea Selatan."

    short = questions[16]
    assert short.kind == QuestionKind.SHORT
    assert short.accepted_answers == ["Komisi Nasional Hak Asasi Manusia", "Komisi Nasional HAM"]
    assert questions[18].kind == QuestionKind.ESSAY and questions[18].choices == []

    missing_word = questions[22]
    assert missing_word.text == "DUHAM diadopsi pada tahun _____."
    assert missing_word.category == "Instrumen" and missing_word.sub_category == ""
    assert questions[24].text == "Rasio 1:2, tanda = dan {kurung} tetap utuh."


def test_gift_problems_are_listed_by_line_and_nothing_is_saved(client):
    response = upload(client, "bank.gift", BROKEN_GIFT)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    for line, message in [
        (3, "numerical questions cannot be imported"),
        (7, "matching questions cannot be imported"),
        (9, "no answer block"),
        (11, "no right answer"),
    ]:
        assert f"Line {line}: {message}" in html, line
    assert "Line 1:" not in html  # the good question is not an error, but is not saved either
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_clean_gift_is_previewed_then_imported_in_the_source_language(client):
    response = upload(client, "bank.txt", GIFT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file is correct: 7 questions will be imported." in html
    assert not Question.objects.exists()
    token = response.context["token"]

    response = client.post(reverse("wagtailsnippets_quiz_question:import"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailsnippets_quiz_question:list")
    assert Question.objects.count() == 7
    indonesian = Locale.objects.get(language_code="id")
    assert set(Question.objects.values_list("locale", flat=True)) == {indonesian.pk}
    assert set(Choice.objects.values_list("locale", flat=True)) == {indonesian.pk}
    single = Question.objects.get(text="Siapa pemangku kewajiban utama HAM?")
    assert single.category.name == "Konsep dasar" and single.sub_category.name == "Kabupaten/Kota HAM"
    assert single.sub_category.parent == single.category
    assert [(choice.text, choice.is_correct) for choice in single.choices.all()] == [
        ("Negara", True),
        ("Individu", False),
        ("Perusahaan", False),
    ]
    short = Question.objects.get(kind=QuestionKind.SHORT, text__startswith="Apa singkatan")
    assert short.accepted_answer_list == ["Komisi Nasional Hak Asasi Manusia", "Komisi Nasional HAM"]
    assert QuestionCategory.objects.filter(name="Instrumen", parent=None).exists()


def test_each_imported_question_has_the_import_in_its_history(client, editor):
    token = upload(client, "bank.txt", GIFT).context["token"]
    assert not ModelLogEntry.objects.exists()  # checking a file records nothing
    client.post(reverse("wagtailsnippets_quiz_question:import"), {"token": token})
    entries = ModelLogEntry.objects.filter(action=QUESTION_IMPORTED)
    assert sorted(int(entry.object_id) for entry in entries) == sorted(Question.objects.values_list("pk", flat=True))
    assert {entry.user for entry in entries} == {editor}
    assert len({entry.uuid for entry in entries}) == 1  # one action of the editor's
    with translation.override("en"):
        assert log_registry.get_action_label(QUESTION_IMPORTED) == "Import question"
        assert entries[0].message == "Question imported from a file"


def test_a_forged_or_stale_token_imports_nothing(client):
    response = client.post(reverse("wagtailsnippets_quiz_question:import"), {"token": "palsu"}, follow=True)
    assert "expired" in response.content.decode()
    assert not Question.objects.exists()


CSV = """category,sub_category,type,question,choice_1,choice_2,choice_3,choice_4,choice_5,choice_6,correct,points,explanation,accepted_answers
konsep dasar,,single,Siapa pemangku kewajiban HAM?,Individu,Negara,Perusahaan,,,,2,2,Negara wajib memenuhi HAM.,
Konsep dasar,Kota HAM,multiple,Pilih prinsip HAM.,Universal,Opsional,Setara,,,,"1,3",1,,
Instrumen,,true_false,DUHAM diadopsi tahun 1948.,,,,,,,benar,,,
Instrumen,,short,Singkatan Komnas HAM?,,,,,,,,1,,Komisi Nasional HAM|Komnas HAM
,,essay,Jelaskan peran OPD.,,,,,,,,5,,
"""

BROKEN_CSV = """category,type,question,choice_1,choice_2,choice_3,correct,points
Konsep dasar,single,Soal benar?,Ya,Tidak,,1,1
Konsep dasar,pilihan,Jenis tidak dikenal?,Ya,Tidak,,1,1
Konsep dasar,single,Kunci menunjuk pilihan kosong?,Ya,Tidak,,3,1
Konsep dasar,single,Poin salah?,Ya,Tidak,,1,nol
Konsep dasar,true_false,Benar atau salah?,,,,mungkin,1
Konsep dasar,short,Tanpa jawaban diterima?,,,,,1
"""


def test_spreadsheet_problems_are_listed_by_line_and_nothing_is_saved(client):
    response = upload(client, "bank.csv", BROKEN_CSV)
    assert response.status_code == 400
    html = response.content.decode()
    for line, message in [
        (3, "unknown type “pilihan”"),
        (4, "“3” does not name the correct choices"),
        (5, "points must be a whole number from 1 to 100"),
        (6, "the correct answer of a true/false question is “true” or “false”"),
        (7, "List at least one accepted answer."),
    ]:
        assert f"Line {line}: {message}" in html, line
    assert "Line 2:" not in html
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_spreadsheet_import_creates_questions_and_reuses_categories(db):
    existing = QuestionCategory.objects.create(name="Konsep dasar", locale=Locale.get_default())
    result = parse_question_file("bank.csv", CSV.encode("utf-8-sig"))
    assert result.errors == [] and len(result.questions) == 5
    import_questions(result.questions)

    single = Question.objects.get(kind=QuestionKind.SINGLE)
    assert single.category == existing and single.points == 2 and single.explanation == "Negara wajib memenuhi HAM."
    assert [choice.is_correct for choice in single.choices.all()] == [False, True, False]
    multiple = Question.objects.get(kind=QuestionKind.MULTIPLE)
    assert multiple.category == existing and multiple.sub_category.name == "Kota HAM"
    assert [choice.is_correct for choice in multiple.choices.all()] == [True, False, True]
    true_false = Question.objects.get(kind=QuestionKind.TRUE_FALSE)
    assert [(choice.text, choice.is_correct) for choice in true_false.choices.all()] == [
        ("Benar", True),
        ("Salah", False),
    ]
    assert true_false.points == 1
    assert Question.objects.get(kind=QuestionKind.SHORT).accepted_answer_list == ["Komisi Nasional HAM", "Komnas HAM"]
    essay = Question.objects.get(kind=QuestionKind.ESSAY)
    assert essay.category is None and essay.points == 5
    assert QuestionCategory.objects.filter(name__iexact="konsep dasar").count() == 1


def test_excel_workbooks_are_read_like_csv(db):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Category", "Type", "Question", "Choice_1", "Choice_2", "Correct", "Points"])
    sheet.append(["Instrumen", "single", "Tahun DUHAM?", 1945, 1948, 2, 1])
    sheet.append(["Instrumen", "essay", "Jelaskan DUHAM.", None, None, None, 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_question_file("bank.xlsx", buffer.getvalue())
    assert result.errors == []
    assert result.questions[0].choices == [["1945", False], ["1948", True]] and result.questions[0].line == 2
    assert result.questions[1].kind == QuestionKind.ESSAY and result.questions[1].points == 3


def test_unreadable_files_are_refused_whole(db):
    translation.activate("en")  # the messages are compared in English
    with pytest.raises(QuestionImportError, match="Upload a CSV"):
        parse_question_file("bank.pdf", b"%PDF")
    with pytest.raises(QuestionImportError, match="must name the columns"):
        parse_question_file("bank.csv", b"a,b\n1,2\n")
    with pytest.raises(QuestionImportError, match="UTF-8"):
        parse_question_file("bank.gift", "Soal {=ya}".encode("utf-16"))
    with pytest.raises(QuestionImportError, match="no questions"):
        parse_question_file("bank.gift", b"// hanya komentar\n")
    translation.deactivate()


# Hostile files --------------------------------------------------------------------------------


@pytest.mark.parametrize("correct", ["²", "٣", "1,²", "1e400", "99999999999999999999999"])
def test_correct_answers_that_are_not_ascii_choice_numbers_are_a_numbered_line(client, correct):
    content = f'category,type,question,choice_1,choice_2,correct,points\nKonsep,single,Soal?,Ya,Tidak,"{correct}",1\n'

    response = upload(client, "bank.csv", content)

    assert response.status_code == 400
    assert [line for line, _message in response.context["errors"]] == [2]
    assert f"Line 2: “{correct}” does not name the correct choices" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("points", ["inf", "1e400", "nan", str(2**31)])
def test_hostile_points_are_a_numbered_line(client, points):
    content = f"category,type,question,choice_1,choice_2,correct,points\nKonsep,single,Soal?,Ya,Tidak,1,{points}\n"

    response = upload(client, "bank.csv", content)

    assert response.status_code == 400
    assert [line for line, _message in response.context["errors"]] == [2]
    assert not Question.objects.exists()


def test_a_question_csv_with_an_overlong_cell_is_a_numbered_line(client):
    content = (
        "category,type,question,choice_1,choice_2,correct,points\n"
        "Konsep,single,Soal?,Ya,Tidak,1,1\n"
        f"Konsep,single,{'x' * 131_073},Ya,Tidak,1,1\n"
    )

    response = upload(client, "bank.csv", content)

    assert response.status_code == 400
    assert [line for line, _message in response.context["errors"]] == [3]
    assert "Line 3: this line cannot be read" in response.content.decode()
    assert not Question.objects.exists()


def test_a_question_workbook_bomb_is_refused_before_it_is_parsed(client, monkeypatch):
    monkeypatch.setattr("openpyxl.load_workbook", lambda *args, **kwargs: pytest.fail("the workbook was opened"))
    bomb = shared_strings_bomb([["category", "type", "question"], ["Konsep", "essay", "Jelaskan."]])

    response = upload(client, "bank.xlsx", bomb)

    assert response.status_code == 400
    assert "unpacks to more than 20 MB" in response.content.decode()
    assert not Question.objects.exists()

"""Question import: trainers bring their banks as a spreadsheet (CSV/XLSX) or in Moodle's GIFT format.

Reading a file writes nothing: `parse_question_file` returns every question it understood and every
problem by line, and the admin imports only a file without problems (`import_questions`), in the
source language, creating categories as needed.

Spreadsheet columns (first line; names are case-insensitive):

    category, sub_category (optional), type, question, choice_1 … choice_6, correct, points,
    explanation, accepted_answers, scoring (optional: all_or_nothing or partial)

- type: single (one correct answer), multiple (choose all that apply), true_false, short, essay.
- correct: the numbers (or letters) of the correct choices, e.g. "1,3" or "A, C"; for true/false
  "true" or "false" ("benar"/"salah"). True/false questions without choices get "Benar" and "Salah".
- accepted_answers: short-answer questions, separated by "|".

GIFT: multiple choice (=right ~wrong), multiple answers (~%50%right ~%-100%wrong), true/false
({T}, {F}, {TRUE}, {FALSE}), short answer ({=one =two}), essay ({}), missing word (text after the
answers becomes a blank), ::titles::, // comments, $CATEGORY: lines, escaped \\: \\~ \\= \\# \\{ \\},
per-answer #feedback and general ####feedback, which become the question's explanation.
Numerical and matching questions are reported as errors.
"""

import re
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Locale

from courses.models.pages import source_language
from courses.quiz.choices import MultipleScoring, QuestionKind
from courses.quiz.models import Choice, Question, QuestionCategory
from courses.spreadsheets import TableLineError
from courses.staff import MAX_IMPORT_BYTES, ParticipantImportError, read_table

MAX_QUESTIONS = 1000
MAX_CHOICES = 6
MAX_POINTS = 100
CHOICE_MAX_LENGTH = Choice._meta.get_field("text").max_length
CATEGORY_MAX_LENGTH = QuestionCategory._meta.get_field("name").max_length
TRUE_FALSE_CHOICES = ("Benar", "Salah")  # the source language is Indonesian


class QuestionImportError(Exception):
    """The file as a whole cannot be read (format, size, encoding, missing columns)."""


class LineError(Exception):
    """One question cannot be read; the file's other questions are still checked."""


@dataclass
class ImportedQuestion:
    line: int
    kind: str
    text: str
    choices: list = field(default_factory=list)  # [text, is_correct]
    category: str = ""
    sub_category: str = ""
    points: int = 1
    explanation: str = ""
    accepted_answers: list = field(default_factory=list)
    multiple_scoring: str = MultipleScoring.ALL_OR_NOTHING
    title: str = ""

    def as_dict(self):
        return asdict(self)

    def get_kind_display(self):
        return QuestionKind(self.kind).label

    def problem(self):
        """Why the question cannot be imported, or None; the same rules as the admin form."""
        if not self.text.strip():
            return _("the question has no text")
        if self.kind in {QuestionKind.SHORT, QuestionKind.ESSAY} and self.choices:
            return _("short-answer and essay questions take no answer choices")
        if self.kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE} and len(self.choices) < 2:
            return _("give at least two answer choices")
        if any(not text.strip() for text, _correct in self.choices):
            return _("an answer choice is empty")
        if any(len(text) > CHOICE_MAX_LENGTH for text, _correct in self.choices):
            return _("an answer choice is longer than %(count)s characters") % {"count": CHOICE_MAX_LENGTH}
        if len(self.category) > CATEGORY_MAX_LENGTH or len(self.sub_category) > CATEGORY_MAX_LENGTH:
            return _("the category name is longer than %(count)s characters") % {"count": CATEGORY_MAX_LENGTH}
        question = Question(kind=self.kind, accepted_answers="\n".join(self.accepted_answers))
        try:
            question.validate_choices([Choice(text=text, is_correct=correct) for text, correct in self.choices])
        except ValidationError as error:
            return " ".join(error.messages)
        return None


@dataclass
class QuestionFile:
    questions: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)

    def add(self, question):
        problem = question.problem()
        if problem:
            self.errors.append((question.line, problem))
        else:
            self.questions.append(question)

    def check_size(self):
        if len(self.questions) + len(self.errors) > MAX_QUESTIONS:
            raise QuestionImportError(
                _("The file has more than %(count)s questions; split it into smaller files.") % {"count": MAX_QUESTIONS}
            )
        return self


def parse_question_file(filename, data):
    """Check every question of an uploaded file; writes nothing."""
    if len(data) > MAX_IMPORT_BYTES:
        raise QuestionImportError(_("The file is larger than 2 MB."))
    name = filename.lower()
    if name.endswith((".gift", ".txt")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise QuestionImportError(_("The file is not UTF-8 text. Save it again as UTF-8.")) from error
        return parse_gift(text).check_size()
    if not name.endswith((".csv", ".xlsx")):
        raise QuestionImportError(_("Upload a CSV (.csv), Excel (.xlsx) or GIFT (.gift, .txt) file."))
    try:
        rows = read_table(filename, data)
    except TableLineError as error:
        return QuestionFile(errors=[(error.line, str(error))])
    except ParticipantImportError as error:
        raise QuestionImportError(str(error)) from error
    return parse_table(rows).check_size()


# Spreadsheets ---------------------------------------------------------------------------------

COLUMNS = {
    "category": ("category", "kategori"),
    "sub_category": ("sub_category", "subcategory", "sub-category", "subkategori", "sub_kategori"),
    "type": ("type", "kind", "jenis", "tipe"),
    "question": ("question", "text", "pertanyaan", "soal"),
    "correct": ("correct", "answer", "jawaban", "kunci", "kunci_jawaban"),
    "points": ("points", "poin", "bobot", "nilai"),
    "explanation": ("explanation", "penjelasan", "pembahasan"),
    "accepted_answers": ("accepted_answers", "jawaban_diterima"),
    "scoring": ("scoring", "penilaian"),
}
COLUMNS.update({f"choice_{number}": (f"choice_{number}", f"pilihan_{number}") for number in range(1, MAX_CHOICES + 1)})
KIND_ALIASES = {
    QuestionKind.SINGLE: ("single", "multiple_choice", "mc", "pilihan_ganda", "pg"),
    QuestionKind.MULTIPLE: ("multiple", "multiple_answers", "multiple_answer", "checkbox", "pilihan_ganda_kompleks"),
    QuestionKind.TRUE_FALSE: ("true_false", "truefalse", "true/false", "tf", "benar/salah", "benar_salah", "bs"),
    QuestionKind.SHORT: ("short", "short_answer", "isian", "isian_singkat"),
    QuestionKind.ESSAY: ("essay", "esai", "esei", "uraian"),
}
KINDS = {alias: kind for kind, aliases in KIND_ALIASES.items() for alias in aliases}
TRUE_WORDS = {"true", "t", "benar", "b", "ya", "yes"}
FALSE_WORDS = {"false", "f", "salah", "s", "tidak", "no"}


def _key(text):
    return re.sub(r"[\s-]+", "_", str(text or "").strip().lower())


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _correct_numbers(text, choice_count):
    """Choice positions (0-based) from "1,3", "1; 3", "A, C"; None when a part is not a choice."""
    positions = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        if part.isascii() and part.isdigit():  # not "²" or "٣", which str.isdigit() also accepts
            position = int(part) - 1
        elif len(part) == 1 and part.isalpha():
            position = ord(part.upper()) - ord("A")
        else:
            return None
        if not 0 <= position < choice_count:
            return None
        positions.append(position)
    return positions


def _points(text):
    if not text:
        return 1
    try:
        points = float(text.replace(",", "."))
    except ValueError:
        return None
    return int(points) if points.is_integer() and 1 <= points <= MAX_POINTS else None


def _table_question(number, cell):
    """One spreadsheet line as an ImportedQuestion; LineError when it cannot be read."""
    kind = KINDS.get(_key(cell("type")))
    if kind is None:
        raise LineError(
            _("unknown type “%(type)s”; use single, multiple, true_false, short or essay")
            % {"type": cell("type") or "—"}
        )
    points = _points(cell("points"))
    if points is None:
        raise LineError(_("points must be a whole number from 1 to %(max)s") % {"max": MAX_POINTS})
    scoring = _key(cell("scoring")) or MultipleScoring.ALL_OR_NOTHING
    if scoring not in MultipleScoring.values:
        raise LineError(_("scoring must be all_or_nothing or partial"))
    texts = [cell(f"choice_{index}") for index in range(1, MAX_CHOICES + 1)]
    while texts and not texts[-1]:
        texts.pop()
    correct = cell("correct")
    question = ImportedQuestion(
        line=number,
        kind=kind,
        text=cell("question"),
        category=cell("category"),
        sub_category=cell("sub_category"),
        points=points,
        explanation=cell("explanation"),
        accepted_answers=[answer.strip() for answer in cell("accepted_answers").split("|") if answer.strip()],
        multiple_scoring=scoring,
    )
    if kind == QuestionKind.TRUE_FALSE:
        texts = texts or list(TRUE_FALSE_CHOICES)
        word = correct.lower()
        if word in TRUE_WORDS or word == "1":
            positions = [0]
        elif word in FALSE_WORDS or word == "2":
            positions = [1]
        else:
            raise LineError(_("the correct answer of a true/false question is “true” or “false”"))
    elif kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}:
        positions = _correct_numbers(correct, len(texts))
        if positions is None:
            raise LineError(
                _("“%(correct)s” does not name the correct choices by number, e.g. 1 or 1,3") % {"correct": correct}
            )
    else:
        positions = []
        if kind == QuestionKind.SHORT and not question.accepted_answers and correct:
            question.accepted_answers = [answer.strip() for answer in correct.split("|") if answer.strip()]
    question.choices = [[text, index in positions] for index, text in enumerate(texts)]
    return question


def parse_table(rows):
    """Questions from spreadsheet lines (line number, cells); the first non-empty line names the columns."""
    rows = [(number, cells) for number, cells in rows if any(_cell(value) for value in cells)]
    if not rows:
        raise QuestionImportError(_("The file is empty."))
    _header_line, header = rows[0]
    names = [_key(value) for value in header]
    positions = {
        column: next((names.index(alias) for alias in aliases if alias in names), None)
        for column, aliases in COLUMNS.items()
    }
    missing = [column for column in ("type", "question") if positions[column] is None]
    if missing:
        raise QuestionImportError(
            _(
                "The first line must name the columns: category, type, question, choice_1 … choice_6, correct, "
                "points, explanation, accepted_answers."
            )
        )
    result = QuestionFile()
    for number, cells in rows[1:]:

        def cell(column, cells=cells):
            position = positions[column]
            return _cell(cells[position]) if position is not None and position < len(cells) else ""

        try:
            result.add(_table_question(number, cell))
        except LineError as error:
            result.errors.append((number, str(error)))
    return result


# GIFT -----------------------------------------------------------------------------------------

# Escaped characters are swapped for private-use placeholders while the structure is read.
ESCAPES = [
    ("\\\\", "\ue000"),
    ("\\:", "\ue001"),
    ("\\~", "\ue002"),
    ("\\=", "\ue003"),
    ("\\#", "\ue004"),
    ("\\{", "\ue005"),
    ("\\}", "\ue006"),
    ("\\n", "\n"),
]
RESTORE = {"\ue000": "\\", "\ue001": ":", "\ue002": "~", "\ue003": "=", "\ue004": "#", "\ue005": "{", "\ue006": "}"}
CATEGORY_SLASH = "\ue007"
FORMAT_TAG = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
TRUE_FALSE = re.compile(r"(T|F|TRUE|FALSE)\s*(#.*)?", re.IGNORECASE | re.DOTALL)
WEIGHT = re.compile(r"^\s*%(-?[0-9]+(?:[.,][0-9]+)?)%")
MISSING_WORD = "_____"


def _protect(text):
    for sequence, placeholder in ESCAPES:
        text = text.replace(sequence, placeholder)
    return text


def _restore(text):
    for placeholder, character in RESTORE.items():
        text = text.replace(placeholder, character)
    return text.strip()


def _gift_category(path):
    """ "$course$/top/Hak asasi/Kota HAM" → ("Hak asasi", "Kota HAM"); "//" is a slash inside a name."""
    parts = [_restore(part.replace(CATEGORY_SLASH, "/")) for part in path.replace("//", CATEGORY_SLASH).split("/")]
    parts = [part for part in parts if part and not (part.startswith("$") and part.endswith("$"))]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return (parts[0], "/".join(parts[1:])) if parts else ("", "")


def _gift_blocks(text):
    """(line, kind, content) for every question block and $CATEGORY line; comments dropped."""
    block, start = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped or stripped.startswith("$CATEGORY:"):
            if block:
                yield start, "question", "\n".join(block)
                block = []
            if stripped:
                yield number, "category", stripped[len("$CATEGORY:") :].strip()
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        yield start, "question", "\n".join(block)


def _gift_answers(body):
    """[(marker, weight, text, feedback)] of a choice or short-answer block."""
    pieces = re.split(r"([=~])", body)
    if pieces[0].strip():
        raise LineError(_("answers must start with = (right) or ~ (wrong)"))
    answers = []
    for marker, content in zip(pieces[1::2], pieces[2::2], strict=True):
        weight = None
        match = WEIGHT.match(content)
        if match:
            weight = float(match[1].replace(",", "."))
            content = content[match.end() :]
        text, _hash, feedback = content.partition("#")
        if "->" in text:
            raise LineError(_("matching questions cannot be imported"))
        text = _restore(text)
        if not text:
            raise LineError(_("an answer is empty"))
        answers.append((marker, weight, text, _restore(feedback)))
    return answers


def _gift_question(line, content, category):
    """One GIFT question block as an ImportedQuestion; LineError when it cannot be read."""
    text = _protect(content)
    title = ""
    match = re.match(r"\s*::(.*?)::", text, re.DOTALL)
    if match:
        title, text = _restore(match[1]), text[match.end() :]
    opening = text.find("{")
    closing = text.find("}", opening + 1)
    if opening < 0 or closing < 0:
        raise LineError(_("no answer block: add the answers between { and }"))
    if "{" in text[closing:] or "}" in text[:opening]:
        raise LineError(_("more than one answer block; escape a literal brace as \\{ or \\}"))
    stem, body, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
    stem = FORMAT_TAG.sub("", stem)
    if after.strip():
        tail = after.strip()
        joiner = "" if tail[0] in ".,;:!?)" else " "  # "tahun _____." but "_____ oleh negara"
        stem = f"{stem.rstrip()} {MISSING_WORD}{joiner}{tail}"
    body, _hashes, general_feedback = body.partition("####")
    question = ImportedQuestion(
        line=line,
        kind=QuestionKind.ESSAY,
        text=_restore(stem),
        category=category[0],
        sub_category=category[1],
        title=title,
    )
    feedback = [_restore(general_feedback)] if general_feedback.strip() else []
    body = body.strip()
    if body.startswith("#"):
        raise LineError(_("numerical questions cannot be imported"))
    true_false = TRUE_FALSE.fullmatch(body)
    if not body:
        question.kind = QuestionKind.ESSAY
    elif true_false:
        question.kind = QuestionKind.TRUE_FALSE
        right = true_false[1].upper().startswith("T")
        question.choices = [[TRUE_FALSE_CHOICES[0], right], [TRUE_FALSE_CHOICES[1], not right]]
        feedback += [_restore(part) for part in (true_false[2] or "").split("#") if part.strip()]
    else:
        answers = _gift_answers(body)
        markers = [marker for marker, _weight, _text, _note in answers]
        weights = [weight for _marker, weight, _text, _note in answers]
        texts = [text for _marker, _weight, text, _note in answers]
        if "~" not in markers:
            if any(weight not in (None, 100) for weight in weights):
                raise LineError(_("short answers with partial credit cannot be imported; give full marks or none"))
            question.kind = QuestionKind.SHORT
            question.accepted_answers = texts
        else:
            correct = [marker == "=" or (weight or 0) > 0 for marker, weight in zip(markers, weights, strict=True)]
            if not any(correct):
                raise LineError(_("no right answer: mark one with = or give it a positive weight"))
            partial = any(weight is not None and 0 < weight < 100 for weight in weights)
            question.kind = QuestionKind.SINGLE if sum(correct) == 1 and not partial else QuestionKind.MULTIPLE
            if partial:
                question.multiple_scoring = MultipleScoring.PARTIAL
            question.choices = [[text, right] for text, right in zip(texts, correct, strict=True)]
        feedback += [f"{text}: {note}" for _marker, _weight, text, note in answers if note]
    question.explanation = "\n".join(feedback)
    return question


def parse_gift(text):
    """Questions from Moodle GIFT text (see the module docstring for what is understood)."""
    result = QuestionFile()
    category = ("", "")
    for line, kind, content in _gift_blocks(text):
        if kind == "category":
            category = _gift_category(content)
            continue
        try:
            result.add(_gift_question(line, content, category))
        except LineError as error:
            result.errors.append((line, str(error)))
    if not result.questions and not result.errors:
        raise QuestionImportError(_("The file has no questions."))
    return result


# Saving ---------------------------------------------------------------------------------------


def _category(name, parent, locale, cache):
    if not name:
        return None
    key = (name.casefold(), parent.pk if parent else None)
    if key not in cache:
        category = QuestionCategory.objects.filter(locale=locale, parent=parent, name__iexact=name).first()
        cache[key] = category or QuestionCategory.objects.create(locale=locale, parent=parent, name=name)
    return cache[key]


@transaction.atomic
def import_questions(questions):
    """Create the checked questions, their choices and any missing categories in the source language."""
    locale = Locale.objects.get(language_code=source_language())
    categories = {}
    created = []
    for imported in questions:
        category = _category(imported.category, None, locale, categories)
        sub_category = _category(imported.sub_category, category, locale, categories) if category else None
        question = Question(
            locale=locale,
            kind=imported.kind,
            category=category,
            sub_category=sub_category,
            text=imported.text,
            points=imported.points,
            explanation=imported.explanation,
            accepted_answers="\n".join(imported.accepted_answers),
            multiple_scoring=imported.multiple_scoring,
        )
        for text, is_correct in imported.choices:
            question.choices.add(Choice(locale=locale, text=text, is_correct=is_correct))
        question.save()
        created.append(question)
    return created

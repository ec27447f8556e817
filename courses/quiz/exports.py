"""Attempts and results of one quiz in one course as a table, for CSV/XLSX downloads.

The files themselves (and their protection against formula injection) come from `courses.reports`.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.quiz.analysis import ordered_questions, staff_attempts
from courses.quiz.choices import QuestionKind
from courses.quiz.models import Answer

QUESTION_HEADER_CHARACTERS = 60


def number(value):
    """Decimals as spreadsheet numbers: whole numbers as int, others as float."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def participant_columns(user):
    profile = getattr(user, "participant_profile", None)
    if profile is None:
        return ["", user.email, "", ""]
    return [profile.full_name, user.email, profile.get_participant_type_display(), profile.organisation]


def question_points(attempt, key, question, answer):
    """Points for one question of an attempt: blank when it was not on the paper or awaits a marker."""
    if key not in attempt.question_keys:
        return None
    if answer is not None and answer.points is not None:
        return number(answer.points)
    if not attempt.is_submitted:
        return None
    if answer is not None and question.kind == QuestionKind.ESSAY and answer.text.strip():
        return None  # waiting for a marker
    return 0


def attempt_table(course, quiz):
    """(header, rows): one row per attempt staff review, one column per question with its points."""
    reviewed = staff_attempts(course, [quiz])
    attempts = list(
        reviewed.select_related("user__participant_profile").order_by(
            "user__participant_profile__full_name", "user__email", "number"
        )
    )
    keys = {key for attempt in attempts for key in attempt.question_keys}
    questions = ordered_questions(quiz, keys)
    answers = {
        (answer.attempt_id, str(answer.question_key)): answer
        for answer in Answer.objects.filter(attempt__in=reviewed).only("attempt_id", "question_key", "points", "text")
    }
    header = [
        _("Full name"),
        _("E-mail"),
        _("Participant type"),
        _("Organisation"),
        _("Attempt"),
        _("State"),
        _("Started"),
        _("Submitted"),
        _("Score"),
        _("Maximum score"),
        _("Percent"),
        _("Passed"),
    ]
    header += [
        f"{index}. {question.text[:QUESTION_HEADER_CHARACTERS]} ({question.points})"
        for index, question in enumerate(questions.values(), start=1)
    ]
    passed = {True: _("yes"), False: _("no"), None: ""}
    rows = []
    for attempt in attempts:
        row = participant_columns(attempt.user) + [
            attempt.number,
            attempt.get_state_display(),
            timezone.localtime(attempt.started_at),
            timezone.localtime(attempt.submitted_at) if attempt.submitted_at else None,
            number(attempt.score),
            number(attempt.max_score),
            number(attempt.percent),
            passed[attempt.passed] if attempt.is_submitted else "",
        ]
        row += [
            question_points(attempt, key, question, answers.get((attempt.pk, key)))
            for key, question in questions.items()
        ]
        rows.append(row)
    return header, rows


def learning_gain_groups_table(report):
    """(header, rows): the learning-gain page's comparison, one row per group, with the page's numbers."""
    header = [
        _("Participants"),
        _("n (both tests)"),
        _("Mean pre-test %"),
        _("Mean post-test %"),
        _("Class gain ⟨g⟩"),
        _("Pre-test only"),
        _("Post-test only"),
    ]
    rows = [
        [
            str(group.label),
            group.n,
            number(group.mean_pre),
            number(group.mean_post),
            number(group.class_gain),
            group.pre_only,
            group.post_only,
        ]
        for group in report.groups
    ]
    return header, rows


def learning_gain_participants_table(report):
    """(header, rows): every participant with a score, their pre- and post-test % and their own gain."""
    header = [
        _("Full name"),
        _("E-mail"),
        _("Participant type"),
        _("Organisation"),
        _("Pre-test %"),
        _("Post-test %"),
        _("Normalised gain"),
        _("Note"),
    ]
    rows = []
    for row in report.participants:
        note = ""
        if row.no_room_to_gain:
            note = _("Undefined: a pre-test of 100% leaves no room to gain.")
        elif row.pre is None or row.post is None:
            note = _("Undefined: only one of the two tests was taken.")
        rows.append(
            [
                row.name,
                row.email,
                str(row.participant_type),
                row.organisation,
                number(row.pre),
                number(row.post),
                number(row.gain),
                note,
            ]
        )
    return header, rows

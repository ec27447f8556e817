"""What staff do to quizzes that Wagtail's history records, beyond Wagtail's own create/edit/delete.

Views write the entries with `wagtail.log_actions.log()`; `courses.quiz.wagtail_hooks` registers
these action types (`register_log_actions`), so the admin's history and its filters name them.
"""

from django.utils.translation import gettext_lazy as _

OVERRIDE_CREATED = "quiz.override.create"
OVERRIDE_CHANGED = "quiz.override.edit"
OVERRIDE_REMOVED = "quiz.override.delete"
QUESTION_IMPORTED = "quiz.question.import"

LOG_ACTIONS = [
    (OVERRIDE_CREATED, _("Add quiz override"), _("Quiz override added")),
    (OVERRIDE_CHANGED, _("Change quiz override"), _("Quiz override changed")),
    (OVERRIDE_REMOVED, _("Remove quiz override"), _("Quiz override removed")),
    (QUESTION_IMPORTED, _("Import question"), _("Question imported from a file")),
]


def register_quiz_log_actions(actions):
    """The `register_log_actions` hook: label (for filters) and message (for the history) of each type."""
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)

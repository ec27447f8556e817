"""What certificates write to Wagtail's log (`wagtail.log_actions.log`), so staff see it in the admin's history.

The action types are registered through the `register_log_actions` hook
(`courses.certificates.wagtail_hooks`); `issuing` and `bulk` log them.
"""

from django.utils.translation import gettext_lazy as _

ISSUE = "certificates.issue"
REVOKE = "certificates.revoke"
REISSUE = "certificates.reissue"
BATCH_START = "certificates.batch_start"
BATCH_RETRY = "certificates.batch_retry"
BATCH_FINISH = "certificates.batch_finish"

ACTIONS = [
    (ISSUE, _("Issue certificate"), _("Certificate issued")),
    (REVOKE, _("Revoke certificate"), _("Certificate revoked")),
    (REISSUE, _("Reissue certificate"), _("Certificate reissued in place of a revoked one")),
    (BATCH_START, _("Issue certificates to a cohort"), _("Bulk issue of certificates started")),
    (BATCH_RETRY, _("Retry a bulk issue"), _("Bulk issue of certificates started again")),
    (BATCH_FINISH, _("Finish a bulk issue"), _("Bulk issue of certificates finished")),
]


def register(actions):
    """For the `register_log_actions` hook."""
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)

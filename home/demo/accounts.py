"""Demo staff accounts: Indonesian names, and the admin in Indonesian."""

from wagtail.users.models import UserProfile


def speaks_indonesian(user):
    """The demo's staff read the admin in Indonesian, as the institution's staff would."""
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = "id"
        profile.save(update_fields=["preferred_language"])

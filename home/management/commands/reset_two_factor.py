"""Forget a staff member's authenticator (a lost phone): they pair a new one at their next login."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Remove a user's two-step verification devices, so that they set up a new one at their next login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the username {username!r}.")
        deleted, _details = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"Removed {deleted} device(s) of {username}; they will set up a new one at their next login.")

import dj_database_url

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.utils import ConnectionHandler

from home.backup import BackupError, media_root, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_site: replaces the whole database (the configured one, or "
        "--database-url) and copies the media into MEDIA_ROOT (or --media-root)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .tar file backup_site wrote")
        parser.add_argument("--database-url", help="restore into this database instead of the configured one")
        parser.add_argument("--media-root", help="copy the media here instead of MEDIA_ROOT")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, **options):
        url = options["database_url"]
        target = (
            ConnectionHandler({"default": dj_database_url.parse(url)})["default"] if url else connections["default"]
        )
        settings_dict, vendor = target.settings_dict, target.vendor
        media = options["media_root"] or media_root()
        if options["interactive"]:
            where = f"{vendor} database {settings_dict['NAME']!r}"
            answer = input(
                f"This replaces everything in the {where} with the backup"
                f"{f' and copies its media into {media}' if media else ''}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        if not url:
            connections.close_all()
        try:
            manifest = restore_backup(options["file"], settings_dict, vendor, media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            if url:
                target.close()
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup of {manifest['created']} into the {vendor} database.")
        )
        if not url:
            self.forget_cached_pages()
        self.stdout.write("If the backup is older than this code, run `manage.py migrate` now.")

    def forget_cached_pages(self):
        """Pages cached before the restore show what the database no longer holds."""
        from home.page_cache import home_urls, invalidate

        try:
            invalidate(home_urls())
        except Exception as error:  # the restore itself succeeded; say what is left to do
            self.stderr.write(f"Could not clear the page caches ({error}); clear the cache and Varnish by hand.")

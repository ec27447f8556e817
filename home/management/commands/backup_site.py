from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, create_backup, default_output


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup API) and MEDIA_ROOT into one tar file, "
        "readable by its owner only. Default directory: $BACKUP_DIR or backups/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="a directory, or a file name ending in .tar")

    def handle(self, *args, **options):
        try:
            path = create_backup(options["output"] or default_output())
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({size / 1_000_000:.1f} MB)."))

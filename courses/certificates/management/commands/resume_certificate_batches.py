"""Queue again the certificate batches a worker stopped working on (run every minute: `make run`, cron or a timer)."""

from django.core.management.base import BaseCommand

from courses.certificates.bulk import resume_stalled


class Command(BaseCommand):
    help = "Queue again certificate batches left pending or running without progress for a minute."

    def handle(self, *args, **options):
        resumed = resume_stalled()
        for batch in resumed:
            self.stdout.write(f"resumed certificate batch {batch.pk}")

"""How long a whole cohort's bulk issue takes: `courses.certificates.bulk.run_batch` on N participants.

Builds a throwaway in-memory SQLite database (test settings, migrated; the helpers of
`certificate_pdf_bench.py`), a course with the demo-like template (background photo, two logos,
two signatures) and N participants (default 1,000) whose completion is recorded. Then writes a
batch with one item per participant and runs the batch function directly, in this process, as the
worker does: per item its own transaction, the issue (number, frozen texts), the PDF stored on a
temporary private directory, the holder's e-mail (the PDF attached up to CERTIFICATE_EMAIL_ATTACHMENT_LIMIT,
linked above it; rendered and serialised as for SMTP, then counted and dropped), the item's
status and the batch's heartbeat.

It prints the total seconds, milliseconds per certificate, the same yardstick as the PDF bench
(a one-page PDF with one line of Helvetica) timed in this run for the ratio, the peak of Python
allocations during a second, traced batch on a smaller cohort (tracemalloc slows everything) and
the process's peak resident size, and writes them to `bench/results/certificate_bulk_bench.json`.
Targets: 20 ms or less per certificate and 60 s or less for 1,000. Not a test: run it by hand.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import certificate_pdf_bench as pdf_bench  # noqa: E402

RESULTS = pdf_bench.BASE_DIR / "bench" / "results" / "certificate_bulk_bench.json"
SENT = []  # e-mails sent, as byte counts


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--participants", type=int, default=1000, help="cohort size (default: 1000)")
    parser.add_argument("--traced", type=int, default=100, help="cohort of the traced batch (default: 100)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    args = parser.parse_args()
    if not 1 <= args.participants <= 20000 or not 1 <= args.traced <= 5000:
        parser.error("--participants must be 1..20000 and --traced 1..5000")
    return args


def setup(private_dir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
    sys.path.insert(0, str(pdf_bench.BASE_DIR))
    from django.conf import settings

    settings.STORAGES["certificates"]["OPTIONS"]["location"] = private_dir  # before the storage is first used
    pdf_bench.setup_django()
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"


def counting_backend():
    from django.core.mail.backends.base import BaseEmailBackend

    class CountingBackend(BaseEmailBackend):
        """Serialises each message as SMTP would, counts its size and keeps nothing."""

        def send_messages(self, messages):
            for message in messages:
                SENT.append(len(message.message().as_bytes()))
            return len(messages)

    return CountingBackend


def course_with_cohort(template, slug, size, hostname="testserver"):
    """A published course with `size` participants whose completion is recorded (also for fault_worker_kill.py)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from courses.models import CourseCompletion, CourseIndexPage, Enrolment, ParticipantProfile
    from home.site_tree import ensure_site_tree, publish
    from tests.certificates.conftest import certified_course

    tree = ensure_site_tree(hostname=hostname, port=80)
    index = CourseIndexPage.objects.child_of(tree.home["id"]).first()
    if index is None:
        index = tree.home["id"].add_child(instance=CourseIndexPage(title="Pelatihan", slug="pelatihan"))
        publish(index)
    course = certified_course(index.specific, f"Pelatihan {slug}", slug, template=template)
    user_model = get_user_model()
    unusable = make_password(None)  # no hashing in the set-up
    users = user_model.objects.bulk_create(
        user_model(username=f"{slug}-{n}", email=f"{slug}-{n}@example.org", password=unusable) for n in range(size)
    )
    names = pdf_bench.NAMES
    ParticipantProfile.objects.bulk_create(
        ParticipantProfile(
            user=user,
            full_name=names[n % len(names)],
            participant_type="asn",
            organisation="Bagian Hukum Setda Kota Semarang",
            regency_city="Kota Semarang",
        )
        for n, user in enumerate(users)
    )
    Enrolment.objects.bulk_create(
        Enrolment(user=user, course_key=course.course_key, status="approved") for user in users
    )
    now = timezone.now()
    CourseCompletion.objects.bulk_create(
        CourseCompletion(user=user, course_key=course.course_key, completed_at=now) for user in users
    )
    return course


PHASES = {"issue": 0.0, "pdf": 0.0, "email": 0.0}


def timing_phases():
    """Wrap the batch's three steps to add up their time; the rest is the batch's own bookkeeping."""
    from courses.certificates import bulk, emails

    def timed_step(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                PHASES[name] += time.perf_counter() - start

        return wrapper

    bulk.issue_certificate = timed_step("issue", bulk.issue_certificate)
    bulk.store_pdf = timed_step("pdf", bulk.store_pdf)
    emails.store_pdf = timed_step("pdf", emails.store_pdf)  # a missing PDF stored for the e-mail
    bulk.send_certificate_email = timed_step("email", bulk.send_certificate_email)


def batch_for(course):
    from courses.certificates import bulk
    from courses.certificates.models import CertificateBatch

    batch = CertificateBatch.objects.create(course_key=course.course_key)
    bulk._add_items(batch, course)  # what start_batch writes, without queueing the task
    return batch


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="certificate-bulk-bench-") as private_dir:
        setup(private_dir)
        globals()["CountingBackend"] = counting_backend()
        from courses.certificates import bulk
        from courses.certificates.models import Certificate

        template = pdf_bench.demo_like_template()
        course = course_with_cohort(template, "bulk-bench", args.participants)
        traced_course = course_with_cohort(template, "bulk-traced", args.traced)
        pdf_bench.yardstick()  # warm-up
        yardstick = pdf_bench.summary(pdf_bench.timed(lambda _n: pdf_bench.yardstick(), range(200)))

        batch = batch_for(course)
        timing_phases()
        start = time.perf_counter()
        bulk.run_batch(batch.pk)
        total_s = time.perf_counter() - start
        phases = {name: round(seconds * 1000 / args.participants, 2) for name, seconds in PHASES.items()}
        phases["bookkeeping"] = round(total_s * 1000 / args.participants - sum(phases.values()), 2)
        counts = bulk.progress(batch)
        stored = sum(1 for name in Path(private_dir).rglob("*.pdf"))
        numbers = sorted(Certificate.objects.for_course(course).values_list("sequence", flat=True))
        emails, email_bytes = len(SENT), list(SENT)

        traced = batch_for(traced_course)
        tracemalloc.start()
        bulk.run_batch(traced.pk)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    per_certificate_ms = total_s * 1000 / args.participants
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_before": round(os.getloadavg()[0], 2),
        "database": "sqlite in memory",
        "participants": args.participants,
        "items": counts,
        "pdfs_stored": stored,
        "numbers_1_to_n": numbers == list(range(1, args.participants + 1)),
        "emails": emails,
        "email_kib_mean": round(statistics.fmean(email_bytes) / 1024, 1) if email_bytes else 0,
        "total_s": round(total_s, 2),
        "per_certificate_ms": round(per_certificate_ms, 2),
        "per_certificate_ms_by_step": phases,
        "yardstick": yardstick,
        "ratio_to_yardstick": round(per_certificate_ms / yardstick["mean_ms"], 1),
        "traced_participants": args.traced,
        "tracemalloc_peak_mib": round(peak / 2**20, 2),
        "max_rss_mib": round(maxrss_kib / 1024, 1),
        "targets": {"per_certificate_ms": 20, "total_s_for_1000": 60},
    }
    print(f"{args.participants} participants, demo-like template, PDF stored and e-mailed for each")
    print(f"items {counts}")
    print(
        f"PDFs stored {stored}, e-mails {emails} (mean {results['email_kib_mean']} KiB), numbers 1..N {results['numbers_1_to_n']}"
    )
    print(f"total {results['total_s']} s, {results['per_certificate_ms']} ms per certificate")
    print("per certificate, ms: " + ", ".join(f"{name} {ms}" for name, ms in phases.items()))
    print(f"yardstick {yardstick['mean_ms']} ms; a certificate is {results['ratio_to_yardstick']}× the yardstick")
    print(f"peak Python allocations in a {args.traced}-participant batch {results['tracemalloc_peak_mib']} MiB")
    print(f"peak resident size of the process {results['max_rss_mib']} MiB")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    ok = counts["issued"] == args.participants and emails == args.participants + args.traced
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

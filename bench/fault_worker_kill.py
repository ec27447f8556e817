"""Fault test: the task worker is killed (SIGKILL) in the middle of a bulk certificate batch.

On the production settings with the RQ backend (deploy/stack.py's `Stack`: a PostgreSQL database
with a unique name on 127.0.0.1:5432, Redis, a throwaway private media directory):

1. migrates a fresh database; a course that issues certificates and N participants (default 300)
   whose completion is recorded;
2. `start_batch` queues the batch in Redis; an RQ worker (`manage.py rqworker`) starts on it;
3. once some certificates are issued, the worker gets `kill -9` (the item it was on is in an open
   transaction, so it rolls back with its number);
4. a new worker starts; after a minute without progress `manage.py resume_certificate_batches`
   queues the batch again (as the every-minute timer does), and the script waits for DONE;
5. checks: every enrolment holds exactly one current certificate, the sequences are 1..N with no
   gap or duplicate, no item is pending or failed, and each certificate was e-mailed once (its
   EMAILED event; e-mails go to Django's dummy backend).

Exits non-zero when a check fails. Not a test (it takes a few minutes): run it by hand.
"""

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from deploy.stack import Stack, log  # noqa: E402

STALL_WAIT = 62  # seconds: resume_certificate_batches resumes a batch without progress for 60 s


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--participants", type=int, default=300, help="cohort size (default: 300)")
    parser.add_argument("--kill-after", type=int, default=60, help="issued certificates before the kill (default: 60)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds to wait for the batch (default: 600)")
    args = parser.parse_args()
    if not 2 <= args.kill_after + 1 <= args.participants <= 5000:
        parser.error("need 1 <= --kill-after < --participants <= 5000")
    return args


def cohort(size):
    from bench.certificate_bulk_bench import course_with_cohort

    return course_with_cohort(None, "pelatihan-kota-ham", size, hostname="127.0.0.1")


def start_worker(stack, name):
    command = [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
    return stack.start(command, name, f"{name}.log")


def children(pid):
    """Process ids under `pid` (RQ runs each job in a forked "work horse")."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        for child in (task / "children").read_text().split():
            found += [int(child), *children(int(child))]
    return found


def kill_worker(worker):
    """kill -9 the worker and its work horse, as the OOM killer or a lost machine would."""
    horses = children(worker.pid)
    os.kill(worker.pid, signal.SIGKILL)
    for pid in horses:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    worker.wait()
    return horses


def counts(batch):
    from courses.certificates import bulk

    batch.refresh_from_db()
    return batch.status, bulk.progress(batch)


def wait(batch, until, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, progress = counts(batch)
        if until(status, progress):
            return status, progress
        time.sleep(0.2)
    raise SystemExit(f"FAIL: timed out waiting for {what}: {counts(batch)}")


def check(course, batch, size):
    from django.db.models import Count

    from courses.certificates.choices import BatchItemStatus, CertificateAction
    from courses.certificates.models import Certificate, CertificateEvent
    from courses.models import Enrolment

    failures = []
    current = Certificate.objects.for_course(course).current()
    per_holder = current.values("holder_id").annotate(n=Count("pk"))
    if current.count() != size or any(row["n"] != 1 for row in per_holder):
        failures.append(f"{current.count()} current certificates for {size} enrolments (one each expected)")
    enrolled = set(Enrolment.objects.filter(course_key=course.course_key).values_list("user_id", flat=True))
    if set(current.values_list("holder_id", flat=True)) != enrolled:
        failures.append("the holders are not exactly the enrolled participants")
    sequences = sorted(Certificate.objects.for_course(course).values_list("sequence", flat=True))
    if sequences != list(range(1, size + 1)):
        missing = sorted(set(range(1, size + 1)) - set(sequences))
        failures.append(f"sequences are not 1..{size}: missing {missing[:10]}, {len(sequences)} taken")
    left = batch.items.exclude(status__in=[BatchItemStatus.ISSUED, BatchItemStatus.SKIPPED])
    if left.exists():
        failures.append(f"{left.count()} items pending or failed: {list(left.values_list('error', flat=True)[:3])}")
    emailed = CertificateEvent.objects.filter(certificate__in=current, action=CertificateAction.EMAILED)
    per_certificate = emailed.values("certificate_id").annotate(n=Count("pk"))
    if emailed.count() != size or any(row["n"] != 1 for row in per_certificate):
        failures.append(f"{emailed.count()} EMAILED events for {size} certificates (one each expected)")
    return failures


def main():
    args = parse_args()
    with Stack("fault_worker_kill", redis_db=11) as stack:
        stack.env.update(
            TASKS_BACKEND="rq",
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        )
        stack.create_database()
        stack.redis("FLUSHDB")
        log(f"database {stack.database}: migrate…")
        stack.manage("migrate", "--noinput", "--verbosity", "0")
        stack.setup_django()
        logging.getLogger("wagtail.frontendcache").setLevel(logging.CRITICAL)  # no Varnish here to purge
        from courses.certificates import bulk

        course = cohort(args.participants)
        log(f"{args.participants} participants completed; starting the batch and a worker")
        batch = bulk.start_batch(course, None)
        worker = start_worker(stack, "rqworker-1")
        started = time.monotonic()
        _status, progress = wait(
            batch, lambda s, p: p["done"] >= args.kill_after, args.timeout, f"{args.kill_after} items"
        )
        horses = kill_worker(worker)
        status, progress = counts(batch)
        log(
            f"kill -9 worker {worker.pid} and work horse {horses} after {time.monotonic() - started:.1f} s: batch {status}, {progress}"
        )
        if progress["remaining"] == 0:
            raise SystemExit("FAIL: the batch finished before the kill; use a larger --participants")

        start_worker(stack, "rqworker-2")
        log(f"second worker started; waiting {STALL_WAIT} s for the batch to count as stalled")
        time.sleep(STALL_WAIT)
        status, progress = counts(batch)
        if progress["remaining"] == 0:
            raise SystemExit("FAIL: the batch moved on without being resumed (who ran it?)")
        resumed = stack.manage("resume_certificate_batches", capture=True)
        log(f"resume_certificate_batches: {resumed.strip() or '(nothing)'}")
        status, progress = wait(batch, lambda s, p: s == "done", args.timeout, "DONE")
        log(f"batch {status} after {time.monotonic() - started:.1f} s: {progress}")

        failures = check(course, batch, args.participants)
        # A second run of the command leaves a finished batch alone.
        again = stack.manage("resume_certificate_batches", capture=True)
        if again.strip():
            failures.append(f"a finished batch was resumed again: {again.strip()}")
        if failures:
            log(stack.log_tail("rqworker-2.log"))
            for failure in failures:
                log(f"FAIL: {failure}")
            sys.exit(1)
        log(
            f"OK: {args.participants} enrolments, one current certificate each, numbers 1..{args.participants}, "
            "no pending or failed items, each e-mailed once"
        )


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as error:
        sys.exit(f"FAIL: {error}")

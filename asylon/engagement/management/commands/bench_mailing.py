"""Benchmark of the mailing queue: queue a mailing to N subscribers, send it with two real
`db_worker` processes at the configured rate, kill one in the middle, resume, and count
duplicates.

Run it on a throwaway database, never on production:

    export DATABASE_URL=sqlite:////tmp/bench.sqlite3
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python manage.py bench_mailing --subscribers 100000 --rate 6000 --seconds 40
"""

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from asylon.core.models import Organisation, OrganisationKind
from asylon.engagement import addresses
from asylon.engagement.models import (
    Delivery,
    DeliveryStatus,
    Mailing,
    MailingList,
    Subscriber,
    Subscription,
)
from asylon.engagement.services import mailings


class Command(BaseCommand):
    help = "Queue a mailing to N subscribers and send it with two db_worker processes."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=100_000)
        parser.add_argument("--rate", type=int, default=6000, help="messages per minute")
        parser.add_argument("--batch", type=int, default=200)
        parser.add_argument("--seconds", type=int, default=40, help="how long the workers send")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--queue-runs", type=int, default=3,
                            help="queue the mailing this many times (fresh each) for a median")
        parser.add_argument("--no-kill", action="store_true")

    def handle(self, *args, **o):
        if "sqlite" in connection.vendor and ":memory:" in str(connection.settings_dict["NAME"]):
            raise SystemExit("needs a file database shared with the workers")
        org = Organisation.objects.create(name=f"Benchmark {timezone.now():%H%M%S}",
                                          kind=OrganisationKind.NGO, country="NL")
        mailing_list = MailingList.objects.create(organisation=org, name="Benchmark list")
        started = time.perf_counter()
        self._subscribers(org, mailing_list, o["subscribers"])
        self.stdout.write(f"setup: {o['subscribers']:,} confirmed subscribers in "
                          f"{time.perf_counter() - started:.1f} s")

        queue_times = []
        mailing = None
        with override_settings(ENGAGEMENT_SEND_RATE_PER_MINUTE=o["rate"],
                               ENGAGEMENT_BATCH_SIZE=o["batch"]):
            for run in range(o["queue_runs"]):
                if mailing is not None:  # an earlier run: drop it, keep the last for sending
                    Delivery.objects.filter(mailing=mailing).delete()
                    self._drop_tasks()
                    mailing.delete()
                mailing = mailings.mailing_create(
                    organisation=org, actor=None, name=f"Benchmark {run}",
                    mailing_list=mailing_list,
                    contents={"en": ("Benchmark", "Hello,\n\nthis is a benchmark."),
                              "nl": ("Benchmark", "Hallo,\n\ndit is een benchmark.")})
                t0 = time.perf_counter()
                total = mailings.mailing_queue(mailing=mailing, actor=None)
                queue_times.append(time.perf_counter() - t0)
        batches = -(-total // o["batch"])
        self.stdout.write(f"queue: {total:,} recipients, {batches} batch tasks; "
                          f"median {statistics.median(queue_times):.1f} s over "
                          f"{len(queue_times)} runs ({', '.join(f'{t:.1f}' for t in queue_times)})")

        log = tempfile.NamedTemporaryFile(prefix="bench-mail-", suffix=".log", delete=False).name
        env = {**os.environ, "EMAIL_BACKEND": "asylon.engagement.bench_backend.RecipientLogBackend",
               "ENGAGEMENT_BENCH_LOG": log, "ENGAGEMENT_SEND_RATE_PER_MINUTE": str(o["rate"]),
               "ENGAGEMENT_BATCH_SIZE": str(o["batch"]), "DEBUG": "0",
               "SECURE_SSL_REDIRECT": "false", "LOG_LEVEL": "WARNING"}
        command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
                   "--interval", "0.5", "-v", "0"]
        workers = [subprocess.Popen(command + ["--worker-id", f"bench-{i}"], env=env)
                   for i in range(o["workers"])]
        # Workers need a few seconds to start on a busy machine: time from the first message.
        wait_until = time.perf_counter() + 120
        while time.perf_counter() < wait_until and not os.path.getsize(log):
            time.sleep(0.2)
        t0 = time.perf_counter()
        start_lines = 0
        killed = False
        while time.perf_counter() - t0 < o["seconds"]:
            time.sleep(0.5)
            if not o["no_kill"] and not killed and time.perf_counter() - t0 > o["seconds"] / 2:
                workers[0].send_signal(signal.SIGKILL)  # in the middle of a batch
                workers[0].wait()
                killed = True
                workers[0] = subprocess.Popen(command + ["--worker-id", "bench-0b"], env=env)
        elapsed = time.perf_counter() - t0
        for worker in workers:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        lines = open(log, encoding="utf-8").read().split()
        measured = len(lines) - start_lines
        counts = Counter(lines)
        duplicates = sum(n - 1 for n in counts.values() if n > 1)
        sent_rows = Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count()
        stuck = Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENDING).count()
        self.stdout.write(
            f"send: {measured:,} messages handed to the mail backend in {elapsed:.1f} s by "
            f"{o['workers']} workers = {measured / elapsed * 60:,.0f}/min "
            f"(configured {o['rate']:,}/min){'; one worker SIGKILLed half-way and replaced' if killed else ''}")
        self.stdout.write(f"       rows marked sent: {sent_rows:,}; left 'sending' by the killed "
                          f"workers: {stuck}; recipients mailed twice: {duplicates}")
        interrupted_now = timezone.now() + mailings.STALE_CLAIM * 2
        mailings.mailings_resume(now=interrupted_now)
        interrupted = Delivery.objects.filter(mailing=mailing,
                                              status=DeliveryStatus.INTERRUPTED).count()
        self.stdout.write(f"resume: {interrupted} row(s) marked interrupted (not re-sent); "
                          f"{Delivery.objects.filter(mailing=mailing, status='pending').count():,} "
                          "still pending for later batches")
        Delivery.objects.filter(mailing__organisation=org).delete()
        self._drop_tasks()
        Mailing.objects.filter(organisation=org).delete()
        Subscription.objects.filter(mailing_list=mailing_list).delete()
        Subscriber.objects.filter(organisation=org).delete()
        mailing_list.delete()
        os.unlink(log)
        if duplicates:
            raise SystemExit("FAILED: someone was mailed twice")

    def _subscribers(self, org, mailing_list, n):
        now = timezone.now()
        chunk = 5000
        for start in range(0, n, chunk):
            rows = []
            for i in range(start, min(n, start + chunk)):
                email = f"bench{i}@example.org"
                rows.append(Subscriber(organisation=org, email=email,
                                       email_hash=addresses.digest(email),
                                       language="nl" if i % 3 else "en", country="NL"))
            Subscriber.objects.bulk_create(rows)
        ids = Subscriber.objects.filter(organisation=org).values_list("pk", flat=True)
        batch = []
        for pk in ids.iterator(chunk_size=chunk):
            batch.append(Subscription(mailing_list=mailing_list, subscriber_id=pk,
                                      status="confirmed", confirmed_at=now, source="benchmark"))
            if len(batch) >= chunk:
                Subscription.objects.bulk_create(batch)
                batch = []
        Subscription.objects.bulk_create(batch)

    def _drop_tasks(self):
        from django_tasks_db.models import DBTaskResult
        DBTaskResult.objects.filter(task_path__endswith="send_mailing_batch").delete()

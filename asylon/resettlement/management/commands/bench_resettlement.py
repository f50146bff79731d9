"""Benchmark: a placement run of N households over M offers through the job queue, and the
proposal page it gives. Run it on a scratch database:

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 manage.py bench_resettlement
"""

import random
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from asylon.core.models import OrganisationKind
from asylon.core.roles import Role
from asylon.core.services import membership_add, organisation_create
from asylon.people import services as people
from asylon.resettlement import services
from asylon.resettlement.models import (
    Offer,
    OfferCapacity,
    OfferStatus,
    PlacementRun,
    ResettlementCase,
    RunStatus,
    Stage,
    Track,
)


class Command(BaseCommand):
    help = "Time a placement run (N households over M offers) from the job queue and its page."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=1000)
        parser.add_argument("--offers", type=int, default=100)
        parser.add_argument("--time-limit", type=float, default=10.0)
        parser.add_argument("--renders", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--page-only", action="store_true",
                            help="Only time the proposal page of the latest benchmark run.")

    def handle(self, *args, **o):
        if o["page_only"]:
            run = PlacementRun.objects.filter(organisation__name__startswith="Bench agency",
                                              status=RunStatus.DONE).latest("created_at")
            return self._page(run, run.started_by.user, o["renders"])
        rng = random.Random(o["seed"])
        stamp = timezone.now().strftime("%H%M%S")
        agency = organisation_create(name=f"Bench agency {stamp}",
                                     kind=OrganisationKind.GOVERNMENT_AGENCY, country="BE")
        from asylon.core.models import User
        user = User.objects.create_user(f"bench-{stamp}@bench.test", "bench-password-123")
        officer = membership_add(user=user, organisation=agency,
                                 role=Role.RESETTLEMENT_OFFICER)
        user.active_membership = officer
        user.save(update_fields=["active_membership"])
        programme = services.programme_year_create(actor=officer, year=2026,
                                                   quota=o["households"] * 3)
        started = time.monotonic()
        cases = self._cases(officer, programme, o["households"], rng)
        offers = self._offers(officer, cases, o["offers"], rng)
        self.stdout.write(f"set-up: {len(cases)} households, {len(offers)} offers in "
                          f"{time.monotonic() - started:.1f} s")

        # The UI's path: run_start enqueues the job; a database worker runs it.
        with override_settings(TASKS={"default": {
                "BACKEND": "django_tasks_db.DatabaseBackend"}}):
            from django_tasks import task_backends
            task_backends._settings = None  # read the override
            if hasattr(task_backends, "_backends"):
                task_backends._backends = {}
            t0 = time.monotonic()
            run = services.run_start(actor=officer, cases=cases, offers=offers,
                                     time_limit=o["time_limit"])
            call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
            wall = time.monotonic() - t0
        run = PlacementRun.objects.get(pk=run.pk)
        if run.status != RunStatus.DONE:  # the worker used another backend: run inline
            services.run_execute(run_id=run.pk)
            run = PlacementRun.objects.get(pk=run.pk)
        s = run.summary
        self.stdout.write(f"run: status {run.status}, {s['placed']}/{s['households']} placed, "
                          f"engine {s['status']} gap {s['gap']:.2e}, solve {s['seconds']} s, "
                          f"start to proposal {wall:.1f} s (queue + worker + engine)")
        fcfs = s["fcfs"]["outcome"]
        self.stdout.write(f"outcome {s['outcome']:.1f} vs first-come-first-served "
                          f"{fcfs:.1f} ({100 * (s['outcome'] - fcfs) / fcfs:+.1f}%)")

        self._page(run, user, o["renders"])

    def _page(self, run, user, renders):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from asylon.core.test_clients import verified_client
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = verified_client(user, device)
        url = f"/resettlement/runs/{run.uuid}/"
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            self._render(client, url, renders, run)

    def _render(self, client, url, renders, run):
        client.get(url, secure=True)  # warm caches and templates
        times, queries = [], 0
        for _ in range(renders):
            with CaptureQueriesContext(connection) as captured:
                t = time.monotonic()
                response = client.get(url, secure=True)
                times.append(time.monotonic() - t)
            assert response.status_code == 200, response.status_code
            queries = len(captured)
        self.stdout.write(f"proposal page: median {1000 * statistics.median(times):.0f} ms "
                          f"over {renders} renders ({', '.join(f'{1000 * t:.0f}' for t in times)} ms), "
                          f"{queries} queries, {len(response.content) // 1024} KiB, "
                          f"{run.summary.get('households')} households in the run")

    def _cases(self, officer, programme, n, rng):
        households = []
        for i in range(n):
            household = people.household_create(actor=officer, name=f"Bench household {i}")
            people.person_register(actor=officer, given_name=f"Bench {i}", birth_year=1990,
                                   languages=rng.choice(["Arabic", "Dari", "Tigrinya",
                                                         "French", "Somali"]),
                                   household=household, relationship="head")
            households.append(household)
        sizes = [max(1, min(10, round(rng.lognormvariate(0.9, 0.55)))) for _ in range(n)]
        ResettlementCase.objects.bulk_create(
            ResettlementCase(organisation_id=officer.organisation_id, programme_year=programme,
                             household=h, reference=f"B-{i:05d}", stage=Stage.ACCEPTED,
                             stage_since=timezone.localdate(), persons=size,
                             needs=(["medical"] if rng.random() < 0.14 else [])
                             + (["wheelchair"] if rng.random() < 0.03 else []))
            for i, (h, size) in enumerate(zip(households, sizes, strict=True)))
        return list(ResettlementCase.objects.filter(programme_year=programme)
                    .order_by("reference"))

    def _offers(self, officer, cases, m, rng):
        persons = sum(c.persons for c in cases)
        weights = [rng.lognormvariate(0, 0.5) for _ in range(m)]
        total = sum(weights)
        offers = Offer.objects.bulk_create(
            Offer(organisation_id=officer.organisation_id, partner_name=f"Bench partner {j}",
                  contact_name="Bench", contact_email=f"p{j}@bench.test",
                  track=Track.FLEXIBLE, status=OfferStatus.APPROVED,
                  unemployment_rate=round(rng.uniform(0.03, 0.12), 3),
                  group_languages=rng.choice(["Arabic", "Dari", "French", ""]))
            for j in range(m))
        rows = []
        for offer, w in zip(offers, weights, strict=True):
            share = w / total
            cap = {"persons": max(2, round(1.15 * persons * share)),
                   "households": max(1, round(1.3 * len(cases) * share)),
                   "medical": rng.randint(0, 3), "wheelchair": rng.randint(0, 1),
                   "school_places": max(1, round(1.3 * persons * share * 0.4)),
                   "large_dwelling": rng.randint(0, 2)}
            rows += [OfferCapacity(offer=offer, dimension=d, amount=a) for d, a in cap.items()]
        OfferCapacity.objects.bulk_create(rows)
        return list(Offer.objects.filter(pk__in=[o.pk for o in offers])
                    .prefetch_related("capacities"))

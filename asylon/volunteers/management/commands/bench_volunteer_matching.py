"""Benchmark: the proposal for many open requests over many volunteers at once.

    manage.py bench_volunteer_matching                  # 1,000 requests, 3,000 volunteers
    manage.py bench_volunteer_matching --requests 200 --volunteers 600 --runs 3

Creates a throwaway organisation (volunteers with certificates, signed agreements and
training, requests for registered persons) inside a transaction that is rolled back at
the end, then times `bulk.propose()` end to end (queries, readiness, scoring, the exact
assignment) and prints the median and the slowest of the runs, with the phases of one run.
"""

import datetime
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from asylon.core import services as core_services
from asylon.core.models import OrganisationKind, User
from asylon.core.roles import Role
from asylon.people import services as people_services
from asylon.volunteers import bulk, selectors
from asylon.volunteers import models as m

LANGUAGES = ["Arabic", "Dutch", "English", "Tigrinya", "Farsi", "Turkish", "Ukrainian",
             "Somali", "French", "Kurdish"]
SLOTS = ["mon-am", "mon-pm", "tue-ev", "wed-pm", "wed-ev", "thu-am", "fri-pm", "sat-am",
         "sat-pm", "sun-pm"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the bulk proposal of volunteers for open requests (figures, not a test)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=1000)
        parser.add_argument("--volunteers", type=int, default=3000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--seed", type=int, default=17)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run(options)
                raise Rollback
        except Rollback:
            self.stdout.write("(throwaway data rolled back)")

    def _run(self, options):
        rng = random.Random(options["seed"])
        started = time.perf_counter()
        actor = self._organisation()
        org = actor.organisation
        today = timezone.localdate()
        locations = [m.Location.objects.create(
            organisation=org, name=f"Bench location {i}", kind=m.LocationKind.RECEPTION,
            latitude=52.0 + rng.random() * 1.4, longitude=4.3 + rng.random() * 2.7)
            for i in range(12)]
        course = m.Course.objects.create(organisation=org, name="Bench course", hours=2,
                                         valid_months=24)
        session = m.TrainingSession.objects.create(
            organisation=org, course=course, place="Online", seats=10_000,
            starts_at=timezone.now() - datetime.timedelta(days=10))
        roles = []
        for i, department in enumerate(m.Department.values):
            role = m.VolunteerRole.objects.create(
                organisation=org, name=f"Bench role {i}", department=department, tasks="-",
                boundaries="No money.", visible_fields=["given_name"], max_clients=3)
            role.required_courses.add(course)
            roles.append(role)
        agreements = {r.pk: m.Agreement.objects.create(organisation=org, role=r, version=1,
                                                       text="-", boundaries="-")
                      for r in roles}
        volunteers = [m.Volunteer(
            organisation=org, full_name=f"Bench volunteer {i}", email=f"bench{i}@example.org",
            languages=", ".join(rng.sample(LANGUAGES, 2)), availability=rng.sample(SLOTS, 4),
            max_travel_km=rng.choice([15, 30, 60]), location=rng.choice(locations),
            role=rng.choice(roles), stage=m.Stage.ACTIVE, started_on=today)
            for i in range(options["volunteers"])]
        m.Volunteer.objects.bulk_create(volunteers, batch_size=1000)
        volunteers = list(m.Volunteer.objects.filter(organisation=org))
        m.Certificate.objects.bulk_create([m.Certificate(
            organisation=org, volunteer=v, profile="general", status="issued",
            requested_on=today, issued_on=today, valid_until=today + datetime.timedelta(days=900))
            for v in volunteers if rng.random() < .92], batch_size=1000)
        m.Signature.objects.bulk_create([m.Signature(volunteer=v, agreement=agreements[v.role_id])
                                         for v in volunteers], batch_size=1000)
        m.Enrolment.objects.bulk_create([m.Enrolment(
            session=session, volunteer=v, status="attended", completed_on=today,
            expires_on=today + datetime.timedelta(days=700))
            for v in volunteers if rng.random() < .95], batch_size=1000)
        requests = []
        for i in range(options["requests"]):
            person = people_services.person_register(actor=actor, given_name=f"Bench{i}",
                                                     family_name="Client")
            requests.append(m.SupportRequest(
                organisation=org, person_id=person.pk, role=rng.choice(roles),
                location=rng.choice(locations), language=rng.choice(LANGUAGES[:6]),
                availability=rng.sample(SLOTS, 2) if rng.random() < .5 else []))
        m.SupportRequest.objects.bulk_create(requests, batch_size=1000)
        self.stdout.write(f"set-up: {options['volunteers']:,} volunteers, "
                          f"{options['requests']:,} open requests, {len(locations)} locations, "
                          f"{len(roles)} roles ({time.perf_counter() - started:.1f} s)")

        timings = []
        for _ in range(options["runs"]):
            t0 = time.perf_counter()
            proposal = bulk.propose(membership=actor)
            timings.append(time.perf_counter() - t0)
        self.stdout.write(f"bulk proposal, {options['runs']} runs: median "
                          f"{statistics.median(timings):.2f} s, slowest {max(timings):.2f} s")
        self.stdout.write(f"  matched {len(proposal.pairs):,} of {len(proposal.requests):,} "
                          f"requests; {proposal.edges:,} eligible pairs of "
                          f"{len(proposal.requests) * len(proposal.volunteers):,}")
        # Phases of one run.
        t0 = time.perf_counter()
        read = bulk._read(actor, None)
        t1 = time.perf_counter()
        problem = bulk._problem(*read)
        t2 = time.perf_counter()
        bulk.candidate_edges(problem)
        t3 = time.perf_counter()
        bulk.assign(problem)
        t4 = time.perf_counter()
        bulk.load_objects(membership=actor, proposal=proposal)
        t5 = time.perf_counter()
        self.stdout.write(f"  phases: read and readiness {t1 - t0:.2f} s, arrays {t2 - t1:.2f} s, "
                          f"eligible pairs {t3 - t2:.2f} s, pairs + exact assignment "
                          f"{t4 - t3:.2f} s; the page then loads the proposed pairs' records "
                          f"in {t5 - t4:.2f} s")
        open_requests = list(selectors.requests_open(membership=actor)[:20])
        single = []
        for request in open_requests:
            t0 = time.perf_counter()
            selectors.proposals_for(membership=actor, request=request)
            single.append(time.perf_counter() - t0)
        self.stdout.write(f"one request's proposals (20 requests): median "
                          f"{statistics.median(single) * 1000:.0f} ms")

    def _organisation(self):
        org = core_services.organisation_create(name="Bench volunteer council",
                                                kind=OrganisationKind.NGO, country="NL")
        user = User.objects.create_user("bench-coordinator@example.org", None,
                                        full_name="Bench Coordinator")
        membership = core_services.membership_add(user=user, organisation=org,
                                                  role=Role.COORDINATOR)
        return membership

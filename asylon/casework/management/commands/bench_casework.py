"""Server time and SQL queries of the hot casework endpoints, on the current database.

Requests go through Django's test Client (the whole middleware stack, templates
included, no network). Run after `seed_scale`; `make bench` does both on a throwaway
PostgreSQL.
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from asylon.core.models import Membership
from asylon.core.test_clients import verified_client


def _client_for(user) -> Client:
    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="bench", confirmed=True))
    return verified_client(user, device)


def _measure(fn, repeat: int):
    fn()  # warm up caches, templates, connection
    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, max(queries)


class Command(BaseCommand):
    help = "Print median and 95th-percentile server time and SQL queries per endpoint."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--email", default="caseworker0@scale.test")

    def handle(self, *args, **options):
        # The test Client speaks plain HTTP to "testserver"; production settings would
        # answer with a redirect to HTTPS or a 400.
        from django.conf import settings
        from django.test.utils import override_settings
        storages = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False,
                               STORAGES=storages):
            self.run(options)

    def run(self, options):
        from asylon.casework import digest
        from asylon.casework.models import Case
        from asylon.people.models import Person

        membership = Membership.objects.select_related("user", "organisation").get(
            user__email=options["email"], is_active=True)
        user = membership.user
        client = _client_for(user)
        person = (Person.objects.filter(organisation=membership.organisation, cases__isnull=False)
                  .order_by("pk").first())
        case = Case.objects.filter(organisation=membership.organisation,
                                   responsible=user).order_by("pk").first()
        open_cases = Case.objects.filter(responsible=user, status="open").count()
        persons = Person.objects.filter(organisation=membership.organisation).count()
        self.stdout.write(f"database: {connection.vendor}; organisation has {persons} persons, "
                          f"{Case.objects.filter(organisation=membership.organisation).count()} "
                          f"cases; the benchmark caseworker has {open_cases} open cases")

        def get(url):
            def fn():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            return fn

        endpoints = [
            ("caseload page (mine, sorted by deadline)", get("/cases/")),
            ("caseload page (whole team, page 3)", get("/cases/?owner=all&page=3")),
            ("case page", get(f"/cases/{case.uuid}/")),
            ("person search, fuzzy name (people list)", get("/people/?q=Muhamad+Hadad")),
            ("person page (with casework timeline)", get(f"/people/{person.uuid}/")),
            ("deadline digest (one caseworker)", lambda: digest.render_digest(user)),
        ]
        self.stdout.write(f"{'endpoint':<45} {'median ms':>10} {'p95 ms':>10} {'queries':>8}")
        for name, fn in endpoints:
            median, p95, queries = _measure(fn, options["repeat"])
            self.stdout.write(f"{name:<45} {median:>10.1f} {p95:>10.1f} {queries:>8}")

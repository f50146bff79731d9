"""Server time and SQL queries of every casework and people page, on the current database.

Requests go through Django's test Client (the whole middleware stack, templates
included, no network). Run after `seed_scale`; `make bench` does both on a throwaway
PostgreSQL. Each page is measured `--repeat` times after a warm-up and compared with its
budget (median and 95th percentile); streamed exports also report the time to the first
byte and the memory they held at most. `--save FILE` keeps the figures as JSON and
`--compare SMALL.json LARGE.json` prints the growth from one size to the other.
"""

import json
import statistics
import time
import tracemalloc
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from asylon.core.models import Membership
from asylon.core.test_clients import verified_client

BUDGET_MEDIAN_MS = 200
BUDGET_P95_MS = 400
EXPORT_FIRST_BYTE_MS = 300
EXPORT_30K_ROWS_S = 3.0
GROWTH_LIMIT = 2.0


def _client_for(user) -> Client:
    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="bench", confirmed=True))
    return verified_client(user, device)


def _measure(fn, repeat: int) -> dict:
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
    return {"median_ms": statistics.median(times), "p95_ms": p95, "queries": max(queries)}


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    for _ in (response.streaming_content if response.streaming else ()):
        pass


def _job_profile(client, url) -> dict:
    """A list too long for a download becomes a background job (core.exports): the time
    to the page that follows it, then the job's own time, run here in the foreground."""
    from asylon.core import exports
    from asylon.core.models import ExportJob
    ExportJob.objects.all().delete()
    started = time.perf_counter()
    response = client.get(url)
    first_byte = (time.perf_counter() - started) * 1000
    assert response.status_code == 302 and "/exports/" in response["Location"], url
    job = ExportJob.objects.get()
    started = time.perf_counter()
    exports.export_job_run(job_id=job.pk)
    total = time.perf_counter() - started
    peak = float("nan")  # not traced: tracing would slow the job several-fold
    job.refresh_from_db()
    size = job.file.size if job.file else 0
    return {"first_byte_ms": first_byte, "total_s": total, "rows": job.done, "bytes": size,
            "peak_mb": peak / 1e6, "streamed": False, "job": True}


def _export_profile(client, url) -> dict:
    """Time to the first byte, the whole download and rows (after a warm-up download, so
    imports and caches are not counted), then peak Python memory in a second download:
    tracing memory slows Python several-fold, so it is never on while timing."""
    warm = client.get(url)
    if warm.status_code == 302:
        return _job_profile(client, url)
    for _ in (warm.streaming_content if warm.streaming else ()):
        pass
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    chunks = iter(response.streaming_content if response.streaming else [response.content])
    first = next(chunks, b"")
    first_byte = (time.perf_counter() - started) * 1000
    size, lines = len(first), first.count(b"\n")
    for chunk in chunks:
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.perf_counter() - started
    tracemalloc.start()
    _download(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = max(0, lines - 1) if not url.endswith("xlsx") else _xlsx_rows(client, url)
    return {"first_byte_ms": first_byte, "total_s": total, "rows": rows,
            "bytes": size, "peak_mb": peak / 1e6, "streamed": response.streaming}


def _xlsx_rows(client, url) -> int:
    import io

    from openpyxl import load_workbook
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return sum(1 for _ in sheet.iter_rows()) - 1


class Command(BaseCommand):
    help = "Print median and 95th-percentile server time and SQL queries of every page."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--email", default="caseworker0@scale.test")
        parser.add_argument("--only", default="", help="measure pages whose name contains this")
        parser.add_argument("--save", default="", help="write the figures to this JSON file")
        parser.add_argument("--compare", nargs=2, metavar=("SMALL", "LARGE"),
                            help="print the growth between two saved runs and stop")

    def handle(self, *args, **options):
        if options["compare"]:
            return self.compare(*options["compare"])
        # The test Client speaks plain HTTP to "testserver"; production settings would
        # answer with a redirect to HTTPS or a 400.
        from django.conf import settings
        from django.test.utils import override_settings
        storages = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False,
                               STORAGES=storages):
            self.run(options)

    def pages(self, membership, client):
        from asylon.casework import digest
        from asylon.casework.models import Case, CaseStatus
        from asylon.people.models import Household, Person

        user, org = membership.user, membership.organisation
        person = (Person.objects.filter(organisation=org, cases__isnull=False)
                  .order_by("pk").first())
        case = Case.objects.filter(organisation=org, responsible=user).order_by("pk").first()
        household = (Household.objects.filter(organisation=org).order_by("pk")
                     .values_list("uuid", flat=True).first())
        nationality = (Person.objects.filter(organisation=org).values_list("nationality",
                                                                           flat=True).first())
        monday = case.opened_on  # any week with items; the calendar pages from it

        def get(url):
            def fn():
                response = client.get(url, follow=True)
                assert response.status_code == 200, (url, response.status_code)
                if response.streaming:
                    for _ in response.streaming_content:
                        pass
            return fn

        def post_person():
            response = client.post("/people/register/", {
                "given_name": f"Bench {uuid.uuid4().hex[:8]}", "family_name": "Haddad",
                "sex": "female", "birth_year": "1990", "nationality": "SY",
                "confirm_not_duplicate": "on"})
            assert response.status_code in (200, 302), response.status_code

        def post_note():
            response = client.post(f"/cases/{case.uuid}/notes/",
                                   {"body": "Called back about the interview date."})
            assert response.status_code in (200, 302), response.status_code

        return [
            ("dashboard", get("/")),
            ("person list, page 1 (default sort)", get("/people/")),
            ("person list, page 5", get("/people/?page=5")),
            ("person search, fuzzy name", get("/people/?q=Muhamad+Hadad")),
            ("person search, exact name", get("/people/?q=Omar+Haddad")),
            ("person page (with casework timeline)", get(f"/people/{person.uuid}/")),
            ("person edit form", get(f"/people/{person.uuid}/edit/")),
            ("household page", get(f"/people/households/{household}/") if household
             else None),
            ("household list", get("/people/households/")),
            ("caseload (mine, by deadline)", get("/cases/")),
            ("caseload (team, page 3)", get("/cases/?owner=all&page=3")),
            ("caseload (team, overdue first)", get("/cases/?owner=all&sort=next_deadline")),
            ("caseload (team, by stage)", get("/cases/?owner=all&sort=stage")),
            ("caseload (team, by last contact, page 3)",
             get("/cases/?owner=all&sort=-last_contact_on&page=3")),
            ("caseload, text search", get("/cases/?owner=all&q=Haddad")),
            ("case page", get(f"/cases/{case.uuid}/")),
            ("calendar (mine, one week)", get(f"/cases/calendar/?start={monday}")),
            ("calendar (whole organisation, one week)",
             get(f"/cases/calendar/?start={monday}&who=team")),
            ("calendar (whole organisation, page 3)",
             get(f"/cases/calendar/?start={monday}&who=team&page=3")),
            ("group sessions", get("/cases/sessions/")),
            ("reports page", get("/cases/reports/")),
            ("reports page (a year, cross-tab by location)",
             get(f"/cases/reports/?period={monday.year}&rows=location&columns=type")),
            ("reports CSV", get("/cases/reports/?export=csv")),
            ("deadline digest (one caseworker)", lambda: digest.render_digest(user)),
            ("write: register a person", post_person),
            ("write: add a note to a case", post_note),
        ], [
            ("export: persons CSV, one nationality",
             f"/people/?nationality={nationality}&export=csv"),
            ("export: my open cases XLSX", f"/cases/?status={CaseStatus.OPEN}&export=xlsx"),
            ("export: persons CSV, all", "/people/?export=csv"),
            ("export: team cases CSV", "/cases/?owner=all&export=csv"),
        ]

    def run(self, options):
        from asylon.casework.models import Case
        from asylon.people.models import Person

        membership = Membership.objects.select_related("user", "organisation").get(
            user__email=options["email"], is_active=True)
        client = _client_for(membership.user)
        org = membership.organisation
        persons = Person.objects.filter(organisation=org).count()
        cases = Case.objects.filter(organisation=org).count()
        self.stdout.write(f"database: {connection.vendor}; organisation has {persons} persons, "
                          f"{cases} cases")
        pages, exports = self.pages(membership, client)
        results = {"persons": persons, "cases": cases, "pages": {}, "exports": {}}
        header = (f"{'page':<48} {'median ms':>9} {'p95 ms':>8} {'queries':>7}  budget")
        self.stdout.write(header)
        over = 0
        for name, fn in pages:
            if fn is None or options["only"] not in name:
                continue
            figures = _measure(fn, options["repeat"])
            results["pages"][name] = figures
            ok = (figures["median_ms"] < BUDGET_MEDIAN_MS and figures["p95_ms"] < BUDGET_P95_MS)
            over += not ok
            self.stdout.write(f"{name:<48} {figures['median_ms']:>9.1f} {figures['p95_ms']:>8.1f} "
                              f"{figures['queries']:>7}  {'ok' if ok else 'OVER'}")
        self.stdout.write("")
        self.stdout.write(f"{'export':<48} {'1st byte':>9} {'total s':>8} {'rows':>7} "
                          f"{'peak MB':>8}  budget")
        for name, url in exports:
            if options["only"] not in name:
                continue
            figures = _export_profile(client, url)
            results["exports"][name] = figures
            rate_ok = figures["total_s"] <= EXPORT_30K_ROWS_S * max(1, figures["rows"] / 30_000)
            ok = figures["first_byte_ms"] < EXPORT_FIRST_BYTE_MS and rate_ok
            over += not ok
            self.stdout.write(f"{name:<48} {figures['first_byte_ms']:>9.1f} "
                              f"{figures['total_s']:>8.2f} {figures['rows']:>7} "
                              f"{figures['peak_mb']:>8.1f}  {'ok' if ok else 'OVER'}"
                              f"{' (background job)' if figures.get('job') else ''}")
        self.stdout.write(f"\n{over} over budget (page: median < {BUDGET_MEDIAN_MS} ms, p95 < "
                          f"{BUDGET_P95_MS} ms; export: first byte < {EXPORT_FIRST_BYTE_MS} ms, "
                          f"30,000 rows in < {EXPORT_30K_ROWS_S:.0f} s)")
        if options["save"]:
            with open(options["save"], "w") as out:
                json.dump(results, out, indent=1)

    def compare(self, small_path, large_path):
        try:
            small, large = (json.load(open(p)) for p in (small_path, large_path))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read the saved runs: {error}") from error
        self.stdout.write(f"growth from {small['persons']} to {large['persons']} persons "
                          f"({large['persons'] / max(1, small['persons']):.0f}x data)")
        self.stdout.write(f"{'page':<48} {'small ms':>9} {'large ms':>9} {'growth':>7} "
                          f"{'queries':>9}  limit")
        for name, figures in large["pages"].items():
            before = small["pages"].get(name)
            if not before:
                continue
            growth = figures["median_ms"] / max(0.001, before["median_ms"])
            same = figures["queries"] == before["queries"]
            verdict = "ok" if growth <= GROWTH_LIMIT and same else "OVER"
            self.stdout.write(f"{name:<48} {before['median_ms']:>9.1f} {figures['median_ms']:>9.1f} "
                              f"{growth:>6.1f}x {before['queries']:>4}/{figures['queries']:<4}  "
                              f"{verdict}")

"""Statistics and the fact sheet of one period for many incidents, on the current database.

    manage.py bench_monitoring --incidents 100000 --repeat 3

Creates (once) an organisation "Bench monitoring" with the given number of generated
incidents over 2021-2025, then times, per run: the statistics (query, tables, suppression
with its LP audit), the ACRO output check, and the PDF fact sheet. Prints medians of the
wall-clock time (and of the process's CPU time, which the load of a shared machine
disturbs less), the first run apart (it also imports ACRO, pandas and WeasyPrint, which a
worker process does once), and the machine's load average before and after.
"""

import datetime
import os
import statistics
import time

from django.core.management.base import BaseCommand

from asylon.core.models import Membership, Organisation, OrganisationKind, User
from asylon.core.roles import Role
from asylon.monitoring import factsheet, generate
from asylon.monitoring import statistics as stats
from asylon.monitoring.models import Incident, Publication

START, END = datetime.date(2021, 1, 1), datetime.date(2025, 12, 31)


class Command(BaseCommand):
    help = "Time statistics, ACRO check and fact sheet over many incidents (medians)."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, **options):
        import logging
        for name in ("acro", "weasyprint", "fontTools"):
            logging.getLogger(name).setLevel(logging.WARNING)
        org, _ = Organisation.objects.get_or_create(
            name="Bench monitoring", defaults={"kind": OrganisationKind.NGO, "country": "NL"})
        user, _ = User.objects.get_or_create(email="analyst@bench.test",
                                             defaults={"full_name": "Bench Analyst"})
        analyst, _ = Membership.objects.get_or_create(user=user, organisation=org,
                                                      defaults={"role": Role.ANALYST})
        have = Incident.objects.filter(organisation=org).count()
        if have < options["incidents"]:
            started = time.perf_counter()
            generate.generate(organisation=org, count=options["incidents"] - have, start=START,
                              end=END, seed=have + 1, narratives=False)
            self.stdout.write(f"generated {options['incidents'] - have} incidents in "
                              f"{time.perf_counter() - started:.1f} s")
        total = Incident.objects.filter(organisation=org).count()
        names = ["statistics", "acro", "factsheet", "total"]
        wall = {name: [] for name in names}
        cpu = {name: [] for name in names}
        load_before = os.getloadavg()
        first = None
        for run in range(options["repeat"] + 1):
            marks = [(time.perf_counter(), time.process_time())]
            tables, headline = stats.build_tables(organisation=org, start=START, end=END)
            snapshot = stats.protected_snapshot(tables, headline, 5)
            marks.append((time.perf_counter(), time.process_time()))
            stats.acro_check(tables, snapshot, 5)
            marks.append((time.perf_counter(), time.process_time()))
            publication = Publication(organisation=org, period_start=START, period_end=END,
                                      threshold=5, tables=snapshot, title="Bench")
            pdf = factsheet.render_pdf(publication, "en")
            marks.append((time.perf_counter(), time.process_time()))
            spans = [(marks[k + 1][0] - marks[k][0], marks[k + 1][1] - marks[k][1])
                     for k in range(3)]
            spans.append((marks[3][0] - marks[0][0], marks[3][1] - marks[0][1]))
            if run == 0:
                first = spans
                continue
            for name, (w, c) in zip(names, spans, strict=True):
                wall[name].append(w)
                cpu[name].append(c)
        from django.db import connection
        self.stdout.write(f"database: {connection.vendor}; incidents in the organisation: "
                          f"{total}; counted (verified, consented): {headline['incidents']}; "
                          f"fact sheet {len(pdf) // 1024} KB")
        self.stdout.write(f"load average before {load_before[0]:.2f}, after "
                          f"{os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
        for index, name in enumerate(names):
            values = wall[name]
            self.stdout.write(
                f"{name:>11}: median {statistics.median(values):.2f} s "
                f"(min {min(values):.2f}, max {max(values):.2f}, {len(values)} runs; "
                f"CPU median {statistics.median(cpu[name]):.2f} s; "
                f"first run with imports {first[index][0]:.2f} s)")
        del analyst

"""Recompute every organisation's report figures (nightly, and after a bulk import)."""

import time

from django.core.management.base import BaseCommand

from asylon.casework import report_figures
from asylon.core.models import Organisation


class Command(BaseCommand):
    help = "Recompute the precomputed casework report figures of every organisation."

    def handle(self, *args, **options):
        for organisation in Organisation.objects.filter(is_active=True).order_by("pk"):
            started = time.perf_counter()
            report_figures.refresh(organisation.pk)
            self.stdout.write(f"{organisation.pk:>6} {time.perf_counter() - started:6.2f} s")

from django.core.management.base import BaseCommand
from django.db import transaction

from asylon.casework import tracks


class Command(BaseCommand):
    help = "Add the shipped procedure tracks, stages and deadline rules (never deletes)."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true",
                            help="Reset the terms, counting rules, meeting stages and sources "
                                 "of shipped deadline rules.")

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = tracks.load(overwrite=options["overwrite"])
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} added")

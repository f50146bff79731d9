from django.core.management.base import BaseCommand
from django.db import transaction

from asylon.casework import recompute


class Command(BaseCommand):
    help = ("Recompute running and met deadlines from their rules (after a rule's term, "
            "counting rule or meeting stages changed in the admin) and list what changes. "
            "Lists only, unless --apply.")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Save the changes.")

    def handle(self, *args, **options):
        with transaction.atomic():
            changes = recompute.run(write=options["apply"], upgrade_rules=False)
        recompute.report(changes, out=self.stdout)
        if not changes:
            self.stdout.write("No deadline changes.")
        elif not options["apply"]:
            self.stdout.write("Nothing saved: run again with --apply to save these.")

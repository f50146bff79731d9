"""Delete background export files past their day (each new export job also does it)."""

from django.core.management.base import BaseCommand

from asylon.core import exports


class Command(BaseCommand):
    help = "Delete the files of background exports that have expired."

    def handle(self, *args, **options):
        self.stdout.write(f"{exports.purge_expired()} expired export(s) deleted")

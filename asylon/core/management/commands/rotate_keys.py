from django.core.management.base import BaseCommand

from asylon.core.encrypted_storage import rotate_files
from asylon.core.encryption import rotate_all


class Command(BaseCommand):
    help = ("Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS. "
            "Put the new key first, keep the old one after it, run this, then drop the old key.")

    def handle(self, *args, **options):
        counts = {**rotate_all(), **rotate_files()}
        for label, rows in counts.items():
            self.stdout.write(f"{label}: {rows} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS("rotation complete"))

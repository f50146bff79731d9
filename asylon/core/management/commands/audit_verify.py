from django.core.management.base import BaseCommand, CommandError

from asylon.core.audit import verify_chain


class Command(BaseCommand):
    help = "Prove the audit trail's hash chain intact, or name the first broken entry."

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(f"audit trail broken at entry {result.first_broken_id}: "
                               f"{result.reason} ({result.checked} entries before it are intact)")
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {result.checked} entries"))

from django.core.management.base import BaseCommand

from asylon.casework import digest


class Command(BaseCommand):
    help = "E-mail task and appointment reminders that fell due (run every 15 minutes)."

    def handle(self, *args, **options):
        result = digest.send_reminders()
        self.stdout.write(f"sent {result['reminders']} reminders")

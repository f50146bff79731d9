from django.core.management.base import BaseCommand

from asylon.volunteers.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind coordinators of stalled pipeline steps and volunteers of certificate renewals."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent['renewal']} renewal reminder(s), {sent['digests']} "
                          "coordinator digest(s)")

"""The engagement app's scheduled work; run it every few minutes from cron or a timer.

- lapsed waiting-list offers expire and the seat goes to the next person waiting;
- reminders go out `reminder_hours` before each session.
Each step is safe to run again after an interruption: nothing is sent twice.
"""

from django.core.management.base import BaseCommand

from asylon.engagement import services


class Command(BaseCommand):
    help = "Expire waiting-list offers and send event reminders (run every few minutes)."

    def handle(self, *args, **options):
        expired = services.offers_expire()
        reminded = services.reminders_send()
        self.stdout.write(f"offers expired: {expired}; reminders sent: {reminded}")

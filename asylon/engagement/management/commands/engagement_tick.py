"""The engagement app's scheduled work; run it every few minutes from cron or a timer.

- lapsed waiting-list offers expire and the seat goes to the next person waiting;
- reminders go out `reminder_hours` before each session;
- mailings whose workers stopped are resumed (a row a killed worker held is marked
  interrupted, never sent again);
- the welcome sequence's messages that are due go out;
- SEPA advance notices a stopped worker left unsent are sent;
- subscriber uploads nobody imported within a day are deleted (they hold addresses).
Each step is safe to run again after an interruption: nothing is sent twice.
"""

from django.core.management.base import BaseCommand

from asylon.engagement import services
from asylon.engagement.services import imports, mailings, prenotifications


class Command(BaseCommand):
    help = ("Expire waiting-list offers, send event reminders, resume stopped mailings and "
            "SEPA advance notices, send due welcome messages (run every few minutes).")

    def handle(self, *args, **options):
        expired = services.offers_expire()
        reminded = services.reminders_send()
        resumed = mailings.mailings_resume()
        welcomed = mailings.welcome_send_due()
        notices = prenotifications.prenotifications_resume()
        imports.imports_clean()
        self.stdout.write(f"offers expired: {expired}; reminders sent: {reminded}; "
                          f"mailings resumed: {resumed}; welcome messages sent: {welcomed}; "
                          f"organisations with advance notices resumed: {notices}")

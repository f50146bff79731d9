from django.core.management.base import BaseCommand

from asylon.grants.tasks import send_report_reminders


class Command(BaseCommand):
    help = "Queue the e-mail reminders for grant reports that are due soon or overdue (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="Send at once in this process instead of queueing a job.")

    def handle(self, *args, **options):
        if options["now"]:
            sent = send_report_reminders.call()
            self.stdout.write(f"{sent} reminder(s) sent")
        else:
            result = send_report_reminders.enqueue()
            self.stdout.write(f"reminders queued as job {result.id}")

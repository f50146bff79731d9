from django.core.management.base import BaseCommand

from asylon.casework import digest


class Command(BaseCommand):
    help = ("E-mail every caseworker the deadlines of their open cases in the coming 7 days "
            "(run daily from cron).")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the job for the worker instead of sending now.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            from asylon.casework.tasks import send_deadline_digests
            result = send_deadline_digests.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        result = digest.send_all()
        self.stdout.write(f"sent {result['users']} digests with {result['deadlines']} deadlines")

from django.core.management.base import BaseCommand

from asylon.casework import retention


class Command(BaseCommand):
    help = ("Anonymise closed cases older than each organisation's retention period, and "
            "the person records whose cases are then all anonymised (run nightly from "
            "cron). Cases under a legal hold, and persons with an open case or a legal "
            "hold, are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List what would change and change nothing.")

    def handle(self, *args, **options):
        result = retention.apply(dry_run=options["dry_run"], out=self.stdout.write)
        verb = "would anonymise" if options["dry_run"] else "anonymised"
        self.stdout.write(f"{verb} {result['cases']} cases, {result['persons']} persons; "
                          f"{len(result['persons_kept'])} persons kept")

from django.core.management.base import BaseCommand

from asylon.casework import retention


class Command(BaseCommand):
    help = ("Anonymise closed cases older than each organisation's retention period "
            "(run nightly from cron). Cases under a legal hold are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List what would change and change nothing.")

    def handle(self, *args, **options):
        result = retention.apply(dry_run=options["dry_run"], out=self.stdout.write)
        verb = "would anonymise" if options["dry_run"] else "anonymised"
        self.stdout.write(f"{verb} {result['cases']} cases, {result['persons']} persons")
        for uuid in result["persons_left"]:
            self.stdout.write(f"person {uuid}: all cases anonymised; erase the person record "
                              "from the person page")

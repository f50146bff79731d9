
from django.core.management.base import BaseCommand
from django.db import transaction

from asylon.core import demo
from asylon.core.registry import app_modules


class Command(BaseCommand):
    help = "Create the demo world (organisations, users for every role, each app's demo data)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true",
                            help="Do not print the demo logins.")

    def handle(self, *args, **options):
        world = demo.World()
        with transaction.atomic():
            for config, module in app_modules("demo"):
                module.seed(world)
                self.stdout.write(f"seeded {config.label}")
        if not options["quiet_logins"]:
            self.print_logins(world)

    def print_logins(self, world):
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        self.stdout.write(f"Second factor: add the key {demo.DEMO_TOTP_SECRET_B32} to any "
                          "authenticator app (or run `make demo-code`); recovery codes "
                          "demo0001 … demo0010.")
        for _key, email, _name, org_key, role in demo.USERS:
            self.stdout.write(f"  {role.label:<28} {email:<30} {world.orgs[org_key].name}")
        self.stdout.write(f"  {'Platform operator (/admin/)':<28} root@asylon.demo")

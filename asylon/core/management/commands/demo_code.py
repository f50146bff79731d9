from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from asylon.core.demo import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (demo installations only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code only runs with DEBUG on (a demo installation).")
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX))
        self.stdout.write(f"{totp.token():06d}")

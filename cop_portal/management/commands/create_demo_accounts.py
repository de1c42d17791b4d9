import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cop_portal.dev.demo_accounts import create_demo_accounts


class Command(BaseCommand):
    help = (
        "Create demo accounts (admin, facilitators, focal points, members) with one printed "
        "password. Development only: refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for every demo account (default: a new random one, printed).",
        )

    def handle(self, *args, password=None, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: DEBUG is off.")
        accounts = create_demo_accounts(password=password or secrets.token_urlsafe(9))
        self.stdout.write(f"{len(accounts.emails)} demo accounts, for example:")
        for email in accounts.emails[:3] + accounts.emails[-2:]:
            self.stdout.write(f"  {email}")
        self.stdout.write(
            self.style.SUCCESS(f"Password of every demo account: {accounts.password}")
        )
        self.stdout.write(
            "The admin and the facilitators set up two-step sign-in (an authenticator app) "
            "at their first sign-in."
        )

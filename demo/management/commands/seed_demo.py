from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Role
from core.exceptions import ApplicationError
from demo.builder import DEMO_USERS, build_demo, demo_data_exists


class Command(BaseCommand):
    help = (
        "Build a fictional council with teams, one demo user per role and N children. "
        "The same --seed and --today give the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The date the demo is built around (YYYY-MM-DD); defaults to today.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) when the database already has data.",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data cannot be created with production settings.")
        if options["children"] < 0:
            raise CommandError("--children must be zero or more.")
        if options["if_empty"] and demo_data_exists():
            self.stdout.write("The database already has data; no demo data added.")
        else:
            today = options["today"] or timezone.localdate()
            try:
                result = build_demo(children=options["children"], seed=options["seed"], today=today)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"Built the demo council: {result.children} children, seed {options['seed']}."
                )
            )
        self.stdout.write("\nDemo logins (password: the DEMO_PASSWORD setting, 'demo' by default):")
        for login in DEMO_USERS:
            self.stdout.write(f"  {login.username:<18} {Role(login.role).label}")

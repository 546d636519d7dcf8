"""`python manage.py send_deadline_reminders [--dry-run]`: send today's deadline digests."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from deadlines.models import ReminderStage
from deadlines.reminders import send_digests


class Command(BaseCommand):
    help = (
        "Email each person their digest of deadlines due soon and overdue that they have "
        "not yet been reminded of (--dry-run: print them, send and record nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        result = send_digests(dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for digest in result.digests:
            self.stdout.write(f"{verb} to {digest.user.email}: {digest.subject}")
            for item in digest.items:
                self.stdout.write(
                    f"  {ReminderStage(item.stage).label:<9} {item.due_date.isoformat()}  "
                    f"{item.child_label}  "
                    f"{item.rule_title}"
                )
        if dry_run:
            reminders = sum(len(d.items) for d in result.digests)
            self.stdout.write(
                f"Dry run: {len(result.digests):,} {_people(len(result.digests))} would be "
                f"emailed about {reminders:,} {_deadlines(reminders)}; nothing was sent."
            )
            return
        self.stdout.write(
            f"Emailed {result.users_emailed:,} {_people(result.users_emailed)} about "
            f"{result.reminders_recorded:,} {_deadlines(result.reminders_recorded)}."
        )
        if result.users_failed:
            self.stderr.write(
                f"{result.users_failed:,} {_people(result.users_failed)} could not be emailed; "
                "the next run tries again."
            )


def _people(n: int) -> str:
    return "person" if n == 1 else "people"


def _deadlines(n: int) -> str:
    return "deadline" if n == 1 else "deadlines"

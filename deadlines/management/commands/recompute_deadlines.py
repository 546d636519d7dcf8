"""`python manage.py recompute_deadlines [--child REF]`: recompute deadlines now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from children.models import Child
from deadlines.services import recompute


class Command(BaseCommand):
    help = "Recompute statutory deadlines for every child, or for one (--child REF)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--child", metavar="REF", help="The child's LA reference.")

    def handle(self, *args: Any, **options: Any) -> None:
        child_ids = None
        if options["child"]:
            child = Child.objects.filter(la_reference=options["child"]).first()
            if child is None:
                raise CommandError(f"No child has the reference {options['child']!r}.")
            child_ids = [child.pk]
        result = recompute(child_ids=child_ids)
        self.stdout.write(
            f"Recomputed {result.deadlines:,} deadlines for {result.children:,} "
            f"{'child' if result.children == 1 else 'children'} in {result.seconds:.2f} s "
            f"({result.created:,} new, {result.updated:,} changed)."
        )

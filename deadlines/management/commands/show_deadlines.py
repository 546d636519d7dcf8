"""`python manage.py show_deadlines REF [--json]`: a child's deadlines."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from children.models import Child
from deadlines.selectors import deadlines_for_child


class Command(BaseCommand):
    help = "Print a child's deadlines: rule, due date, status and explanation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The child's LA reference.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        child = Child.objects.filter(la_reference=options["reference"]).first()
        if child is None:
            raise CommandError(f"No child has the reference {options['reference']!r}.")
        rows = [
            {
                "rule": d.rule,
                "title": d.rule_title,
                "occasion": d.key,
                "due_date": d.due_date.isoformat(),
                "status": d.status,
                "met_on": d.met_on.isoformat() if d.met_on else None,
                "met_by": d.met_by or None,
                "explanation": d.explanation,
                "source": d.rule_source,
            }
            for d in deadlines_for_child(child=child)
        ]
        if options["json"]:
            self.stdout.write(
                json.dumps({"child": child.la_reference, "deadlines": rows}, indent=2)
            )
            return
        if not rows:
            self.stdout.write(f"{child.la_reference}: no deadlines.")
        for row in rows:
            self.stdout.write(
                f"{row['due_date']}  {row['status']:<18} {row['title']}: {row['explanation']}"
            )

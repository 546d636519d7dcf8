import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from children.selectors import children_visible_to
from core.dates import long_date
from reporting.ssda903.export import (
    CollectionYear,
    children_looked_after_past_eighteen,
    write_return_with_gaps,
)


class Command(BaseCommand):
    help = (
        "Write the SSDA903 return (Header, Episodes, UASC, Missing, SWEpisodes, PrevPerm, AD1, "
        "PlacedAdoption, Reviews) as CSV for the collection year ending 31 March of --year."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="e.g. 2026 for 2025/26")
        parser.add_argument("--out", type=Path, required=True, help="directory to write into")
        parser.add_argument(
            "--user",
            help="Export only the children this user may see (the same rule as every page). "
            "Without it, the return covers every child: an operator's export.",
        )

    def handle(self, *args, **options):
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be a collection year such as 2026")
        children = None
        if options["user"]:
            try:
                user = User.objects.get(username=options["user"])
            except User.DoesNotExist:
                raise CommandError(f"No user called {options['user']}") from None
            children = children_visible_to(user=user)
        started = time.perf_counter()
        counts, gaps = write_return_with_gaps(year=year, out=options["out"], children=children)
        collection = CollectionYear(year)
        self.stdout.write(
            f"SSDA903 return for {long_date(collection.start)} to {long_date(collection.end)} "
            f"written to {options['out']} in {time.perf_counter() - started:.1f} s"
        )
        for name, count in counts.items():
            self.stdout.write(f"  {name:<16} {count:>7} rows")
        past_eighteen = children_looked_after_past_eighteen(year=year, children=children)
        if past_eighteen:
            self.stdout.write(
                f"Left out: {len(past_eighteen)} children looked after on the record past "
                "their 18th birthday (DfE rule 359): end their care at 18 with its reason"
            )
            for child, eighteen in past_eighteen:
                self.stdout.write(f"  {child.la_reference:<16} 18 on {long_date(eighteen)}")
        workers = gaps.workers_without_registration
        if workers:
            self.stdout.write(
                f"{len(workers)} social worker(s) allocated in the year have no Social Work "
                "England registration number recorded, so their SW_ID is blank (DfE rule "
                "SW02STG1); record it on their account:"
            )
            for worker in workers:
                self.stdout.write(f"  {worker} ({worker.username})")
        if gaps.children_without_sdq:
            self.stdout.write(
                f"{len(gaps.children_without_sdq)} child(ren) in OC2 have no SDQ score or "
                "reason for none in the year (DfE rules 186, 197B); record the SDQ or the "
                "reason on the child's health page: " + ", ".join(gaps.children_without_sdq)
            )

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team, User
from core.exceptions import ApplicationError
from reporting.ssda903.importer import (
    IGNORED,
    REJECTED,
    SKIPPED,
    WARNING,
    ImportResult,
    import_return,
    import_user,
)


class Command(BaseCommand):
    help = (
        "Import an SSDA903 return (CSV tables, found by their header rows) into the care "
        "records. Each child is imported whole or not at all; rejected rows are reported. "
        "Exits 0 even when children are rejected; non-zero only if DIR is missing or holds "
        "no 903 table."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR", help="folder of CSV files")
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="the year the return's collection year ends (2026 for 2025/26); by default "
            "worked out from the dates in the return",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE.csv",
            help="write every rejected, skipped or ignored row and every warning "
            "(file, line, child, reason, outcome) to this CSV file",
        )
        parser.add_argument(
            "--team", help="the team that holds the children imported (by its name)"
        )
        parser.add_argument(
            "--user",
            help="the person running the import, recorded in the history of every row "
            "written (default: the inactive import.ssda903 account)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check and report everything, then roll back: nothing is kept",
        )

    def handle(self, *args, **options):
        team = None
        if options["team"]:
            team = Team.objects.filter(name=options["team"]).first()
            if team is None:
                raise CommandError(f"No team called {options['team']}")
        if options["user"]:
            by = User.objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"No user called {options['user']}")
        else:
            by = import_user()
        try:
            result = import_return(
                directory=options["directory"],
                by=by,
                team=team,
                dry_run=options["dry_run"],
                year=options["year"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if options["report"]:
            write_report(result, options["report"])
        self.summarise(result, options["report"])

    def summarise(self, result: ImportResult, report: Path | None) -> None:
        out = self.stdout.write
        out(
            f"SSDA903 import from {result.directory}"
            + (" (dry run: nothing kept)" * result.dry_run)
        )
        out("Files:")
        for f in result.files:
            what = f"{f.table or '-':<15} {f.rows:>7} rows" if f.table else f"{'-':<15} {'':>12}"
            out(f"  {f.name:<32} {what}  {f.note or 'read'}")
        total = len(result.imported) + len(result.unchanged) + len(result.rejected)
        out(
            f"Children: {total} in the return; {len(result.imported)} imported, "
            f"{len(result.unchanged)} unchanged (already recorded with the same history), "
            f"{len(result.rejected)} rejected"
        )
        if result.reviews_recorded:
            added = len(result.reviews_added_to)
            out(
                f"Reviews recorded: {result.reviews_recorded}"
                + (f" (including reviews for {added} children already recorded)" if added else "")
            )
        if result.care_leaver_records:
            out(
                f"Care-leaver records written from OC3: {result.care_leaver_records} "
                f"(for {len(result.care_leavers)} young people)"
            )
        if result.oc2_records:
            out(
                f"Health and offending records written from OC2: {result.oc2_records} "
                f"(for {len(result.oc2_children)} children)"
            )
        if result.placeholders_created:
            out(
                f"Placeholder social workers created: {len(result.placeholders_created)} "
                f"(inactive accounts import.sw.<SW_ID>)"
            )
        rejected_rows = result.by_outcome(REJECTED)
        distinct = {(i.file, i.line) for i in rejected_rows}
        out(
            f"Rows rejected: {len(distinct)} ({len(rejected_rows)} reasons); "
            "skipped because their child was rejected: "
            f"{len(result.by_outcome(SKIPPED))}; duplicate rows ignored: "
            f"{len(result.by_outcome(IGNORED))}; warnings: {len(result.by_outcome(WARNING))}"
        )
        if rejected_rows:
            out("Top reasons for rejection:")
            for reason, count in result.top_reasons(10):
                out(f"  {count:>6}  {reason}")
        warnings = result.top_reasons(5, outcome=WARNING)
        if warnings:
            out("Top warnings (imported as described):")
            for reason, count in warnings:
                out(f"  {count:>6}  {reason}")
        if report:
            out(f"Every rejection and warning is listed in {report}")
        elif rejected_rows:
            out("Run again with --report FILE.csv for every rejected row with its reason.")
        out(f"Finished in {result.seconds:.1f} s")


def write_report(result: ImportResult, path: Path) -> None:
    """Every issue, in file and line order: rejected, skipped and ignored rows and warnings."""
    issues = sorted(result.issues, key=lambda i: (i.file, i.line or 0, i.child))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "line", "child", "reason", "outcome"])
        for issue in issues:
            writer.writerow(
                [issue.file, issue.line or "", issue.child, issue.reason, issue.outcome]
            )

"""`make bench`: how long the deadline engine takes on a large council, in PostgreSQL.

Builds a throw-away PostgreSQL database (Django's test database machinery:
`test_<name>` for the DATABASE_URL given, which must be a postgres URL; when
DATABASE_URL is unset, postgres://postgres@127.0.0.1:5432/test), fills it with
`build_demo` data (children with realistic care histories: periods of care,
placements, allocations, visits, care plans, reviews, EUSS records) and
measures:

- generation: `build_demo` without its closing recompute, then ANALYZE;
- cold full recompute: every deadline row created, with its history;
- warm full recompute: nothing changed since (the nightly run on a quiet night);
- week-later full recompute: "today" a week on, so that statuses change;
- baseline: a single SQL pass over the same tables. One statement per table,
  the same rows and columns the recompute reads (the children, their open
  periods, the placements of those periods, IRO allocations, care plans, the
  latest visit per child as a MAX, reviews, EUSS records, EU nationalities and
  the stored deadlines), fetched into Python; the statements run back to back
  and their times are summed (median of three passes);
- the ratio of each full recompute to the baseline;
- one child after an edit: a visit recorded through the casework service, then
  `recompute(child_ids=[id])`; median and 95th percentile over 50 children.

Results are printed and written to bench-results/deadlines-postgresql-<N>.json.
Run it as `python -m benchmarks.deadlines --children 100000`.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
TARGET_FULL_SECONDS = 60.0
TARGET_RATIO = 3.0
TARGET_CHILD_MS = 50.0


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        url = DEFAULT_DATABASE_URL
        os.environ["DATABASE_URL"] = url
        print(f"DATABASE_URL is not set: using {url}")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise SystemExit(f"The deadline benchmark runs on PostgreSQL; DATABASE_URL is {url!r}")
    return url


def _baseline_querysets() -> list[tuple[str, Any]]:
    """The recompute's reads (deadlines.facts.load_facts and the stored rows in
    deadlines.services) over every child at once, as querysets."""
    from django.db.models import Max, Min, Q

    from casework.models import CarePlan, Visit
    from children.codes import CARE_ORDERS, EUSS_COUNTRIES
    from children.models import (
        Allocation,
        AllocationKind,
        Child,
        LegalStatusRecord,
        Nationality,
        PeriodOfCare,
        Placement,
    )
    from deadlines.facts import PLACEMENT_COLUMNS
    from deadlines.models import Deadline
    from deadlines.services import COMPARED
    from euss.models import EussRecord
    from reviews.models import Review

    open_periods = PeriodOfCare.objects.filter(end_date__isnull=True)
    earliest = open_periods.aggregate(earliest=Min("start_date"))["earliest"] or date.min
    return [
        ("children", Child.objects.values_list("pk", "date_of_birth")),
        ("open periods", open_periods.values_list("pk", "child_id", "start_date")),
        (
            "placements",
            Placement.objects.filter(period__end_date__isnull=True).values_list(*PLACEMENT_COLUMNS),
        ),
        (
            "care orders",
            LegalStatusRecord.objects.filter(
                period__end_date__isnull=True, code__in=CARE_ORDERS
            ).values_list("child_id", "code", "start_date", "end_date", "order_date"),
        ),
        (
            "IRO allocations",
            Allocation.objects.filter(kind=AllocationKind.IRO)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=earliest))
            .values_list("child_id", "pk", "start_date", "end_date"),
        ),
        (
            "care plans",
            CarePlan.objects.filter(agreed_date__gte=earliest - timedelta(days=28)).values_list(
                "child_id", "pk", "agreed_date"
            ),
        ),
        (
            "latest visits",
            Visit.objects.filter(visit_date__gte=earliest)
            .values("child_id")
            .annotate(last=Max("visit_date"))
            .values_list("child_id", "last"),
        ),
        (
            "reviews",
            Review.objects.filter(period__end_date__isnull=True).values_list(
                "child_id", "pk", "held_on", "next_review_directed_by"
            ),
        ),
        (
            "EUSS records",
            EussRecord.objects.values_list(
                "child_id",
                "pk",
                "status",
                "family_member",
                "coa_date",
                "pre_settled_date",
                "settled_date",
                "residence_start",
                "pre_settled_expiry",
            ),
        ),
        (
            "nationalities",
            Nationality.objects.filter(country__in=EUSS_COUNTRIES).values_list(
                "child_id", flat=True
            ),
        ),
        (
            "deadlines",
            Deadline.objects.values_list("pk", "child_id", "rule", "key", *COMPARED),
        ),
    ]


def _baseline_pass() -> tuple[float, dict[str, int]]:
    """One pass: each table's statement executed and fetched; total seconds and rows."""
    from django.db import connection

    statements = [(name, qs.query.sql_with_params()) for name, qs in _baseline_querysets()]
    rows: dict[str, int] = {}
    total = 0.0
    with connection.cursor() as cursor:
        for name, (sql, params) in statements:
            t0 = time.perf_counter()
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
            total += time.perf_counter() - t0
            rows[name] = len(fetched)
    return total, rows


def _start_share_process(database_name: str) -> None:
    """A process of the shared recompute: Django set up on the benchmark's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = database_name


def _ready(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _recompute_share(ranges: list[tuple[int, int]], today: date):
    from deadlines.services import RecomputeResult, recompute_range

    total = RecomputeResult()
    for lo, hi in ranges:
        part = recompute_range(lo=lo, hi=hi, today=today)
        total.children += part.children
        total.deadlines += part.deadlines
        total.created += part.created
        total.updated += part.updated
    return total


class _SharedRecompute:
    """A full recompute shared between `processes` processes, each taking every
    `processes`-th range of children, as the nightly Celery tasks share it between
    worker processes. The processes are started (spawned, so that none inherits a
    database connection) before the clock starts."""

    def __init__(self, processes: int, database_name: str) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.processes = processes
        self.pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_share_process,
            initargs=(database_name,),
        )
        started = set(self.pool.map(_ready, [1.0] * processes))
        assert len(started) == processes, "every process started"

    def run(self, today: date):
        from deadlines.services import RecomputeResult, full_recompute_ranges

        t0 = time.perf_counter()
        ranges = full_recompute_ranges()
        shares = [ranges[i :: self.processes] for i in range(self.processes)]
        parts = list(self.pool.map(_recompute_share, shares, [today] * self.processes))
        result = RecomputeResult(seconds=time.perf_counter() - t0)
        for part in parts:
            result.children += part.children
            result.deadlines += part.deadlines
            result.created += part.created
            result.updated += part.updated
        return result

    def close(self) -> None:
        self.pool.shutdown()


def _timed_recompute(label: str, today: date, shared: "_SharedRecompute | None" = None) -> dict:
    from deadlines.services import recompute

    result = shared.run(today) if shared else recompute(today=today)
    print(
        f"{label}: {result.seconds:.1f} s ({result.children} children, {result.deadlines} "
        f"deadlines, {result.created} created, {result.updated} updated)"
    )
    return {
        "seconds": round(result.seconds, 2),
        "children": result.children,
        "deadlines": result.deadlines,
        "created": result.created,
        "updated": result.updated,
    }


def _one_child_after_edits(*, samples: int, seed: int, today: date) -> dict:
    """Record a visit to each of `samples` looked-after children (through the casework
    service, triggers suspended so that the recompute is the one timed), then time
    that child's recompute."""
    from django.utils import timezone

    from accounts.models import User
    from casework.services import visit_record
    from children.models import Child, Placement
    from deadlines import triggers
    from deadlines.services import recompute

    visit_day = timezone.localdate()
    # Children not yet visited today (a --reuse run has visited some), so that each
    # visit moves a deadline.
    placed = list(
        Placement.objects.filter(period__end_date__isnull=True, end_date__isnull=True)
        .exclude(child__visits__visit_date=visit_day)
        .order_by("child_id")
        .values_list("child_id", flat=True)
    )
    chosen = random.Random(seed).sample(placed, min(samples, len(placed)))
    worker = User.objects.get(username="social.worker")
    timings, changed = [], 0
    for child in Child.objects.filter(pk__in=chosen).order_by("pk"):
        with triggers.suspended():
            visit_record(
                child=child,
                visit_date=visit_day,
                seen_alone=True,
                bedroom_seen=True,
                visited_by=worker,
                by=worker,
            )
        t0 = time.perf_counter()
        result = recompute(child_ids=[child.pk], today=today)
        timings.append((time.perf_counter() - t0) * 1000)
        changed += result.created + result.updated
    timings.sort()
    return {
        "children": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "max_ms": round(timings[-1], 1),
        "rows_changed": changed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=50, help="children edited one by one")
    parser.add_argument("--profile", help="write a cProfile of the warm full recompute here")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (for --reuse)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the database a --keep run left, without generating it",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for the shared full recomputes (default: one per CPU)",
    )
    args = parser.parse_args()
    processes = args.processes

    _database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from children.models import Child
    from deadlines.models import Deadline
    from demo.builder import build_demo

    setup_test_environment()
    today = date.today()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.reuse, serialize=False
    )
    print(f"Deadline benchmark: {args.children} children in {connection.settings_dict['NAME']}")
    generation_seconds = analyse_seconds = None
    try:
        if args.reuse and Child.objects.exists():
            print("Reusing the generated data (--reuse)")
        else:
            started = time.perf_counter()
            # The demo builder ends with a full recompute; here it is left out and timed
            # on its own below, once the data is committed and analysed.
            with mock.patch("demo.builder.recompute_deadlines"):
                build_demo(children=args.children, seed=args.seed, today=today)
            generation_seconds = time.perf_counter() - started
            t0 = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            analyse_seconds = time.perf_counter() - t0
            print(f"Generated in {generation_seconds:.1f} s (ANALYZE {analyse_seconds:.1f} s)")

        # Cold: every row created (none there yet, or a kept database's removed).
        tables = [Deadline._meta.db_table, Deadline.history.model._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        cold = _timed_recompute("Cold full recompute", today)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
            warm = _timed_recompute("Warm full recompute", today)
            profiler.disable()
            profiler.dump_stats(args.profile)
        else:
            warm = _timed_recompute("Warm full recompute", today)
        week = _timed_recompute("Full recompute a week later", today + timedelta(days=7))

        # The same three, shared between one process per CPU as the nightly Celery
        # tasks share them between worker processes.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        sharing = _SharedRecompute(processes, connection.settings_dict["NAME"])
        try:
            shared = {
                "cold": _timed_recompute(
                    f"Cold full recompute, {processes} processes", today, sharing
                ),
                "warm": _timed_recompute(
                    f"Warm full recompute, {processes} processes", today, sharing
                ),
                "week_later": _timed_recompute(
                    f"Full recompute a week later, {processes} processes",
                    today + timedelta(days=7),
                    sharing,
                ),
            }
        finally:
            sharing.close()

        passes = [_baseline_pass() for _ in range(3)]
        baseline_seconds = statistics.median(p[0] for p in passes)
        baseline_rows = passes[0][1]
        print(f"Baseline, one SQL pass (median of 3): {baseline_seconds:.2f} s")

        one_child = _one_child_after_edits(
            samples=args.samples, seed=args.seed, today=today + timedelta(days=7)
        )
        print(
            f"One child after an edit: median {one_child['median_ms']} ms, "
            f"p95 {one_child['p95_ms']} ms ({one_child['children']} children)"
        )
        children = Child.objects.count()
        deadline_rows = Deadline.objects.count()
        history_rows = Deadline.history.count()
    finally:
        if args.keep:
            print(
                f"Kept the database {connection.settings_dict['NAME']} (--reuse to measure again)"
            )
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    ratios = {
        name: round(run["seconds"] / baseline_seconds, 2)
        for name, run in (("cold", cold), ("warm", warm), ("week_later", week))
    }
    shared_ratios = {
        name: round(run["seconds"] / baseline_seconds, 2) for name, run in shared.items()
    }
    slowest = max(cold["seconds"], warm["seconds"], week["seconds"])
    targets = {
        "full_recompute_under_60_s": slowest < TARGET_FULL_SECONDS,
        "full_recompute_within_3x_baseline_one_process": max(ratios.values()) <= TARGET_RATIO,
        f"full_recompute_within_3x_baseline_{processes}_processes": max(shared_ratios.values())
        <= TARGET_RATIO,
        "one_child_under_50_ms": one_child["median_ms"] < TARGET_CHILD_MS,
    }
    print(f"\nHarbour deadline benchmark: {children} children on PostgreSQL, {os.cpu_count()} CPUs")
    if generation_seconds is not None:
        print(f"{'generation (build_demo, no recompute)':<44} {generation_seconds:>9.1f} s")
    for label, run, ratio in (
        ("cold full recompute (rows created)", cold, ratios["cold"]),
        ("warm full recompute (nothing changed)", warm, ratios["warm"]),
        ("full recompute a week later", week, ratios["week_later"]),
    ):
        print(f"{label:<44} {run['seconds']:>9.1f} s  {ratio:>5.2f}x baseline")
    for name, run in shared.items():
        label = f"{name.replace('_', ' ')}, {processes} processes"
        print(f"{label:<44} {run['seconds']:>9.1f} s  {shared_ratios[name]:>5.2f}x baseline")
    print(f"{'baseline: one SQL pass over the same tables':<44} {baseline_seconds:>9.2f} s")
    print(
        f"{'one child after an edit (median / p95)':<44} "
        f"{one_child['median_ms']:>6.1f} ms / {one_child['p95_ms']} ms"
    )
    print(f"{'deadline rows / history rows':<44} {deadline_rows} / {history_rows}")
    for name, met in targets.items():
        print(f"  target {name}: {'met' if met else 'NOT MET'}")

    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / f"deadlines-postgresql-{args.children}.json").write_text(
        json.dumps(
            {
                "children": children,
                "database": "postgresql",
                "cpus": os.cpu_count(),
                "today": today.isoformat(),
                "generation_seconds": generation_seconds and round(generation_seconds, 1),
                "analyse_seconds": analyse_seconds and round(analyse_seconds, 1),
                "cold_full_recompute": cold,
                "warm_full_recompute": warm,
                "week_later_full_recompute": week,
                "baseline": {
                    "seconds": round(baseline_seconds, 3),
                    "method": "one statement per table, run back to back, times summed; "
                    "median of 3 passes",
                    "rows": baseline_rows,
                },
                "ratio_to_baseline": ratios,
                "shared_between_processes": {
                    "processes": processes,
                    "runs": shared,
                    "ratio_to_baseline": shared_ratios,
                },
                "one_child_after_edit": one_child,
                "deadline_rows": deadline_rows,
                "deadline_history_rows": history_rows,
                "targets": targets,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

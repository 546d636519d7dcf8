"""`make bench`: median response times of Harbour's main pages on generated data.

Builds a throw-away database (Django's test database machinery: `test_<name>`
on PostgreSQL when DATABASE_URL is set, in-memory SQLite otherwise), fills it
with `seed_demo` data at the scale asked for, then requests each page
repeatedly through Django's test client and reports median and 95th percentile
times and query counts. Results are printed and written to bench-results/.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from children.selectors import children_visible_to
    from core.demo import build_demo
    from tests.queries import count_queries

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        build_demo(children=args.children, seed=args.seed, today=date.today())
        build_seconds = time.perf_counter() - started

        def measure(username: str, url: str) -> dict:
            client = Client()
            client.force_login(User.objects.get(username=username))
            client.get(url)  # warm caches and the session
            timings = []
            queries = 0
            for _ in range(args.repeat):
                with count_queries() as counted:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries = counted.count
            timings.sort()
            return {
                "page": url,
                "user": username,
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
                "queries": queries,
            }

        sw = User.objects.get(username="social.worker")
        a_child = children_visible_to(user=sw).order_by("pk").first()
        assert a_child is not None
        results = [
            measure("social.worker", reverse("core:home")),
            measure("social.worker", reverse("children:list")),
            measure("iro.manager", reverse("children:list")),
            measure("iro.manager", reverse("children:list") + "?q=Applebury"),
            measure("team.manager", reverse("core:home")),
            measure("iro.manager", reverse("core:home")),
            measure("team.manager", reverse("children:detail", args=[a_child.pk])),
        ]
        import tempfile

        from reporting.ssda903.export import write_return

        with tempfile.TemporaryDirectory() as export_dir:
            export_times = []
            for _ in range(3):
                t0 = time.perf_counter()
                counts = write_return(
                    year=date.today().year + (date.today().month > 3), out=Path(export_dir)
                )
                export_times.append(time.perf_counter() - t0)
        export_seconds = statistics.median(export_times)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    vendor = connection.vendor
    print(f"\nHarbour benchmark: {args.children} children on {vendor}, {args.repeat} requests each")
    print(f"Demo data built in {build_seconds:.1f} s\n")
    print(f"{'page':<34} {'as':<14} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for r in results:
        page, user = r["page"], r["user"]
        print(f"{page:<34} {user:<14} {r['median_ms']:>10} {r['p95_ms']:>8} {r['queries']:>8}")
    print(
        f"\nexport_ssda903 (median of 3): {export_seconds:.2f} s for "
        f"{counts['Header']} children, {counts['Episodes']} episodes"
    )
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / f"pages-{vendor}-{args.children}.json").write_text(
        json.dumps(
            {
                "children": args.children,
                "database": vendor,
                "results": results,
                "export_seconds": round(export_seconds, 2),
                "export_rows": counts,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: response times of every page each demo role reaches, on generated data.

Builds a throw-away PostgreSQL database (Django's test database machinery:
`test_<name>` for the DATABASE_URL given, as benchmarks/deadlines.py does), fills it
with `build_demo` data at the scale asked for, then requests each page
repeatedly through Django's test client and reports its median and 95th
percentile times, its query count and its median's ratio to the floor: the
static accessibility page, measured in the same run (a few requests between every
two pages, so that a busy machine slows both alike).

The pages are found as a person finds them. For each demo user: every item of
their service navigation (home/navigation.py) and their home page; every page
their home page links to; and a child's pages: the first child a navigation
page or the home page links to, and every page of that child's record linked
from it that is for reading (a page with no form that posts is a section of
the record; a form to change it is not measured). A new navigation item, home
page link or record section is measured without changing this file.

`--keep` leaves the database in place after the run, and `--reuse` measures
again on a kept one without building it (its migrations are applied first), as
the 10,000-child demo takes minutes to build. Results are printed and written
to bench-results/pages-<vendor>-<children>.json.
"""

import argparse
import json
import logging
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Links that are not pages to read: signing out, downloads, the admin's inner pages.
SKIPPED = re.compile(r"^/(accounts/|static/|media/|api/|admin/.)|\.(csv|pdf)$|format=csv")
# A page of one child's record: its first run of digits is the child's id.
CHILD_PAGE = re.compile(r"^/(?:[\w-]+/)*children/(\d+)/")


class _Links(HTMLParser):
    """The same-site links in a page's main content (not its header, navigation or
    footer), and whether the page has a form that posts."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.posts = False
        self.in_main = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag == "a" and (href := values.get("href")) and href.startswith("/"):
            parts = urlsplit(href)
            url = parts.path + (f"?{parts.query}" if parts.query else "")
            if not SKIPPED.search(url) and url not in self.links:
                self.links.append(url)
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self.posts = True


def _parse(html: bytes) -> _Links:
    parser = _Links()
    parser.feed(html.decode("utf-8", "replace"))
    return parser


@dataclass
class Page:
    user: str
    kind: str
    url: str
    timings: list[float] = field(default_factory=list)
    queries: int = 0

    def result(self, floor: float | None) -> dict[str, Any]:
        timings = sorted(self.timings)
        median = statistics.median(timings)
        p95 = timings[max(0, int(round(len(timings) * 0.95)) - 1)]
        return {
            "user": self.user,
            "kind": self.kind,
            "page": self.url,
            "requests": len(timings),
            "median_ms": round(median, 1),
            "p95_ms": round(p95, 1),
            "queries": self.queries,
            "x_floor": round(median / floor, 1) if floor else None,
        }


def _kind_of(url: str) -> tuple[str, str]:
    """A page's view and query string, whatever the ids in its path."""
    from django.urls import resolve

    parts = urlsplit(url)
    return resolve(parts.path).view_name, parts.query


def _pages_for(client: Any, username: str) -> list[Page]:
    """The pages `username` reaches: navigation, home page links, one child's record."""
    from django.urls import reverse

    from accounts.models import User
    from home.navigation import navigation_for

    user = User.objects.get(username=username)
    pages: dict[str, Page] = {}

    def add(kind: str, url: str) -> None:
        pages.setdefault(url, Page(username, kind, url))

    home = reverse("core:home")
    add("home", home)
    nav = [item.url for item in navigation_for(user=user)]
    for url in nav:
        if url != home:
            add("navigation", url)
    links_by_page = {}
    for url in list(pages):
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            links_by_page[url] = _parse(response.content).links
    # One page of each kind the home page links to: one IRO's caseload stands for all.
    kinds = {_kind_of(url) for url in pages}
    for url in links_by_page.get(home, []):
        if not CHILD_PAGE.match(url) and _kind_of(url) not in kinds:
            kinds.add(_kind_of(url))
            add("from home", url)
    # The child: the first one a page already found links to.
    child_id = next(
        (
            m.group(1)
            for links in links_by_page.values()
            for url in links
            if (m := CHILD_PAGE.match(url))
        ),
        None,
    )
    if child_id is None:
        return list(pages.values())
    first = next(
        url
        for links in links_by_page.values()
        for url in links
        if (m := CHILD_PAGE.match(url)) and m.group(1) == child_id
    )
    record = reverse("children:detail", args=[int(child_id)])
    start = record if client.get(record).status_code == 200 else first
    to_visit, seen = [start], {start}
    while to_visit:
        url = to_visit.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parsed = _parse(response.content)
        if parsed.posts and url != start:
            continue  # a form, not a section of the record
        add("child", url)
        for link in parsed.links:
            m = CHILD_PAGE.match(link)
            if m and m.group(1) == child_id and link not in seen and "?" not in link:
                seen.add(link)
                to_visit.append(link)
    return list(pages.values())


def _measure(client: Any, page: Page, repeat: int, budget_s: float) -> None:
    """`repeat` requests, or fewer (at least three) when they take more than `budget_s`."""
    from tests.queries import count_queries

    client.get(page.url)  # warm caches and the session
    started = time.perf_counter()
    for i in range(repeat):
        with count_queries() as counted:
            t0 = time.perf_counter()
            response = client.get(page.url)
            page.timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (page.user, page.url, response.status_code)
        page.queries = counted.count
        if i >= 2 and time.perf_counter() - started > budget_s:
            break


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    parser.add_argument(
        "--budget", type=float, default=15.0, help="seconds per page before it stops at 3"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="leave the database in place")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the database a --keep run left, when it has --children children",
    )
    parser.add_argument("--only", default="", help="measure only pages whose URL contains this")
    parser.add_argument("--users", default="", help="comma-separated demo usernames")
    parser.add_argument("--no-export", action="store_true", help="skip the SSDA903 export")
    args = parser.parse_args()

    from benchmarks.deadlines import _database_url

    _database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from children.models import Child
    from demo.builder import DEMO_USERS, build_demo

    setup_test_environment()
    # A partner is refused the child's full record (404) before their section is found.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    old_name = connection.settings_dict["NAME"]
    keepdb = args.reuse
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=keepdb, serialize=False
    )
    build_seconds = None
    results: list[dict[str, Any]] = []
    export: dict[str, Any] | None = None
    try:
        existing = Child.objects.count()
        if keepdb and existing == args.children:
            print(f"Reusing {connection.settings_dict['NAME']}: {existing} children (--reuse)")
        else:
            if existing:
                connection.creation.destroy_test_db(old_name, verbosity=0)
                connection.creation.create_test_db(
                    verbosity=0, autoclobber=True, keepdb=False, serialize=False
                )
            started = time.perf_counter()
            build_demo(children=args.children, seed=args.seed, today=date.today())
            with connection.cursor() as cursor:
                # As autovacuum would: statistics, and the visibility map index-only
                # scans need.
                cursor.execute("VACUUM ANALYZE")
            build_seconds = time.perf_counter() - started
            print(f"Demo data built in {build_seconds:.1f} s")

        usernames = [u.username for u in DEMO_USERS]
        if args.users:
            usernames = [u for u in usernames if u in args.users.split(",")]
        floor = Page("social.worker", "floor", reverse("core:accessibility"))
        pages = [floor]
        clients = {}
        for username in usernames:
            client = Client()
            client.force_login(User.objects.get(username=username))
            clients[username] = client
            pages += [p for p in _pages_for(client, username) if args.only in p.url]
        clients[floor.user] = clients.get(floor.user) or Client()
        print(f"Measuring {len(pages)} pages, up to {args.repeat} requests each")
        for page in pages:
            _measure(clients[page.user], page, args.repeat, args.budget)
            # The floor is sampled between every two pages, so that it shares their
            # conditions (a busy machine slows both) and the ratio stays comparable.
            if page is not floor:
                _measure(clients[floor.user], floor, 3, args.budget)
        floor_ms = statistics.median(floor.timings)
        results = [page.result(floor_ms) for page in pages]

        if not args.no_export:
            export = _export()
    finally:
        if args.keep or args.reuse:
            print(
                f"Kept the database {connection.settings_dict['NAME']} (--reuse to measure again)"
            )
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    vendor = connection.vendor
    load = os.getloadavg()
    print(
        f"\nHarbour benchmark: {args.children} children on {vendor}, up to {args.repeat} "
        f"requests a page; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"Floor (the accessibility page): {floor_ms:.1f} ms\n")
    print(
        f"{'as':<17} {'kind':<11} {'page':<60} {'median ms':>9} {'p95 ms':>8} "
        f"{'queries':>7} {'× floor':>7}"
    )
    for r in results:
        print(
            f"{r['user']:<17} {r['kind']:<11} {r['page']:<60} {r['median_ms']:>9} "
            f"{r['p95_ms']:>8} {r['queries']:>7} {r['x_floor']:>7}"
        )
    slowest = max(results, key=lambda r: r["median_ms"])
    print(f"\nSlowest: {slowest['page']} as {slowest['user']}, {slowest['median_ms']} ms")
    if export:
        print(
            f"export_ssda903 (median of 3): {export['seconds']:.2f} s for "
            f"{export['rows']['Header']} children, {export['rows']['Episodes']} episodes"
        )
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / f"pages-{vendor}-{args.children}.json").write_text(
        json.dumps(
            {
                "children": args.children,
                "database": vendor,
                "load_average": load,
                "build_seconds": build_seconds,
                "floor_ms": round(floor_ms, 2),
                "results": results,
                "export": export,
            },
            indent=2,
        )
    )
    return 0


def _export() -> dict[str, Any]:
    """The SSDA903 return written three times: its median time and row counts."""
    import tempfile

    from reporting.ssda903.export import write_return

    today = date.today()
    with tempfile.TemporaryDirectory() as export_dir:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            counts = write_return(year=today.year + (today.month > 3), out=Path(export_dir))
            times.append(time.perf_counter() - t0)
    return {"seconds": round(statistics.median(times), 2), "rows": counts}


if __name__ == "__main__":
    sys.exit(main())

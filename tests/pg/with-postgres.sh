#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster:
#   tests/pg/with-postgres.sh CMD [ARGS...]
# initdb's a cluster in a temp dir, starts it on a free loopback port (unix socket in the same
# dir), exports MIGRATE_TEST_PG_URL, runs CMD, and always stops and removes the cluster.
# When pgbouncer is installed (always with CI=true, where its absence is a failure), a PgBouncer
# in transaction pooling mode listens on another free port in front of it:
# MIGRATE_TEST_PGBOUNCER_URL (any database name is passed through to the server).
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (created
# when missing). Exits with CMD's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
    done
    dir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
    echo "with-postgres.sh: no PostgreSQL server binaries found (install the postgresql package)" >&2
    exit 1
}
BINDIR=$(find_bindir)

free_port() {
    python3 - <<'PY' 2>/dev/null && return
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
    # Without python: try ports until one is not listening.
    local port
    for _ in $(seq 1 100); do
        port=$(( 20000 + RANDOM % 30000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "with-postgres.sh: no free port found" >&2
    exit 1
}
PORT=$(free_port)

WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/migrate-pg-XXXXXX")
DATADIR="$WORKDIR/data"
LOGFILE="$WORKDIR/server.log"

run_pg() {
    if [ "${#as_pg[@]}" -eq 0 ]; then "$@"
    elif [ "${as_pg[0]}" = su ]; then "${as_pg[@]}" "$(printf '%q ' "$@")"
    else "${as_pg[@]}" "$@"
    fi
}

as_pg=()
cleanup() {
    local status=$?
    if [ -n "${BOUNCER_PID:-}" ]; then kill "$BOUNCER_PID" 2>/dev/null || true; fi
    if [ -f "$DATADIR/postmaster.pid" ]; then
        run_pg "$BINDIR/pg_ctl" -D "$DATADIR" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORKDIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres 2>/dev/null ||
            adduser --system --no-create-home --group postgres >/dev/null
    fi
    as_pg=(runuser -u postgres --)
    command -v runuser >/dev/null 2>&1 || as_pg=(su -s /bin/sh postgres -c)
    chown postgres "$WORKDIR"
    chmod 700 "$WORKDIR"
    # The server user must reach the temp dir through its parents: a root-only TMPDIR won't do.
    if ! run_pg test -w "$WORKDIR"; then
        rm -rf "$WORKDIR"
        WORKDIR=$(mktemp -d /tmp/migrate-pg-XXXXXX)
        DATADIR="$WORKDIR/data"
        LOGFILE="$WORKDIR/server.log"
        chown postgres "$WORKDIR"
        chmod 700 "$WORKDIR"
    fi
fi

run_pg "$BINDIR/initdb" -D "$DATADIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$WORKDIR/initdb.log" 2>&1 || {
    cat "$WORKDIR/initdb.log" >&2
    exit 1
}
# fsync off: a throwaway cluster needs no durability, and the tests run much faster.
if ! run_pg "$BINDIR/pg_ctl" -D "$DATADIR" -l "$LOGFILE" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORKDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    >/dev/null; then
    cat "$LOGFILE" >&2 || true
    exit 1
fi

export MIGRATE_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres.sh: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on $MIGRATE_TEST_PG_URL" >&2

BOUNCER=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null || true)
if [ -n "$BOUNCER" ]; then
    BOUNCER_PORT=$(free_port)
    # auth_type any: the server trusts loopback, so PgBouncer checks nothing either.
    cat >"$WORKDIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$PORT user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 200
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
logfile = $WORKDIR/pgbouncer.log
pidfile = $WORKDIR/pgbouncer.pid
INI
    chmod 644 "$WORKDIR/pgbouncer.ini"
    run_pg "$BOUNCER" "$WORKDIR/pgbouncer.ini" >/dev/null 2>&1 &
    BOUNCER_PID=$!
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$BOUNCER_PORT") 2>/dev/null; then break; fi
        sleep 0.1
    done
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$BOUNCER_PORT") 2>/dev/null; then
        echo "with-postgres.sh: pgbouncer did not start" >&2
        cat "$WORKDIR/pgbouncer.log" >&2 2>/dev/null || true
        exit 1
    fi
    export MIGRATE_TEST_PGBOUNCER_URL="postgresql://postgres@127.0.0.1:$BOUNCER_PORT/postgres"
    echo "with-postgres.sh: PgBouncer (transaction pooling) on $MIGRATE_TEST_PGBOUNCER_URL" >&2
elif [ "${CI:-}" = "true" ]; then
    echo "with-postgres.sh: pgbouncer is not installed but CI=true (scripts/install-deps.sh installs it)" >&2
    exit 1
fi
set +e
"$@"
status=$?
set -e
exit "$status"

#!/usr/bin/env bash
# Installs the Debian 12 packages migrate needs to build and test, only those missing.
# Runs apt-get as root, or through sudo for a normal user. `apt-get update` runs only when
# a package cannot be found without it (a fresh machine has no package lists).
set -euo pipefail

packages=(g++ cmake make pkg-config libsqlite3-dev sqlite3 libpq-dev postgresql postgresql-client
          nlohmann-json3-dev libcli11-dev catch2 libssl-dev libtomlplusplus-dev libinih-dev
          libcpp-httplib-dev ca-certificates
          # Tests only: real Alembic projects, migrated by Alembic itself on SQLite and PostgreSQL,
          # are what `migrate import alembic` and `stamp --from-alembic` are tested against.
          python3-alembic python3-sqlalchemy python3-psycopg2
          # Tests only: the fan-out tests migrate through a real PgBouncer in transaction pooling.
          pgbouncer)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: missing ${missing[*]}, and this is not a Debian system: install them yourself" >&2
    exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps: missing ${missing[*]}; run as root or install sudo" >&2
        exit 1
    fi
    sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
install() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }
if ! install; then
    "${sudo[@]}" apt-get update -q
    install
fi

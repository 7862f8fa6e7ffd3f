#!/usr/bin/env bash
# Installs the build in BUILD_DIR into a temp prefix, then builds and runs the consumer project
# in SRC_DIR against it:   tests/consumer/run.sh BUILD_DIR SRC_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
src_dir=$(cd "$2" && pwd)

prefix=$(mktemp -d "${TMPDIR:-/tmp}/migrate-consumer-XXXXXX")
trap 'rm -rf "$prefix"' EXIT

cmake --install "$build_dir" --prefix "$prefix/install" >"$prefix/install.log"

# Nothing of the source or build tree may leak into the installed headers.
if grep -rlE '#include +[<"](sqlite3|libpq-fe)\.h' "$prefix/install/include/migrate"; then
    echo "a public header includes sqlite3.h or libpq-fe.h" >&2
    exit 1
fi
test -x "$prefix/install/bin/migrate"
test -f "$prefix/install/lib/cmake/migrate/migrateConfigVersion.cmake" ||
    test -f "$prefix"/install/lib/*/cmake/migrate/migrateConfigVersion.cmake

# A sanitized library needs the sanitizer runtime in whatever links it.
flags=()
sanitize=$(sed -n 's/^MIGRATE_SANITIZE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
case "$sanitize" in
    thread) flags=(-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread) ;;
    ON|on|1|TRUE|true|address) flags=(-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined) ;;
esac
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt")

cmake -S "$src_dir" -B "$prefix/build" -DCMAKE_PREFIX_PATH="$prefix/install" \
    ${cxx:+-DCMAKE_CXX_COMPILER="$cxx"} "${flags[@]}" >"$prefix/configure.log" ||
    { cat "$prefix/configure.log" >&2; exit 1; }
cmake --build "$prefix/build" >"$prefix/build.log" 2>&1 || { cat "$prefix/build.log" >&2; exit 1; }

out=$("$prefix/build/consumer")
echo "$out"
expected=$'1 The Dispossessed\n2 Kindred\nsession objects: 0\ntest: passed, 1 revision(s)\ncheck: clean'
if [ "$out" != "$expected" ]; then
    echo "unexpected consumer output; wanted:" >&2
    echo "$expected" >&2
    exit 1
fi
"$prefix/install/bin/migrate" --version

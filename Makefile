# Two entry points (see README): `make demo` and `make test`. Each installs the missing Debian
# packages, configures and builds. MIGRATE_SANITIZE=1 builds in build-sanitize/ with ASan+UBSan;
# MIGRATE_SANITIZE=thread builds in build-tsan/ with ThreadSanitizer.
BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
CMAKE_FLAGS += -DMIGRATE_BUILD_BENCH=OFF

ifeq ($(MIGRATE_SANITIZE),1)
BUILD_DIR := build-sanitize
# -g1: line tables (what a sanitizer's stack trace needs) without the full debug information,
# which costs CI's two cores compile and link time and is read by no one there.
CMAKE_FLAGS += -DMIGRATE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1
endif
ifeq ($(MIGRATE_SANITIZE),thread)
BUILD_DIR := build-tsan
CMAKE_FLAGS += -DMIGRATE_SANITIZE=thread -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1
endif

.PHONY: all deps configure build demo test bench install clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

# The main job on the embedded SQLite default; needs no server.
# The bookshop tutorial migrates bookshop.db (beside migrate.toml) to head through the library,
# then tells its story; the CLI shows where that database stands.
demo: configure
	cmake --build $(BUILD_DIR) --target migrate_cli bookshop -j$(JOBS)
	$(BUILD_DIR)/bin/migrate --version
	$(BUILD_DIR)/bin/bookshop --url sqlite:///bookshop.db
	$(BUILD_DIR)/bin/migrate history --indicate-current
	$(BUILD_DIR)/bin/migrate current --verbose

# Every test, against real SQLite and a throwaway PostgreSQL cluster; the consumer project is
# built against a temporary install of the package.
test: build
	bash tests/pg/with-postgres.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

bench: configure
	cmake -S . -B $(BUILD_DIR) -DMIGRATE_BUILD_BENCH=ON
	cmake --build $(BUILD_DIR) -j$(JOBS)

install: build
	cmake --install $(BUILD_DIR) $(if $(PREFIX),--prefix $(PREFIX))

clean:
	rm -rf build build-sanitize build-tsan

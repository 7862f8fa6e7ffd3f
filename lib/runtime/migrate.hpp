// Everything an embedding program needs to migrate a database: the config, the migrator and its
// events. `#include <migrate/runtime/migrate.hpp>`; the names are also in `migrate::`.
#pragma once

#include <migrate/base/error.hpp>
#include <migrate/runtime/alembic_import.hpp>
#include <migrate/runtime/config.hpp>
#include <migrate/runtime/migration_lock.hpp>
#include <migrate/runtime/migrator.hpp>
#include <migrate/runtime/revision_ops.hpp>
#include <migrate/runtime/run_script.hpp>
#include <migrate/runtime/script_runner.hpp>
#include <migrate/runtime/step_event.hpp>
#include <migrate/runtime/verify.hpp>
#include <migrate/runtime/version_table.hpp>

namespace migrate {
using runtime::Config;
using runtime::Migrator;
using runtime::RunResult;
using runtime::RunScript;
using runtime::StepEvent;
using runtime::VerifyResult;
} // namespace migrate

// `migrate test`: every revision applied, reverted and applied again on a scratch database
// (never the configured one), with the schema compared after each revert, the head compared
// with the configured target, and `downgrade base` checked to leave only the tool's own tables.
// Catches downgrades that leave objects behind, drop something else, do nothing, or leave a
// state the upgrade cannot run on again; and more heads than allowed.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <migrate/runtime/config.hpp>

namespace migrate::autogen {

// Where a stairway run stopped.
enum class StairwayStage {
    heads,     // the script directory has more heads than allowed
    upgrade,   // a revision failed to apply
    downgrade, // its downgrade failed or was refused
    restore,   // after its downgrade, the schema differs from the one before its upgrade
    reupgrade, // it failed to apply again after its downgrade
    target,    // at head, the schema differs from the configured target
    base,      // `downgrade base` failed or left objects behind
};
// "heads", "upgrade", ... (the names above).
std::string to_string(StairwayStage stage);

struct StairwayFailure {
    StairwayStage stage = StairwayStage::upgrade;
    std::string revision;                 // the failing revision; empty for heads, target, base
    std::string message;                  // the database's error, or the difference in words
    // What differs, as describe() lines of the ops that would make the schema what it should be
    // ("drop_column t.extra": the downgrade left t.extra behind).
    std::vector<std::string> differences;
};

// One revision's stairway: upgrade, downgrade, compare, upgrade again.
struct RevisionOutcome {
    std::string revision;
    std::string message; // the revision's message
    bool passed = false;
    // Other revisions its downgrade had to revert too (a branch point's other branch): the
    // schema is then compared with the one recorded when only those were missing.
    std::vector<std::string> reverted_with;
    // False when no earlier schema matches what the downgrade leaves (then it is only run, and
    // a warning says so); true otherwise.
    bool compared = true;
    std::chrono::milliseconds duration{0};
};

struct StairwayOptions {
    std::size_t heads = 1; // the most heads the script directory may have
    bool echo = false;     // every statement on the scratch database to stderr
    // Called after each revision's stairway, passed or failed (for a line per revision).
    std::function<void(const RevisionOutcome&)> on_revision;
};

struct StairwayResult {
    std::string database;           // where it ran, masked: "sqlite:// (memory)" or the scratch URL
    std::vector<std::string> heads; // the script directory's heads
    std::vector<RevisionOutcome> revisions; // in the order run; a failing one is last
    bool target_compared = false;   // the config has a target and the head was compared with it
    bool base_checked = false;      // `downgrade base` ran and left only the tool's tables
    std::vector<std::string> warnings;
    std::optional<StairwayFailure> failure;
    bool passed() const { return !failure; }
};

// Runs the stairway for `config`'s revisions on a scratch database of `config.url`'s kind:
// SQLite in memory; PostgreSQL a ScratchDatabase on the server of `config.dev_url` when set,
// else of `config.url`, dropped at the end. The configured database is never opened. Bad
// revision files throw (RevisionError) before anything runs; what the run finds is in the result.
StairwayResult test_revisions(const runtime::Config& config, const StairwayOptions& options = {});

} // namespace migrate::autogen

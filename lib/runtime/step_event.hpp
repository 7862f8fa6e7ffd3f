// Progress events out of the runtime, one pair per applied or reverted revision (started, then
// finished or failed), so the CLI, a log or a CI step can report a run without the runtime
// printing anything itself.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <migrate/revision/migration_plan.hpp>

namespace migrate::runtime {

struct StepEvent {
    // failed: the revision's run threw (the exception follows, once what was not committed is
    // rolled back); op_index says which op failed.
    // retrying: a statement gave up waiting for a lock (lock_timeout); what the revision had not
    // committed was rolled back and runs again after `delay` (attempt of 1 + retries).
    // progress: a backfill (op_index) committed a batch: `rows` and `batches` done so far.
    enum class Phase { started, finished, failed, retrying, progress };
    Phase phase = Phase::started;
    revision::Direction direction = revision::Direction::upgrade;
    std::string revision;    // the id
    std::string message;     // the revision's message
    std::size_t index = 0;   // 1-based position in the run
    std::size_t total = 0;   // steps in the run
    std::chrono::milliseconds duration{0}; // finished and failed
    std::string file;        // the revision file's name ("" for a revision built in code)
    // failed only: the op that threw, 0-based in the revision's ops of this direction; none when
    // the failure came between ops (recording the revision in the version table, a commit).
    std::optional<std::size_t> op_index;
    // retrying only: the try about to start (2 for the first retry), of `tries` in all; the wait
    // before it; the database's message.
    int attempt = 0;
    int tries = 0;
    std::chrono::milliseconds delay{0};
    std::string reason;
    // progress only: rows updated and batches committed by the backfill so far (a resumed one
    // counts what earlier runs did), and whether it resumed where an earlier run stopped.
    std::int64_t rows = 0;
    std::int64_t batches = 0;
    bool resumed = false;
};

} // namespace migrate::runtime

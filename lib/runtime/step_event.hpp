// Progress events out of the runtime, one pair per applied or reverted revision, so the CLI,
// a log or a CI step can report a run without the runtime printing anything itself.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <migrate/revision/migration_plan.hpp>

namespace migrate::runtime {

struct StepEvent {
    enum class Phase { started, finished };
    Phase phase = Phase::started;
    revision::Direction direction = revision::Direction::upgrade;
    std::string revision;    // the id
    std::string message;     // the revision's message
    std::size_t index = 0;   // 1-based position in the run
    std::size_t total = 0;   // steps in the run
    std::chrono::milliseconds duration{0}; // finished only
};

} // namespace migrate::runtime

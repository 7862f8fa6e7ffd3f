// Where the database stands against the script directory (see check.hpp; check() itself is in
// autogenerate.cpp, beside the loading of the project's target).
#include <migrate/autogen/check.hpp>

#include <algorithm>

#include <migrate/base/join.hpp>

namespace migrate::autogen {
namespace {

std::string joined(const std::vector<std::string>& ids) { return ids.empty() ? std::string("base") : base::join(ids); }

} // namespace

std::string HeadState::mismatch() const {
    return "the database is not at head (database: " + joined(database) + "; revisions: " + joined(revisions) +
           "); run `migrate upgrade head` first";
}

HeadState head_state(runtime::Migrator& migrator) {
    HeadState state{migrator.current(), migrator.graph().heads()};
    std::sort(state.database.begin(), state.database.end());
    std::sort(state.revisions.begin(), state.revisions.end());
    return state;
}

} // namespace migrate::autogen

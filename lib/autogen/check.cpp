// check(): the heads, then the comparison with the target (see check.hpp).
#include <migrate/autogen/check.hpp>

#include <algorithm>

#include <migrate/autogen/autogenerate.hpp>
#include <migrate/db/error.hpp>

namespace migrate::autogen {
namespace {

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& s : ids) out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? std::string("base") : out;
}

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

CheckResult check(runtime::Migrator& migrator) {
    const auto& config = migrator.config();
    if (config.target.empty())
        throw UsageError((config.file.empty() ? std::string("migrate.toml") : config.file.string()) +
                         ": `target` is not set (the .sql or .json schema that check compares the database with)");
    CheckResult result;
    result.target = config.target;
    result.heads = head_state(migrator);
    if (!result.heads.at_head()) return result;
    result.diff = autogenerate(config, migrator.connection());
    result.differences = describe(result.diff);
    return result;
}

} // namespace migrate::autogen

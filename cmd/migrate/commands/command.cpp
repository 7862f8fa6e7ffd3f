// The command registry: filled during static initialisation by MIGRATE_COMMAND.
#include "commands/command.hpp"

#include <algorithm>
#include <vector>

namespace migrate::cli {

namespace {

struct Entry {
    int order;
    CommandSetup setup;
};

// A function-local static, so registration works whatever the order of static initialisation.
std::vector<Entry>& registry() {
    static std::vector<Entry> entries;
    return entries;
}

} // namespace

CommandRegistration::CommandRegistration(int order, CommandSetup setup) { registry().push_back({order, setup}); }

void setup_commands(CLI::App& app, Options& options) {
    auto entries = registry();
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
    for (const auto& e : entries) e.setup(app, options);
}

} // namespace migrate::cli

// `migrate import alembic --sql-from CMD`: each Alembic revision's ops taken from Alembic's own
// offline output (`CMD upgrade heads --sql`, `CMD downgrade HEAD:base --sql` for each head), one section per
// revision as Alembic marks them (`-- Running upgrade A -> B`), without its version-table
// statements and transaction control, as `sql` ops for the configured dialect.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/revision/op_list.hpp>

namespace migrate::runtime {

struct AlembicSections {
    std::map<std::string, revision::OpList> upgrade;   // by revision id
    std::map<std::string, revision::OpList> downgrade;
};

// Splits one offline script into its revisions' sections: after "-- Running upgrade A -> B"
// the statements are B's, after "-- Running downgrade B -> A" too. Statements naming
// `version_table` and transaction control are left out. UsageError for any other statement
// before the first section (the script is not Alembic's offline output, or not for `dialect`).
std::map<std::string, revision::OpList> alembic_sections(std::string_view script, const std::string& version_table,
                                                        const dialect::Dialect& dialect, bool upgrade);

// Runs `command` (a shell command line, run by /bin/sh in `directory`): an offline upgrade to
// heads, and an offline downgrade from each of `heads` (the project's) to base; splits the output. UsageError naming the command line and with its error
// output when either exits non-zero.
AlembicSections alembic_offline_sql(const std::string& command, const std::filesystem::path& directory,
                                    const std::vector<std::string>& heads, const std::string& version_table,
                                    const dialect::Dialect& dialect);

} // namespace migrate::runtime

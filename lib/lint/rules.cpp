#include <migrate/lint/rules.hpp>

#include <algorithm>

namespace migrate::lint {

std::string_view to_string(Severity severity) {
    switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
    }
    return "error";
}

SeverityWord parse_severity(std::string_view word) {
    if (word == "off") return {true, std::nullopt};
    for (auto s : {Severity::info, Severity::warning, Severity::error})
        if (to_string(s) == word) return {true, s};
    return {};
}

const std::vector<Rule>& rules() {
    static const std::vector<Rule> all = {
        {"drop_table", Severity::error, "drops a table that holds rows",
         "stop using the table in the code first, keep a copy if the rows may be needed, and drop it in a later "
         "release; then silence the rule on the op with the reason"},
        {"drop_column", Severity::error, "drops a column of a table that holds rows",
         "stop reading and writing the column in the code first (one release), then drop it; silence the rule on the "
         "op with the reason"},
        {"narrowing_type_change", Severity::error,
         "changes a column's type to one that cannot hold every value of the old one (or casts lossily)",
         "add a new column of the new type, backfill it checking the values, switch the code, then drop the old one"},
        {"not_null_column_without_default", Severity::error,
         "adds a NOT NULL column without a default to a table that holds rows (the existing rows have no value)",
         "add the column nullable (or with a server_default), fill it with a backfill op, then make it NOT NULL "
         "(alter_column \"online\": true)"},
        {"create_index_not_concurrent", Severity::error,
         "PostgreSQL: builds an index without CONCURRENTLY, blocking writes to the table for the whole build",
         "give the create_index \"concurrently\": true, in a revision of its own"},
        {"foreign_key_validates_rows", Severity::error,
         "PostgreSQL: adds a foreign key that checks every row while it blocks writes to both tables",
         "give the create_foreign_key \"not_valid\": true, then validate it with a validate_constraint op in a later "
         "revision, which blocks no writes"},
        {"check_validates_rows", Severity::error,
         "PostgreSQL: adds a CHECK constraint that scans every row under an ACCESS EXCLUSIVE lock",
         "give the create_check_constraint \"not_valid\": true, then validate it with a validate_constraint op in a "
         "later revision, which blocks no writes"},
        {"set_not_null_scans", Severity::error,
         "PostgreSQL: SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
         "give the alter_column \"online\": true (in a revision of its own): a NOT VALID check, VALIDATE, then SET "
         "NOT NULL, which the validated check spares the scan, each step committed on its own"},
        {"type_change_rewrites_table", Severity::error,
         "PostgreSQL: a type change that rewrites the whole table under an ACCESS EXCLUSIVE lock",
         "add a new column of the new type, fill it with a backfill op (batches committed one by one), switch the "
         "code, then drop the old column"},
        {"volatile_default_rewrites_table", Severity::error,
         "PostgreSQL: adds a column whose default is volatile, computed for every row by rewriting the table",
         "add the column without a default (or with a constant one), set the default afterwards, and fill the "
         "existing rows with a backfill op in a revision of its own"},
        {"unique_constraint_locks", Severity::error,
         "PostgreSQL: adds a unique or primary key constraint that builds its index while blocking the table",
         "create a unique index with \"concurrently\": true in its own revision, then add the constraint USING INDEX "
         "(a sql op)"},
        {"missing_lock_timeout", Severity::warning,
         "PostgreSQL: a revision takes a lock that blocks writers (ACCESS EXCLUSIVE, or SHARE for an index build, SHARE "
         "ROW EXCLUSIVE for a foreign key) on a table with rows without a lock_timeout, so while it waits for the lock "
         "the queries on the table queue behind it",
         "give the revision \"lock_timeout\": \"5s\" and \"retries\": 3 (each try waits at most 5 s for the lock; "
         "on a timeout it is rolled back and tried again)"},
        {"rename_table", Severity::warning, "renames a table that exists: code still running uses the old name",
         "create the new table (or a view under the new name), move the code to it, then retire the old name in a "
         "later release"},
        {"rename_column", Severity::warning, "renames a column of a table that exists: code still running uses the old name",
         "add the new column, write both, backfill, move the reads, then drop the old column in a later release"},
        {"sqlite_table_recreation", Severity::warning,
         "SQLite: an op that SQLite cannot ALTER in place, so the table (with many rows) may be copied into a new one",
         "run it when the copy's duration is acceptable, or raise [lint] sqlite_recreate_rows once it is measured"},
        {"empty_downgrade", Severity::warning, "a revision whose upgrade has ops has an empty downgrade",
         "write the downgrade ops, or \"downgrade\": \"reverse\", or declare \"irreversible\": true"},
        {"irreversible_revision", Severity::warning, "a revision declared \"irreversible\": no downgrade passes it",
         "keep it, with a reason, when it cannot be undone (silence the rule on the revision)"},
        {"sql_not_analysed", Severity::info, "a sql op: lint does not read raw SQL, so its risks are not checked",
         "prefer typed ops; review the statement by hand and silence the rule with what was checked"},
        {"concurrently_mixed", Severity::error,
         "an op that runs outside the revision's transaction (a concurrent index build, validate_constraint, an online "
         "alter_column, a backfill) shares a revision with other ops, so a failure leaves the ops before it "
         "committed (and, for an index build, an invalid index behind)",
         "put each such op in a revision of its own"},
    };
    return all;
}

const Rule* find_rule(std::string_view id) {
    const auto& all = rules();
    auto it = std::find_if(all.begin(), all.end(), [&](const Rule& r) { return r.id == id; });
    return it == all.end() ? nullptr : &*it;
}

std::string rule_list() {
    std::string out;
    for (const auto& r : rules()) out += (out.empty() ? "" : ", ") + std::string(r.id);
    return out;
}

std::optional<Severity> Settings::severity_of(const Rule& rule) const {
    auto it = severity.find(std::string(rule.id));
    return it == severity.end() ? std::optional<Severity>(rule.severity) : it->second;
}

} // namespace migrate::lint

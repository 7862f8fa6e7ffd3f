// The upgrade being assembled: ops filed by phase (so that the final order respects
// dependencies whatever order the comparison finds them in), each with the ops that undo it.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <migrate/autogen/compare.hpp>
#include <migrate/autogen/detail/stored_forms.hpp>

namespace migrate::autogen::detail {

enum class Phase {
    schemas, renames, enums_create, enum_values, sequences_create, sequences_alter,
    views_drop, fks_drop, constraints_drop, index_renames, tables_drop, columns, tables_create,
    constraints_create, fks_create, sequence_owners, views_create, sequences_drop, enums_drop,
    count
};

class Plan {
public:
    // `op` undone by ops::reverse(op); an irreversible op gets a warning instead.
    void add(Phase phase, ops::Op op);
    void add(Phase phase, ops::Op op, std::vector<ops::Op> inverse);
    void warn(std::string message);
    Diff finish() &&;

private:
    struct Step {
        ops::Op op;
        std::vector<ops::Op> inverse;
    };
    std::array<std::vector<Step>, static_cast<std::size_t>(Phase::count)> steps_;
    std::vector<std::string> warnings_;
};

// What one table's comparison needs besides the two tables.
struct Context {
    const CompareOptions& options;
    const dialect::Dialect* dialect;
    // Live sequences keyed by their owner "schema.table.column" ("table.column" unqualified):
    // dropping the owner drops them, so the owner's downgrade must recreate them first.
    std::multimap<std::string, schema::Sequence> owned_sequences;
    // Target expressions as the live server stores them, where they were asked for.
    StoredForms stored;
};

// Same index definition (elements, unique, predicate, method, INCLUDE), names aside; the
// expressions compared in canonical form (as texts: callers pass the target's stored form).
bool same_index(const schema::Index& live, const schema::Index& target, const Context& ctx);

std::string owner_key(const std::optional<std::string>& schema, const std::string& table, const std::string& column);

// The ops that recreate `sequences` around a recreated owner: before (create, no owner) and
// after (OWNED BY).
std::vector<ops::Op> recreate_sequences_before(const std::vector<schema::Sequence>& sequences);
std::vector<ops::Op> recreate_sequences_after(const std::vector<schema::Sequence>& sequences, const Context& ctx);
ops::Op sequence_owner_op(const schema::Sequence& sequence, const std::optional<std::string>& owned_by,
                          const Context& ctx);

// Columns, keys, constraints, indexes and comments of one table present on both sides.
void diff_table(const schema::Table& live, const schema::Table& target, const Context& ctx, Plan& plan);

// Applies `options.renames` to `live` (filing the rename ops) and reports look-alike pairs
// of dropped/added tables and columns that no rename names.
void apply_renames(schema::MetaData& live, const schema::MetaData& target, const Context& ctx, Plan& plan);
void report_look_alikes(const schema::MetaData& live, const schema::MetaData& target, Plan& plan);

} // namespace migrate::autogen::detail

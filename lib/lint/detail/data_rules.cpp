// The rules that hold on every database: what an op can lose or break whatever runs it.
#include "context.hpp"

#include <array>

namespace migrate::lint::detail {

namespace {

int integer_rank(const schema::Type& t) {
    if (t.name == "smallint") return 1;
    if (t.name == "integer") return 2;
    if (t.name == "bigint") return 3;
    return 0;
}

bool is_string_type(const schema::Type& t) { return t.name == "varchar" || t.name == "char" || t.name == "text"; }

// A length limit: none (text, or varchar without a length) holds any string.
std::optional<int> length_of(const schema::Type& t) {
    if (t.name == "text" || t.args.empty()) return std::nullopt;
    return t.args[0];
}

// Digits before the decimal point and after it; nullopt for an unconstrained numeric.
std::optional<std::pair<int, int>> numeric_digits(const schema::Type& t) {
    if (t.args.empty()) return std::nullopt;
    const int scale = t.args.size() > 1 ? t.args[1] : 0;
    return std::pair{t.args[0] - scale, scale};
}

// The digits each integer type may need: 32767, 2147483647, 9223372036854775807.
constexpr std::array<int, 4> k_integer_digits = {0, 5, 10, 19};

} // namespace

bool narrows(const schema::Type& from, const schema::Type& to) {
    if (from == to) return false;
    if (is_string_type(from) && is_string_type(to)) {
        auto limit = length_of(to);
        if (!limit) return false;
        auto before = length_of(from);
        return !before || *limit < *before;
    }
    if (to.name == "text" && from.name != "blob") return false; // every value has a text form
    if (from.name == "numeric" && to.name == "numeric") {
        auto after = numeric_digits(to);
        if (!after) return false;
        auto before = numeric_digits(from);
        return !before || after->first < before->first || after->second < before->second;
    }
    const int from_rank = integer_rank(from), to_rank = integer_rank(to);
    if (from_rank && to_rank) return to_rank < from_rank;
    if (from_rank && to.name == "numeric") {
        auto after = numeric_digits(to);
        return after && after->first < k_integer_digits[from_rank];
    }
    if (from_rank && to.name == "double") return from_rank == 3; // 53 bits of mantissa
    if (from_rank && to.name == "real") return from_rank > 1;
    if (from.name == "real" && to.name == "double") return false;
    if (from.name == "date" && (to.name == "timestamp" || to.name == "timestamptz")) return false;
    if ((from.name == "timestamp" && to.name == "timestamptz") || (from.name == "timestamptz" && to.name == "timestamp"))
        return false;
    if (from.name == "json" && to.name == "jsonb") return false;
    return true; // a cast between unrelated types may refuse or change values
}

void check_op(RevisionContext& c, std::size_t i) {
    const ops::Op& op = c.ops[i];
    if (const auto* drop = std::get_if<ops::DropTable>(&op)) {
        const dialect::ObjectName table{drop->schema, drop->table};
        if (c.facts.holds_rows(table))
            c.report("drop_table", i, "drops table " + ops::display_name(table) + " and its rows (" +
                                          c.facts.describe(table) + ")");
    } else if (const auto* drop_column = std::get_if<ops::DropColumn>(&op)) {
        const dialect::ObjectName table{drop_column->schema, drop_column->table};
        if (c.facts.holds_rows(table))
            c.report("drop_column", i, "drops column " + drop_column->column + " of " + ops::display_name(table) +
                                           " with its values (" + c.facts.describe(table) + ")");
    } else if (const auto* add = std::get_if<ops::AddColumn>(&op)) {
        const dialect::ObjectName table{add->schema, add->table};
        const auto& column = add->column;
        const bool filled = column.server_default || column.identity != schema::Identity::none ||
                            column.autoincrement || column.generated;
        if (!column.nullable && !filled && c.facts.holds_rows(table))
            c.report("not_null_column_without_default", i,
                     "adds NOT NULL column " + column.name + " without a default to " + ops::display_name(table) +
                         " (" + c.facts.describe(table) + "): the existing rows have no value for it, so the "
                         "upgrade fails");
    } else if (const auto* alter = std::get_if<ops::AlterColumn>(&op)) {
        const dialect::ObjectName table{alter->schema, alter->table};
        const std::string column = ops::display_name(table) + "." + alter->column;
        if (alter->type && c.facts.holds_rows(table)) {
            if (!alter->existing_type)
                c.report("narrowing_type_change", i,
                         "changes " + column + " to " + alter->type->to_string() +
                             ", and the op records no existing_type, so lint cannot tell whether values are lost (" +
                             c.facts.describe(table) + ")",
                         "give the op its \"existing_type\" so the change can be judged");
            else if (narrows(*alter->existing_type, *alter->type))
                c.report("narrowing_type_change", i,
                         "changes " + column + " from " + alter->existing_type->to_string() + " to " +
                             alter->type->to_string() + ", which cannot hold every value of the old type (" +
                             c.facts.describe(table) + ")");
        }
        if (alter->new_name && c.facts.existed_before(table))
            c.report("rename_column", i, "renames column " + column + " to " + *alter->new_name +
                                             ": code still running reads and writes " + alter->column);
    } else if (const auto* rename = std::get_if<ops::RenameTable>(&op)) {
        const dialect::ObjectName table{rename->schema, rename->table};
        if (c.facts.existed_before(table))
            c.report("rename_table", i, "renames table " + ops::display_name(table) + " to " + rename->new_name +
                                            ": code still running uses " + rename->table);
    } else if (const auto* sql = std::get_if<ops::Sql>(&op); sql && (!sql->dialect || *sql->dialect == c.dialect.name())) {
        c.report("sql_not_analysed", i, "a sql op: lint does not read raw SQL, so what it does is not checked");
    }
}

} // namespace migrate::lint::detail

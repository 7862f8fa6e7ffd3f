#include <migrate/ops/op.hpp>

#include <migrate/base/join.hpp>

#include <type_traits>

namespace migrate::ops {

namespace {

template <class> inline constexpr bool k_always_false = false;

template <class T>
constexpr std::string_view name_of() {
    if constexpr (std::is_same_v<T, CreateTable>) return "create_table";
    else if constexpr (std::is_same_v<T, DropTable>) return "drop_table";
    else if constexpr (std::is_same_v<T, RenameTable>) return "rename_table";
    else if constexpr (std::is_same_v<T, SetTableComment>) return "set_table_comment";
    else if constexpr (std::is_same_v<T, AddColumn>) return "add_column";
    else if constexpr (std::is_same_v<T, DropColumn>) return "drop_column";
    else if constexpr (std::is_same_v<T, AlterColumn>) return "alter_column";
    else if constexpr (std::is_same_v<T, SetColumnComment>) return "set_column_comment";
    else if constexpr (std::is_same_v<T, CreateIndex>) return "create_index";
    else if constexpr (std::is_same_v<T, DropIndex>) return "drop_index";
    else if constexpr (std::is_same_v<T, RenameIndex>) return "rename_index";
    else if constexpr (std::is_same_v<T, CreateUniqueConstraint>) return "create_unique_constraint";
    else if constexpr (std::is_same_v<T, CreateForeignKey>) return "create_foreign_key";
    else if constexpr (std::is_same_v<T, CreateCheckConstraint>) return "create_check_constraint";
    else if constexpr (std::is_same_v<T, CreatePrimaryKey>) return "create_primary_key";
    else if constexpr (std::is_same_v<T, DropConstraint>) return "drop_constraint";
    else if constexpr (std::is_same_v<T, ValidateConstraint>) return "validate_constraint";
    else if constexpr (std::is_same_v<T, CreateEnum>) return "create_enum";
    else if constexpr (std::is_same_v<T, DropEnum>) return "drop_enum";
    else if constexpr (std::is_same_v<T, AddEnumValue>) return "add_enum_value";
    else if constexpr (std::is_same_v<T, CreateSequence>) return "create_sequence";
    else if constexpr (std::is_same_v<T, DropSequence>) return "drop_sequence";
    else if constexpr (std::is_same_v<T, CreateView>) return "create_view";
    else if constexpr (std::is_same_v<T, ReplaceView>) return "replace_view";
    else if constexpr (std::is_same_v<T, DropView>) return "drop_view";
    else if constexpr (std::is_same_v<T, Sql>) return "sql";
    else if constexpr (std::is_same_v<T, BulkInsert>) return "bulk_insert";
    else if constexpr (std::is_same_v<T, Backfill>) return "backfill";
    else static_assert(k_always_false<T>, "every op needs a name");
}

ObjectName qualified(const std::optional<std::string>& schema, const std::string& name) {
    return ObjectName{schema, name};
}

std::string label(const std::optional<std::string>& schema, const std::string& name) {
    return schema ? *schema + "." + name : name;
}

std::string first_line(const std::string& sql, std::size_t max) {
    auto start = sql.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) return "";
    auto end = sql.find('\n', start);
    std::string line = sql.substr(start, end == std::string::npos ? std::string::npos : end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == ';')) line.pop_back();
    if (line.size() > max || end != std::string::npos) {
        if (line.size() > max) line.resize(max);
        line += "...";
    }
    return line;
}

std::string column_list(const std::vector<std::string>& columns) {
    return "(" + base::join(columns) + ")";
}

// An unnamed constraint by what identifies it: "foreign key (author_id) -> authors (id)".
std::string unnamed(const DropConstraint& o) {
    std::string kind{to_string(o.type)};
    for (auto& c : kind)
        if (c == '_') c = ' ';
    if (!o.definition) return "unnamed " + kind;
    return std::visit(
        [&](const auto& c) -> std::string {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, schema::ForeignKey>)
                return kind + " " + column_list(c.columns) + " -> " + label(c.ref_schema, c.ref_table) + " " +
                       column_list(c.ref_columns);
            else if constexpr (std::is_same_v<C, schema::CheckConstraint>) return kind + " (" + first_line(c.expression, 60) + ")";
            else return kind + " " + column_list(c.columns);
        },
        *o.definition);
}

} // namespace

std::string_view op_name(const Op& op) {
    return std::visit([](const auto& o) { return name_of<std::decay_t<decltype(o)>>(); }, op);
}

std::string_view to_string(ConstraintType type) {
    switch (type) {
    case ConstraintType::unique: return "unique";
    case ConstraintType::foreign_key: return "foreign_key";
    case ConstraintType::check: return "check";
    case ConstraintType::primary_key: return "primary_key";
    }
    return "unique";
}

ConstraintType constraint_type(const Constraint& c) {
    switch (c.index()) {
    case 0: return ConstraintType::unique;
    case 1: return ConstraintType::foreign_key;
    case 2: return ConstraintType::check;
    default: return ConstraintType::primary_key;
    }
}

std::string display_name(const ObjectName& o) { return o.schema ? *o.schema + "." + o.name : o.name; }

std::optional<ObjectName> target_table(const Op& op) {
    return std::visit(
        [](const auto& o) -> std::optional<ObjectName> {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTable>) return qualified(o.table.schema, o.table.name);
            else if constexpr (requires { o.table; o.schema; }) return qualified(o.schema, o.table);
            else return std::nullopt;
        },
        op);
}

std::string describe(const Op& op) {
    std::string kind{op_name(op)};
    auto table = target_table(op);
    std::string on = table ? display_name(*table) : "";
    std::string detail = std::visit(
        [&](const auto& o) -> std::string {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, AddColumn>) return on + "." + o.column.name;
            else if constexpr (std::is_same_v<T, DropColumn> || std::is_same_v<T, AlterColumn> ||
                               std::is_same_v<T, SetColumnComment>)
                return on + "." + o.column;
            else if constexpr (std::is_same_v<T, RenameTable>) return on + " to " + o.new_name;
            else if constexpr (std::is_same_v<T, CreateIndex>) return o.index.name + " on " + on;
            else if constexpr (std::is_same_v<T, RenameIndex>) return o.name + " to " + o.new_name + " on " + on;
            else if constexpr (std::is_same_v<T, DropConstraint>)
                return (o.name.empty() ? unnamed(o) : o.name) + " on " + on;
            else if constexpr (std::is_same_v<T, DropIndex> || std::is_same_v<T, ValidateConstraint>)
                return o.name + " on " + on;
            else if constexpr (std::is_same_v<T, Backfill>) {
                std::string columns;
                for (const auto& [column, expression] : o.set) columns += (columns.empty() ? "" : ", ") + column;
                return on + " (" + columns + ")";
            }
            else if constexpr (requires { o.constraint.name; })
                return (o.constraint.name ? *o.constraint.name + " on " : std::string("on ")) + on;
            else if constexpr (std::is_same_v<T, CreateEnum>) return label(o.type.schema, o.type.name);
            else if constexpr (std::is_same_v<T, AddEnumValue>)
                return label(o.schema, o.name) + " '" + o.value + "'";
            else if constexpr (std::is_same_v<T, DropEnum> || std::is_same_v<T, DropView>)
                return label(o.schema, o.name);
            else if constexpr (requires { o.sequence; })
                return label(o.sequence.schema, o.sequence.name);
            else if constexpr (requires { o.view; }) return label(o.view.schema, o.view.name);
            else if constexpr (std::is_same_v<T, Sql>)
                return (o.dialect ? "[" + *o.dialect + "] " : std::string()) + first_line(o.sql, 60);
            else if constexpr (std::is_same_v<T, BulkInsert>)
                return on + " (" + std::to_string(o.rows.size()) + (o.rows.size() == 1 ? " row)" : " rows)");
            else return on;
        },
        op);
    return kind + (std::holds_alternative<Sql>(op) ? ": " : " ") + detail;
}

} // namespace migrate::ops

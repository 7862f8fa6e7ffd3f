#include <migrate/ops/reverse.hpp>

#include <migrate/base/error.hpp>

namespace migrate::ops {

namespace {

using Result = std::optional<Op>;

Result undo(const CreateTable& o) { return DropTable{o.table.schema, o.table.name, o.table}; }

Result undo(const DropTable& o) {
    if (!o.definition) return std::nullopt;
    return CreateTable{*o.definition};
}

Result undo(const RenameTable& o) { return RenameTable{o.schema, o.new_name, o.table}; }

Result undo(const SetTableComment& o) {
    if (!o.existing_comment) return std::nullopt;
    return SetTableComment{o.schema, o.table, *o.existing_comment, o.comment};
}

Result undo(const AddColumn& o) { return DropColumn{o.schema, o.table, o.column.name, o.column}; }

Result undo(const DropColumn& o) {
    if (!o.definition) return std::nullopt;
    return AddColumn{o.schema, o.table, *o.definition};
}

// Each changed property swaps with its existing value; an unchanged one keeps its existing
// value, so the reversed op still describes the column completely. A nullability change
// without existing_nullable is assumed to flip it.
Result undo(const AlterColumn& o) {
    if ((o.type && !o.existing_type) || (o.server_default && !o.existing_server_default) ||
        (o.comment && !o.existing_comment) || (o.collation && !o.existing_collation))
        return std::nullopt;
    AlterColumn r;
    r.schema = o.schema;
    r.table = o.table;
    r.column = o.new_name.value_or(o.column);
    if (o.new_name) r.new_name = o.column;

    r.type = o.type ? o.existing_type : std::nullopt;
    r.existing_type = o.type ? o.type : o.existing_type;
    if (o.nullable) {
        r.nullable = o.existing_nullable.value_or(!*o.nullable);
        r.existing_nullable = o.nullable;
    } else {
        r.existing_nullable = o.existing_nullable;
    }
    r.server_default = o.server_default ? o.existing_server_default : Change<std::string>{};
    r.existing_server_default = o.server_default ? o.server_default : o.existing_server_default;
    r.comment = o.comment ? o.existing_comment : Change<std::string>{};
    r.existing_comment = o.comment ? o.comment : o.existing_comment;
    r.collation = o.collation ? o.existing_collation : Change<std::string>{};
    r.existing_collation = o.collation ? o.collation : o.existing_collation;
    return r;
}

Result undo(const SetColumnComment& o) {
    if (!o.existing_comment) return std::nullopt;
    return SetColumnComment{o.schema, o.table, o.column, *o.existing_comment, o.comment};
}

Result undo(const CreateIndex& o) {
    return DropIndex{o.schema, o.table, o.index.name, o.index, o.concurrently};
}

Result undo(const DropIndex& o) {
    if (!o.definition) return std::nullopt;
    return CreateIndex{o.schema, o.table, *o.definition, o.concurrently};
}

Result undo(const RenameIndex& o) {
    std::optional<schema::Index> renamed = o.definition;
    if (renamed) renamed->name = o.new_name;
    return RenameIndex{o.schema, o.table, o.new_name, o.name, renamed};
}

// An unnamed constraint is dropped by its definition (by table recreation, on SQLite).
template <class Create>
Result drop_of(const Create& o) {
    Constraint c = o.constraint;
    return DropConstraint{o.schema, o.table, o.constraint.name.value_or(""), constraint_type(c), c};
}

Result undo(const CreateUniqueConstraint& o) { return drop_of(o); }
Result undo(const CreateForeignKey& o) { return drop_of(o); }
Result undo(const CreateCheckConstraint& o) { return drop_of(o); }
Result undo(const CreatePrimaryKey& o) { return drop_of(o); }

Result undo(const DropConstraint& o) {
    if (!o.definition) return std::nullopt;
    return std::visit(
        [&](const auto& c) -> Result {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, schema::UniqueConstraint>)
                return CreateUniqueConstraint{o.schema, o.table, c};
            else if constexpr (std::is_same_v<C, schema::ForeignKey>)
                return CreateForeignKey{o.schema, o.table, c, false};
            else if constexpr (std::is_same_v<C, schema::CheckConstraint>)
                return CreateCheckConstraint{o.schema, o.table, c, false};
            else
                return CreatePrimaryKey{o.schema, o.table, c};
        },
        *o.definition);
}

Result undo(const CreateEnum& o) { return DropEnum{o.type.schema, o.type.name, o.type.values}; }

Result undo(const DropEnum& o) {
    if (!o.values) return std::nullopt;
    return CreateEnum{schema::EnumType{o.schema, o.name, *o.values}};
}

Result undo(const AddEnumValue&) { return std::nullopt; }
Result undo(const CreateSequence& o) { return DropSequence{o.sequence}; }
Result undo(const DropSequence& o) { return CreateSequence{o.sequence}; }
Result undo(const CreateView& o) { return DropView{o.view.schema, o.view.name, o.view.definition}; }

Result undo(const ReplaceView& o) {
    if (!o.old_definition) return std::nullopt;
    return ReplaceView{schema::View{o.view.schema, o.view.name, *o.old_definition}, o.view.definition};
}

Result undo(const DropView& o) {
    if (!o.definition) return std::nullopt;
    return CreateView{schema::View{o.schema, o.name, *o.definition}};
}

Result undo(const ValidateConstraint& o) { return o; }
Result undo(const Backfill&) { return std::nullopt; }
Result undo(const Sql&) { return std::nullopt; }
Result undo(const BulkInsert&) { return std::nullopt; }

} // namespace

std::optional<Op> reverse(const Op& op) {
    return std::visit([](const auto& o) { return undo(o); }, op);
}

bool undone_by_nothing(const Op& op) { return std::holds_alternative<Backfill>(op); }

bool is_reversible(const Op& op) { return undone_by_nothing(op) || reverse(op).has_value(); }

std::vector<Op> reverse(const std::vector<Op>& ops) {
    std::vector<Op> out;
    out.reserve(ops.size());
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
        if (undone_by_nothing(*it)) continue;
        auto r = reverse(*it);
        if (!r)
            throw NotSupported(describe(*it) + ": cannot be reversed (it does not carry what it removes or "
                                               "replaces); write the downgrade by hand");
        out.push_back(std::move(*r));
    }
    return out;
}

} // namespace migrate::ops

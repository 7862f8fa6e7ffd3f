#include <migrate/ops/apply.hpp>

#include <algorithm>

#include <migrate/base/error.hpp>
#include <migrate/ops/detail/sql_names.hpp>

namespace migrate::ops {

namespace {

using detail::mentions;
using detail::same_name;

[[noreturn]] void missing(const Op& op, const std::string& what) {
    throw Error(describe(op) + ": " + what + " does not exist in the schema known so far");
}

bool has(const std::vector<std::string>& names, const std::string& n) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& x) { return same_name(x, n); });
}

bool index_involves(const schema::Index& ix, const std::string& column) {
    for (const auto& e : ix.elements) {
        if (e.is_expression ? mentions(e.text, column) : same_name(e.text, column)) return true;
    }
    return ix.where && mentions(*ix.where, column);
}

template <class T, class P>
void erase_if(std::vector<T>& v, P pred) {
    v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
}

void drop_column(schema::Table& t, const std::string& column) {
    erase_if(t.columns, [&](const schema::Column& c) { return same_name(c.name, column); });
    if (t.primary_key && has(t.primary_key->columns, column)) t.primary_key.reset();
    erase_if(t.foreign_keys, [&](const schema::ForeignKey& fk) { return has(fk.columns, column); });
    erase_if(t.unique_constraints, [&](const schema::UniqueConstraint& u) { return has(u.columns, column); });
    erase_if(t.check_constraints, [&](const schema::CheckConstraint& c) { return mentions(c.expression, column); });
    erase_if(t.indexes, [&](const schema::Index& ix) { return index_involves(ix, column); });
}

void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
    for (auto& n : names)
        if (same_name(n, from)) n = to;
}

void rename_column(schema::Table& t, const std::string& from, const std::string& to) {
    for (auto& c : t.columns)
        if (same_name(c.name, from)) c.name = to;
    if (t.primary_key) rename_in(t.primary_key->columns, from, to);
    for (auto& fk : t.foreign_keys) {
        rename_in(fk.columns, from, to);
        if (same_name(fk.ref_table, t.name)) rename_in(fk.ref_columns, from, to);
    }
    for (auto& u : t.unique_constraints) rename_in(u.columns, from, to);
    for (auto& ix : t.indexes)
        for (auto& e : ix.elements)
            if (!e.is_expression && same_name(e.text, from)) e.text = to;
}

class TableApplier {
public:
    TableApplier(const Op& op, schema::Table& t) : op_(op), t_(t) {}

    void operator()(const SetTableComment& o) { t_.comment = o.comment; }
    void operator()(const AddColumn& o) {
        if (t_.column(o.column.name)) throw Error(describe(op_) + ": the column already exists");
        t_.columns.push_back(o.column);
        if (o.column.autoincrement) t_.primary_key = schema::PrimaryKey{std::nullopt, {o.column.name}};
    }
    void operator()(const DropColumn& o) {
        if (!t_.column(o.column)) missing(op_, "column " + t_.name + "." + o.column);
        drop_column(t_, o.column);
    }
    void operator()(const AlterColumn& o) {
        auto* c = t_.column(o.column);
        if (!c) missing(op_, "column " + t_.name + "." + o.column);
        // Type, nullability and collation of a generated column can change on both dialects;
        // a server default it cannot have (PostgreSQL refuses SET/DROP DEFAULT, SQLite DEFAULT).
        if (c->generated && o.server_default)
            throw NotSupported(describe(op_) + ": column " + t_.name + "." + c->name +
                               " is generated, and a generated column has no server default to set or drop; to "
                               "change what it computes, drop the column and add it again");
        if (o.type) c->type = *o.type;
        if (o.nullable) c->nullable = *o.nullable;
        if (o.server_default) c->server_default = *o.server_default;
        if (o.comment) c->comment = *o.comment;
        if (o.collation) c->collation = *o.collation;
        if (o.new_name) rename_column(t_, o.column, *o.new_name);
    }
    void operator()(const SetColumnComment& o) {
        auto* c = t_.column(o.column);
        if (!c) missing(op_, "column " + t_.name + "." + o.column);
        c->comment = o.comment;
    }
    void operator()(const CreateIndex& o) { t_.indexes.push_back(o.index); }
    void operator()(const DropIndex& o) {
        auto before = t_.indexes.size();
        erase_if(t_.indexes, [&](const schema::Index& ix) { return same_name(ix.name, o.name); });
        if (before == t_.indexes.size()) missing(op_, "index " + o.name);
    }
    void operator()(const RenameIndex& o) {
        auto ix = std::find_if(t_.indexes.begin(), t_.indexes.end(),
                               [&](const schema::Index& i) { return same_name(i.name, o.name); });
        if (ix == t_.indexes.end()) missing(op_, "index " + o.name);
        ix->name = o.new_name;
    }
    void operator()(const CreateUniqueConstraint& o) { t_.unique_constraints.push_back(o.constraint); }
    void operator()(const CreateForeignKey& o) { t_.foreign_keys.push_back(o.constraint); }
    void operator()(const CreateCheckConstraint& o) { t_.check_constraints.push_back(o.constraint); }
    void operator()(const CreatePrimaryKey& o) {
        t_.primary_key = o.constraint;
        for (auto& c : t_.columns)
            if (has(o.constraint.columns, c.name)) c.nullable = false;
    }
    void operator()(const DropConstraint& o) {
        auto named = [&](const std::optional<std::string>& n) { return n && same_name(*n, o.name); };
        bool found = false;
        auto drop = [&](auto& v) {
            if (o.name.empty()) return drop_by_definition(v, o, found);
            auto before = v.size();
            erase_if(v, [&](const auto& c) { return named(c.name); });
            found = found || before != v.size();
        };
        switch (o.type) {
        case ConstraintType::unique: drop(t_.unique_constraints); break;
        case ConstraintType::foreign_key: drop(t_.foreign_keys); break;
        case ConstraintType::check: drop(t_.check_constraints); break;
        case ConstraintType::primary_key:
            // A primary key is often unnamed (SQLite has no name for it): drop it by type.
            if (t_.primary_key) {
                found = true;
                for (auto& c : t_.columns)
                    if (c.autoincrement) c.autoincrement = false;
                t_.primary_key.reset();
            }
            break;
        }
        if (!found) missing(op_, std::string(to_string(o.type)) + " constraint " + o.name + " on " + t_.name);
    }

    // An unnamed constraint: the first of `v` with the definition's key (an unnamed one
    // before a named one, since the op names none).
    template <class C>
    void drop_by_definition(std::vector<C>& v, const DropConstraint& o, bool& found) {
        const C* wanted = o.definition ? std::get_if<C>(&*o.definition) : nullptr;
        if (!wanted) return;
        for (bool unnamed_only : {true, false}) {
            auto it = std::find_if(v.begin(), v.end(), [&](const C& c) {
                return (!unnamed_only || !c.name) && same_key(c, *wanted);
            });
            if (it == v.end()) continue;
            v.erase(it);
            found = true;
            return;
        }
    }

    static bool same_key(const schema::UniqueConstraint& a, const schema::UniqueConstraint& b) {
        return same_names(a.columns, b.columns);
    }
    static bool same_key(const schema::CheckConstraint& a, const schema::CheckConstraint& b) {
        return a.expression == b.expression;
    }
    static bool same_key(const schema::ForeignKey& a, const schema::ForeignKey& b) {
        return same_names(a.columns, b.columns) && a.ref_schema == b.ref_schema && same_name(a.ref_table, b.ref_table) &&
               same_names(a.ref_columns, b.ref_columns);
    }
    static bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                          [](const std::string& x, const std::string& y) { return same_name(x, y); });
    }
    void operator()(const BulkInsert&) {}
    void operator()(const Backfill&) {}
    void operator()(const ValidateConstraint&) {}

    template <class T>
    void operator()(const T&) {
        throw Error(describe(op_) + ": not an op on one table's definition");
    }

private:
    const Op& op_;
    schema::Table& t_;
};

schema::Table& table_of(const Op& op, schema::MetaData& m, const std::optional<std::string>& schema,
                        const std::string& name) {
    auto* t = m.table(name, schema);
    if (!t) missing(op, "table " + (schema ? *schema + "." : std::string()) + name);
    return *t;
}

} // namespace

void apply(const Op& op, schema::Table& table) { std::visit(TableApplier(op, table), op); }

void apply(const Op& op, schema::MetaData& m) {
    if (const auto* o = std::get_if<CreateTable>(&op)) {
        if (m.table(o->table.name, o->table.schema)) throw Error(describe(op) + ": the table already exists");
        m.tables.push_back(o->table);
    } else if (const auto* o = std::get_if<DropTable>(&op)) {
        table_of(op, m, o->schema, o->table);
        erase_if(m.tables, [&](const schema::Table& t) { return t.schema == o->schema && same_name(t.name, o->table); });
    } else if (const auto* o = std::get_if<RenameTable>(&op)) {
        auto& t = table_of(op, m, o->schema, o->table);
        std::string old = t.name;
        t.name = o->new_name;
        for (auto& other : m.tables)
            for (auto& fk : other.foreign_keys)
                if (same_name(fk.ref_table, old) && fk.ref_schema == o->schema) fk.ref_table = o->new_name;
    } else if (const auto* o = std::get_if<CreateView>(&op)) {
        m.views.push_back(o->view);
    } else if (const auto* o = std::get_if<ReplaceView>(&op)) {
        erase_if(m.views, [&](const schema::View& v) { return v.schema == o->view.schema && same_name(v.name, o->view.name); });
        m.views.push_back(o->view);
    } else if (const auto* o = std::get_if<DropView>(&op)) {
        erase_if(m.views, [&](const schema::View& v) { return v.schema == o->schema && same_name(v.name, o->name); });
    } else if (const auto* o = std::get_if<CreateEnum>(&op)) {
        m.enums.push_back(o->type);
    } else if (const auto* o = std::get_if<DropEnum>(&op)) {
        erase_if(m.enums, [&](const schema::EnumType& e) { return e.schema == o->schema && e.name == o->name; });
    } else if (const auto* o = std::get_if<AddEnumValue>(&op)) {
        for (auto& e : m.enums)
            if (e.schema == o->schema && e.name == o->name) e.values.push_back(o->value);
    } else if (const auto* o = std::get_if<CreateSequence>(&op)) {
        m.sequences.push_back(o->sequence);
    } else if (const auto* o = std::get_if<DropSequence>(&op)) {
        erase_if(m.sequences, [&](const schema::Sequence& s) {
            return s.schema == o->sequence.schema && s.name == o->sequence.name;
        });
    } else if (std::holds_alternative<Sql>(op) || std::holds_alternative<BulkInsert>(op) ||
               std::holds_alternative<Backfill>(op) || std::holds_alternative<ValidateConstraint>(op)) {
        // Raw SQL is opaque to the tracker; rows (and a constraint's validation) do not change
        // the schema.
    } else if (auto target = target_table(op)) {
        apply(op, table_of(op, m, target->schema, target->name));
    }
}

} // namespace migrate::ops

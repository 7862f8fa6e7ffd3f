// The recreate planner. Statement order follows SQLite's 12-step procedure; the foreign-key
// switch (steps 1 and 12) is the runtime's, because it only works outside a transaction.
#include <migrate/ops/table_recreation.hpp>

#include <algorithm>
#include <map>

#include <migrate/base/error.hpp>
#include <migrate/ops/apply.hpp>
#include <migrate/ops/detail/sql_names.hpp>

namespace migrate::ops {

namespace {

using detail::mentions;
using detail::same_name;

std::string fold(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool everything_in_place(const dialect::Capabilities& c) {
    return c.alter_column_type && c.alter_column_nullable && c.alter_column_default && c.alter_column_collation &&
           c.add_constraint && c.drop_constraint;
}

bool is_null_literal(const std::optional<std::string>& d) { return !d || fold(*d) == "null"; }

// SQLite's ADD COLUMN rules: no key, a constant default, NOT NULL only with a non-NULL default,
// no STORED generated column.
bool addable_in_place(const schema::Column& c) {
    if (c.autoincrement || (c.generated && c.generated_stored)) return false;
    if (c.server_default && !detail::is_constant_default(*c.server_default)) return false;
    if (!c.nullable && is_null_literal(c.server_default)) return false;
    return true;
}

bool foldable(const Op& op) {
    if (const auto* o = std::get_if<CreateIndex>(&op)) return !o->concurrently;
    if (const auto* o = std::get_if<DropIndex>(&op)) return !o->concurrently;
    return std::holds_alternative<AddColumn>(op) || std::holds_alternative<DropColumn>(op) ||
           std::holds_alternative<AlterColumn>(op) || std::holds_alternative<SetColumnComment>(op) ||
           std::holds_alternative<SetTableComment>(op) || std::holds_alternative<RenameIndex>(op) ||
           std::holds_alternative<CreateUniqueConstraint>(op) ||
           std::holds_alternative<CreateForeignKey>(op) || std::holds_alternative<CreateCheckConstraint>(op) ||
           std::holds_alternative<CreatePrimaryKey>(op) || std::holds_alternative<DropConstraint>(op);
}

bool may_need_recreation(const Op& op) {
    if (const auto* o = std::get_if<AlterColumn>(&op)) return o->type || o->nullable || o->server_default || o->collation;
    if (const auto* o = std::get_if<AddColumn>(&op)) return !addable_in_place(o->column);
    return std::holds_alternative<DropColumn>(op) || std::holds_alternative<CreateUniqueConstraint>(op) ||
           std::holds_alternative<CreateForeignKey>(op) || std::holds_alternative<CreateCheckConstraint>(op) ||
           std::holds_alternative<CreatePrimaryKey>(op) || std::holds_alternative<DropConstraint>(op);
}

bool same_table(const ObjectName& a, const ObjectName& b) { return a.schema == b.schema && same_name(a.name, b.name); }

// SQLite refuses DROP COLUMN for a column in a key, an index, a constraint or a generated
// column's expression, or used by a view or trigger (it re-parses the schema to find out; so
// does this, conservatively).
bool drop_in_place_refused(const schema::Table& t, const std::string& column, const std::vector<Dependent>& dependents) {
    auto in = [&](const std::vector<std::string>& names) {
        return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return same_name(n, column); });
    };
    if (t.primary_key && in(t.primary_key->columns)) return true;
    for (const auto& u : t.unique_constraints)
        if (in(u.columns)) return true;
    for (const auto& fk : t.foreign_keys)
        if (in(fk.columns) || (same_name(fk.ref_table, t.name) && in(fk.ref_columns))) return true;
    for (const auto& ck : t.check_constraints)
        if (mentions(ck.expression, column)) return true;
    for (const auto& c : t.columns)
        if (c.generated && !same_name(c.name, column) && mentions(*c.generated, column)) return true;
    for (const auto& ix : t.indexes) {
        for (const auto& e : ix.elements)
            if (e.is_expression ? mentions(e.text, column) : same_name(e.text, column)) return true;
        if (ix.where && mentions(*ix.where, column)) return true;
    }
    for (const auto& dep : dependents)
        if (mentions(dep.sql, column)) return true;
    return false;
}

// A recreation keeps views and triggers as written, so one that uses a dropped column would be
// left broken (SQLite re-checks nothing under legacy_alter_table), and a generated column over
// it cannot be created. PostgreSQL refuses such a drop; so does this, before anything of the
// run is executed. Conservative like mentions(): a view or trigger that mentions both the table
// and the column's name is taken to use the column.
void refuse_drop_of_used_column(const DropColumn& op, const schema::Table& table,
                                 const std::vector<Dependent>& dependents) {
    std::vector<std::string> users;
    for (const auto& c : table.columns)
        if (c.generated && !same_name(c.name, op.column) && mentions(*c.generated, op.column))
            users.push_back("generated column \"" + c.name + "\"");
    for (const auto& dep : dependents)
        if (mentions(dep.sql, op.column)) users.push_back(dep.kind + " \"" + dep.name + "\"");
    if (users.empty()) return;
    std::string list;
    for (const auto& u : users) list += (list.empty() ? "" : ", ") + u;
    bool one = users.size() == 1;
    throw Error(describe(Op(op)) + ": " + list + (one ? " uses" : " use") + " column \"" + op.column +
                "\"; drop or replace " + (one ? "it" : "them") +
                " earlier in the same revision (dropping the column would leave " + (one ? "it" : "them") +
                " broken)");
}

// The column that is the rowid (INTEGER PRIMARY KEY), if any.
const schema::Column* rowid_alias(const schema::Table& t) {
    if (!t.primary_key || t.primary_key->columns.size() != 1) return nullptr;
    const auto* c = t.column(t.primary_key->columns[0]);
    if (!c) return nullptr;
    return (c->autoincrement || c->type == schema::Type{"integer", {}}) ? c : nullptr;
}

// A name of the rowid that no column shadows; none in a WITHOUT ROWID table.
std::optional<std::string> rowid_name(const schema::Table& t) {
    if (t.without_rowid) return std::nullopt;
    for (const char* n : {"rowid", "_rowid_", "oid"})
        if (!t.column(n)) return std::string(n);
    return std::nullopt;
}

} // namespace

std::vector<PlannedOp> plan(const std::vector<Op>& ops, const dialect::Dialect& dialect,
                            std::vector<std::size_t>* first_op) {
    std::vector<PlannedOp> out;
    std::vector<std::size_t> origins; // the index in `ops` of each entry's first op
    if (everything_in_place(dialect.capabilities())) {
        for (std::size_t i = 0; i < ops.size(); ++i) {
            out.emplace_back(ops[i]);
            origins.push_back(i);
        }
        if (first_op) *first_op = std::move(origins);
        return out;
    }
    std::optional<TableRun> run;
    std::size_t run_start = 0;
    auto flush = [&] {
        if (!run) return;
        if (std::any_of(run->ops.begin(), run->ops.end(), may_need_recreation)) {
            out.emplace_back(std::move(*run));
            origins.push_back(run_start);
        } else {
            // Each op of the run stands alone; a run's ops are consecutive in `ops` (the change
            // half of a split alter_column always ends its run).
            for (std::size_t k = 0; k < run->ops.size(); ++k) {
                out.emplace_back(std::move(run->ops[k]));
                origins.push_back(run_start + k);
            }
        }
        run.reset();
    };
    auto add = [&](Op op, std::size_t index) {
        auto table = *target_table(op);
        if (run && !same_table(run->table, table)) flush();
        if (!run) {
            run = TableRun{table, {}};
            run_start = index;
        }
        run->ops.push_back(std::move(op));
    };
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto& op = ops[i];
        if (!foldable(op)) {
            flush();
            out.emplace_back(op);
            origins.push_back(i);
            continue;
        }
        const auto* alter = std::get_if<AlterColumn>(&op);
        if (alter && alter->new_name) {
            AlterColumn change = *alter;
            change.new_name.reset();
            if (change.changes_anything()) add(change, i);
            flush();
            AlterColumn rename = *alter;
            rename.type.reset();
            rename.using_expr.reset();
            rename.nullable.reset();
            rename.server_default.reset();
            rename.comment.reset();
            rename.collation.reset();
            out.emplace_back(Op(rename));
            origins.push_back(i);
            continue;
        }
        add(op, i);
    }
    flush();
    if (first_op) *first_op = std::move(origins);
    return out;
}

std::string describe(const TableRun& run) {
    std::string out = "recreate table " + display_name(run.table) + " (";
    for (std::size_t i = 0; i < run.ops.size(); ++i) out += (i ? ", " : "") + describe(run.ops[i]);
    return out + ")";
}

TableState table_state(const schema::MetaData& model, const ObjectName& table, const dialect::Dialect& dialect) {
    schema::MetaData m = dialect.normalise(model);
    const schema::Table* t = nullptr;
    for (const auto& x : m.tables)
        if (x.schema == table.schema && same_name(x.name, table.name)) t = &x;
    if (!t)
        throw Error("table " + display_name(table) +
                    " is not known from the revisions before it (was it created by an sql op?): its recreation "
                    "cannot be planned offline");
    TableState state;
    state.table = *t;
    for (const auto& v : m.views)
        if (mentions(v.definition, t->name))
            state.dependents.push_back(
                {"view", v.name, "CREATE VIEW " + dialect.qualified(v.schema, v.name) + " AS " + v.definition});
    for (const auto& other : m.tables) {
        if (same_name(other.name, t->name)) continue;
        for (const auto& fk : other.foreign_keys)
            if (same_name(fk.ref_table, t->name)) {
                state.referencing_tables.push_back(other.name);
                break;
            }
    }
    return state;
}

bool needs_recreation(const TableRun& run, const TableState& state, const dialect::Dialect& dialect) {
    if (everything_in_place(dialect.capabilities())) return false;
    schema::Table t = state.table;
    for (const auto& op : run.ops) {
        if (const auto* o = std::get_if<DropColumn>(&op)) {
            if (drop_in_place_refused(t, o->column, state.dependents)) return true;
        } else if (may_need_recreation(op)) {
            return true;
        }
        apply(op, t);
    }
    return false;
}

TableRunSql render_table_run(const TableRun& run, const TableState& state, const dialect::Dialect& d, bool bind) {
    TableRunSql out;
    out.before = state.table;
    out.after = state.table;
    // Which old column fills each new one: the same column while it lives; a column dropped and
    // added again in the run is a new column.
    std::map<std::string, std::optional<std::string>> origin;
    for (const auto& c : out.before.columns) origin[fold(c.name)] = c.name;
    for (const auto& op : run.ops) {
        if (const auto* o = std::get_if<DropColumn>(&op)) refuse_drop_of_used_column(*o, out.after, state.dependents);
        apply(op, out.after);
        if (const auto* o = std::get_if<AddColumn>(&op)) origin[fold(o->column.name)] = std::nullopt;
        if (const auto* o = std::get_if<DropColumn>(&op)) origin.erase(fold(o->column));
    }

    if (!needs_recreation(run, state, d)) {
        for (const auto& op : run.ops) {
            if (bind) {
                for (auto& s : render_statements(op, d)) out.statements.push_back(std::move(s));
            } else {
                for (auto& s : render(op, d)) out.statements.push_back(Statement{std::move(s), {}, false});
            }
        }
        return out;
    }

    out.recreates = true;
    schema::Table& after = out.after;
    if (!d.capabilities().comments) {
        after.comment.reset();
        for (auto& c : after.columns) c.comment.reset();
    }
    std::sort(after.indexes.begin(), after.indexes.end(),
              [](const schema::Index& a, const schema::Index& b) { return a.name < b.name; });
    const std::string& name = state.table.name;
    const auto schema = state.table.schema;
    out.temp_name = "_migrate_new_" + name;

    // The copy. Values are copied as they are: the new column's affinity converts them where that
    // loses nothing ('12' into an INTEGER column becomes 12, 'abc' stays 'abc'), where a CAST
    // would turn 'abc' into 0. Generated columns are not copied: the new table computes them.
    const schema::Column* alias = rowid_alias(after);
    auto old_rowid = rowid_name(state.table);
    bool alias_has_source = false;
    for (const auto& c : after.columns) {
        auto it = origin.find(fold(c.name));
        ColumnSource src{c.name, std::nullopt};
        if (it != origin.end() && it->second && !c.generated) src.expression = d.quote(*it->second);
        if (&c == alias) {
            alias_has_source = src.expression.has_value();
            if (!src.expression && old_rowid) src.expression = *old_rowid; // the new key takes the old rowids
        }
        out.columns.push_back(std::move(src));
    }
    std::vector<ColumnSource> copied;
    // Without an INTEGER PRIMARY KEY filled from the old table, rowids are copied explicitly.
    if (!alias_has_source && !alias && old_rowid && rowid_name(after))
        copied.push_back(ColumnSource{*rowid_name(after), *old_rowid});
    for (const auto& c : out.columns)
        if (c.expression) copied.push_back(c);
    out.columns = copied;

    schema::Table temp = after;
    temp.name = out.temp_name;
    for (auto& s : d.create_table(temp, {.include_foreign_keys = true, .include_indexes = false}))
        out.statements.push_back(Statement{std::move(s), {}, false});

    out.copy_statement = out.statements.size();
    std::string targets, exprs;
    for (const auto& c : copied) {
        bool is_rowid = (c.column == "rowid" || c.column == "_rowid_" || c.column == "oid") && !after.column(c.column);
        targets += (targets.empty() ? "" : ", ") + (is_rowid ? c.column : d.quote(c.column));
        exprs += (exprs.empty() ? "" : ", ") + *c.expression;
    }
    if (!copied.empty())
        out.statements.push_back(Statement{"INSERT INTO " + d.qualified(schema, out.temp_name) + " (" + targets +
                                               ") SELECT " + exprs + " FROM " + d.qualified(schema, name),
                                           {}, false});
    else
        out.statements.push_back(Statement{"INSERT INTO " + d.qualified(schema, out.temp_name) +
                                               " DEFAULT VALUES", {}, false}); // unreachable in practice

    // AUTOINCREMENT: the counter, not just max(rowid), survives (DROP TABLE deletes its row).
    if (std::any_of(after.columns.begin(), after.columns.end(), [](const schema::Column& c) { return c.autoincrement; })) {
        auto seq = d.qualified(schema, "sqlite_sequence");
        out.statements.push_back(Statement{"DELETE FROM " + seq + " WHERE name = " + d.quote_literal(out.temp_name), {}, false});
        out.statements.push_back(Statement{"INSERT INTO " + seq + " (name, seq) SELECT " + d.quote_literal(out.temp_name) +
                                               ", max(seq) FROM " + seq + " WHERE name = " + d.quote_literal(name) +
                                               " HAVING count(*) > 0",
                                           {}, false});
    }
    out.statements.push_back(Statement{"DROP TABLE " + d.qualified(schema, name), {}, false});
    for (auto& s : d.rename_recreated_table({schema, out.temp_name}, name))
        out.statements.push_back(Statement{std::move(s), {}, false});
    out.first_index_statement = out.statements.size();
    for (const auto& ix : after.indexes)
        for (auto& s : d.create_index({schema, name}, ix)) out.statements.push_back(Statement{std::move(s), {}, false});
    for (const auto& trigger : state.triggers) out.statements.push_back(Statement{trigger, {}, true});
    return out;
}

std::vector<std::string> foreign_key_check_statements(const TableRunSql& sql, const TableState& state,
                                                      const dialect::Dialect& d) {
    if (!sql.recreates) return {};
    std::vector<std::string> out{d.foreign_key_check({std::nullopt, state.table.name})};
    for (const auto& t : state.referencing_tables) out.push_back(d.foreign_key_check({std::nullopt, t}));
    return out;
}

} // namespace migrate::ops

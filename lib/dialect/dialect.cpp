// The parts of Dialect that are the same everywhere: quoting, dependency order of a whole
// model, and the factory.
#include <migrate/dialect/dialect.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <migrate/base/error.hpp>
#include <migrate/base/sql_quote.hpp>
#include <migrate/dialect/postgresql.hpp>
#include <migrate/dialect/sqlite.hpp>

namespace migrate::dialect {

std::string Dialect::quote(std::string_view identifier) const {
    if (identifier.empty()) throw NotSupported(std::string(name()) + ": an empty identifier cannot be quoted");
    if (identifier.find('\0') != std::string_view::npos)
        throw NotSupported(std::string(name()) + ": identifier contains a NUL byte");
    std::size_t limit = capabilities().max_identifier_bytes;
    if (limit != 0 && identifier.size() > limit)
        throw NotSupported(std::string(name()) + ": identifier \"" + std::string(identifier) + "\" is " +
                           std::to_string(identifier.size()) + " bytes, over the limit of " + std::to_string(limit) +
                           " (the database would silently truncate it)");
    return base::quote_identifier(identifier);
}

std::string Dialect::qualified(const std::optional<std::string>& schema, std::string_view object) const {
    return schema ? quote(*schema) + "." + quote(object) : quote(object);
}

std::string Dialect::quote_literal(std::string_view text) const { return base::quote_literal(text); }

namespace {

using TableKey = std::pair<std::optional<std::string>, std::string>;

// Tables in creation order (referenced before referencing). Where a cycle leaves no table
// ready, the first remaining table (in model order) is created without the foreign keys that
// point at tables not yet created; those are returned in `deferred` to add afterwards.
struct TablePlan {
    std::vector<schema::Table> ordered; // with deferred FKs removed
    std::vector<std::pair<ObjectName, schema::ForeignKey>> deferred;
};

TablePlan plan_tables(const schema::MetaData& m, bool defer_cycles) {
    std::set<TableKey> in_model, created;
    for (const auto& t : m.tables) in_model.insert({t.schema, t.name});
    // A FK's target: its ref_schema, or (unqualified) the same default schema as nullopt.
    auto target = [](const schema::ForeignKey& fk) { return TableKey{fk.ref_schema, fk.ref_table}; };
    auto pending_fk = [&](const schema::Table& t, const schema::ForeignKey& fk) {
        TableKey k = target(fk);
        return k != TableKey{t.schema, t.name} && in_model.count(k) && !created.count(k);
    };
    TablePlan plan;
    std::vector<bool> done(m.tables.size(), false);
    std::size_t remaining = m.tables.size();
    while (remaining > 0) {
        bool progressed = false;
        for (std::size_t i = 0; i < m.tables.size(); ++i) {
            if (done[i]) continue;
            const auto& t = m.tables[i];
            if (std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(), [&](const auto& fk) { return pending_fk(t, fk); }))
                continue;
            plan.ordered.push_back(t);
            created.insert({t.schema, t.name});
            done[i] = true;
            --remaining;
            progressed = true;
        }
        if (progressed) continue;
        // A cycle: break it at the first remaining table.
        std::size_t i = static_cast<std::size_t>(std::find(done.begin(), done.end(), false) - done.begin());
        schema::Table t = m.tables[i];
        if (defer_cycles) {
            std::vector<schema::ForeignKey> kept;
            for (const auto& fk : t.foreign_keys) {
                if (pending_fk(t, fk))
                    plan.deferred.push_back({ObjectName{t.schema, t.name}, fk});
                else
                    kept.push_back(fk);
            }
            t.foreign_keys = std::move(kept);
        }
        plan.ordered.push_back(std::move(t));
        created.insert({m.tables[i].schema, m.tables[i].name});
        done[i] = true;
        --remaining;
    }
    return plan;
}

void append(Statements& out, Statements more) {
    out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

} // namespace

Statements Dialect::rename_index(const ObjectName& table, std::string_view index, std::string_view new_name,
                                 const std::optional<schema::Index>& definition) const {
    ObjectName old_name{table.schema, std::string(index)};
    if (capabilities().rename_index) return {"ALTER INDEX " + qualified(old_name) + " RENAME TO " + quote(new_name)};
    if (!definition)
        throw NotSupported(std::string(name()) + ": index " + qualified(old_name) +
                           " can only be renamed by dropping and creating it again, which needs its definition");
    schema::Index renamed = *definition;
    renamed.name = std::string(new_name);
    Statements out = drop_index(old_name);
    for (auto& s : create_index(table, renamed)) out.push_back(std::move(s));
    return out;
}

Statements Dialect::render_metadata(const schema::MetaData& m) const {
    Statements out;
    for (const auto& s : m.schemas) append(out, create_schema(s));
    for (const auto& e : m.enums) append(out, create_enum(e));
    // Sequences before tables (defaults call nextval), ownership after (it names a column).
    std::vector<const schema::Sequence*> owned;
    for (const auto& s : m.sequences) {
        schema::Sequence unowned = s;
        unowned.owned_by.reset();
        append(out, create_sequence(unowned));
        if (s.owned_by) owned.push_back(&s);
    }
    TablePlan plan = plan_tables(m, capabilities().fk_targets_checked_at_create);
    for (const auto& t : plan.ordered) append(out, create_table(t));
    for (const auto& [table, fk] : plan.deferred) append(out, add_foreign_key(table, fk));
    for (const auto* s : owned) append(out, alter_sequence_owner({s->schema, s->name}, s->owned_by));
    for (const auto& v : m.views) append(out, create_view(v));
    return out;
}

Statements Dialect::drop_metadata(const schema::MetaData& model) const {
    const schema::MetaData m = normalise(model); // constraint names as the database gave them
    Statements out;
    for (auto it = m.views.rbegin(); it != m.views.rend(); ++it) append(out, drop_view({it->schema, it->name}));
    TablePlan plan = plan_tables(m, capabilities().fk_targets_checked_at_create);
    for (const auto& [table, fk] : plan.deferred)
        if (fk.name) append(out, drop_constraint(table, *fk.name));
    for (auto it = plan.ordered.rbegin(); it != plan.ordered.rend(); ++it) append(out, drop_table({it->schema, it->name}));
    for (auto it = m.sequences.rbegin(); it != m.sequences.rend(); ++it)
        if (!it->owned_by) append(out, drop_sequence({it->schema, it->name})); // owned ones went with their table
    for (auto it = m.enums.rbegin(); it != m.enums.rend(); ++it) append(out, drop_enum({it->schema, it->name}));
    for (auto it = m.schemas.rbegin(); it != m.schemas.rend(); ++it) append(out, drop_schema(*it));
    return out;
}

std::unique_ptr<Dialect> make_dialect(db::Backend backend) {
    switch (backend) {
    case db::Backend::sqlite: return std::make_unique<SqliteDialect>();
    case db::Backend::postgresql: return std::make_unique<PostgresqlDialect>();
    }
    throw Error("unknown database backend");
}

const Dialect& dialect_for(db::Backend backend) {
    static const SqliteDialect sqlite;
    static const PostgresqlDialect postgresql;
    return backend == db::Backend::sqlite ? static_cast<const Dialect&>(sqlite) : postgresql;
}

const Dialect& dialect_named(std::string_view name) {
    if (name == "sqlite") return dialect_for(db::Backend::sqlite);
    if (name == "postgresql" || name == "postgres") return dialect_for(db::Backend::postgresql);
    throw UsageError("unknown dialect '" + std::string(name) + "' (expected sqlite or postgresql)");
}

} // namespace migrate::dialect

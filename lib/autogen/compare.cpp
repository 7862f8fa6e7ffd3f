// diff(): prepares both models alike, then files the ops of every object kind into the plan's
// phases (schemas, enums, sequences, views, tables) so that dependencies hold in both directions.
#include <migrate/autogen/compare.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <migrate/autogen/detail/expression.hpp>
#include <migrate/autogen/detail/plan.hpp>
#include <migrate/base/error.hpp>

namespace migrate::autogen {

using schema::MetaData;
using schema::Table;
using namespace detail;

Rename parse_rename(const std::string& text) {
    auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() ||
        text.find(':', colon + 1) != std::string::npos)
        throw UsageError("--rename \"" + text + "\": expected OLD:NEW (a table \"books:volumes\" or a column "
                         "\"books.title:name\")");
    return {text.substr(0, colon), text.substr(colon + 1)};
}

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

void unqualify(std::optional<std::string>& schema, const CompareOptions& o) {
    if (schema && *schema == o.default_schema) schema.reset();
}

bool excluded(const CompareOptions& o, const std::optional<std::string>& schema, const std::string& name) {
    if (schema && !o.include_schemas.empty() && !contains(o.include_schemas, *schema)) return true;
    for (const auto& g : o.exclude_tables)
        if (glob_match(g, name) || (schema && glob_match(g, *schema + "." + name))) return true;
    return false;
}

bool schema_included(const CompareOptions& o, const std::optional<std::string>& schema) {
    return !schema || o.include_schemas.empty() || contains(o.include_schemas, *schema);
}

std::pair<std::string, std::string> split_owner(const std::string& owned_by) {
    auto dot = owned_by.rfind('.');
    if (dot == std::string::npos) return {owned_by, ""};
    return {owned_by.substr(0, dot), owned_by.substr(dot + 1)};
}

class Differ {
public:
    Differ(MetaData live, MetaData target, const CompareOptions& o)
        : live_(std::move(live)), target_(std::move(target)), ctx_{o, o.dialect, {}, {}} {}

    Diff run() && {
        for (const auto& s : live_.sequences)
            if (s.owned_by) {
                auto [table, column] = split_owner(*s.owned_by);
                ctx_.owned_sequences.emplace(owner_key(s.schema, table, column), s);
            }
        apply_renames(live_, target_, ctx_, plan_);
        report_look_alikes(live_, target_, plan_);
        ctx_.stored = ask_stored_forms(live_, target_, ctx_);
        schemas();
        enums();
        sequences();
        views();
        tables();
        return std::move(plan_).finish();
    }

private:
    const dialect::Capabilities* caps() const { return ctx_.dialect ? &ctx_.dialect->capabilities() : nullptr; }

    void schemas() {
        for (const auto& s : target_.schemas) {
            if (contains(live_.schemas, s) || !ctx_.dialect) continue;
            auto join = [](const dialect::Statements& st) {
                std::string out;
                for (const auto& x : st) out += (out.empty() ? "" : ";\n") + x;
                return out;
            };
            std::string name(ctx_.dialect->name());
            plan_.add(Phase::schemas, ops::Sql{join(ctx_.dialect->create_schema(s)), name},
                      {ops::Sql{join(ctx_.dialect->drop_schema(s)), name}});
        }
    }

    void enums() {
        for (const auto& t : target_.enums) {
            auto l = std::find_if(live_.enums.begin(), live_.enums.end(),
                                  [&](const auto& e) { return e.name == t.name && e.schema == t.schema; });
            if (l == live_.enums.end()) {
                plan_.add(Phase::enums_create, ops::CreateEnum{t});
                continue;
            }
            if (l->values == t.values) continue;
            // Only additions keeping the live order can be made in place.
            std::size_t k = 0;
            for (const auto& v : t.values)
                if (k < l->values.size() && v == l->values[k]) ++k;
            std::string name = (t.schema ? *t.schema + "." : "") + t.name;
            if (k != l->values.size()) {
                plan_.warn("enum " + name + ": values were removed or reordered; PostgreSQL cannot do that in place, "
                           "write the change by hand (create a new type, convert the columns, drop the old one)");
                continue;
            }
            for (std::size_t i = 0; i < t.values.size(); ++i) {
                if (contains(l->values, t.values[i])) continue;
                ops::AddEnumValue op{t.schema, t.name, t.values[i], {}, {}};
                if (i > 0) op.after = t.values[i - 1];
                else if (t.values.size() > 1) op.before = t.values[1];
                plan_.add(Phase::enum_values, op, {});
                plan_.warn("enum " + name + ": the downgrade cannot remove the added value '" + t.values[i] +
                           "' (PostgreSQL has no ALTER TYPE ... DROP VALUE)");
            }
        }
        for (const auto& l : live_.enums) {
            bool kept = std::any_of(target_.enums.begin(), target_.enums.end(),
                                    [&](const auto& e) { return e.name == l.name && e.schema == l.schema; });
            if (!kept) plan_.add(Phase::enums_drop, ops::DropEnum{l.schema, l.name, l.values});
        }
    }

    // Dropping a table or column drops the sequences it owns: those are not dropped again.
    bool owner_dropped(const schema::Sequence& s) const {
        if (!s.owned_by) return false;
        auto [table, column] = split_owner(*s.owned_by);
        if (!live_.table(table, s.schema)) return false;
        const Table* t = target_.table(table, s.schema);
        return !t || !t->column(column);
    }

    std::string alter_sequence_sql(const schema::Sequence& s) const {
        std::string sql = "ALTER SEQUENCE " + (ctx_.dialect ? ctx_.dialect->qualified(s.schema, s.name) : s.name);
        if (s.increment) sql += " INCREMENT BY " + std::to_string(*s.increment);
        sql += s.min_value ? " MINVALUE " + std::to_string(*s.min_value) : std::string(" NO MINVALUE");
        sql += s.max_value ? " MAXVALUE " + std::to_string(*s.max_value) : std::string(" NO MAXVALUE");
        if (s.start) sql += " START WITH " + std::to_string(*s.start);
        sql += s.cycle ? " CYCLE" : " NO CYCLE";
        return sql;
    }

    void sequences() {
        std::optional<std::string> dialect_name;
        if (ctx_.dialect) dialect_name = std::string(ctx_.dialect->name());
        for (const auto& t : target_.sequences) {
            auto l = std::find_if(live_.sequences.begin(), live_.sequences.end(),
                                  [&](const auto& s) { return s.name == t.name && s.schema == t.schema; });
            if (l == live_.sequences.end()) {
                auto plain = t;
                plain.owned_by.reset();
                plan_.add(Phase::sequences_create, ops::CreateSequence{plain});
                if (t.owned_by)
                    plan_.add(Phase::sequence_owners, sequence_owner_op(t, t.owned_by, ctx_),
                              {sequence_owner_op(t, std::nullopt, ctx_)});
                continue;
            }
            auto a = *l, b = t;
            a.owned_by.reset();
            b.owned_by.reset();
            if (a != b)
                plan_.add(Phase::sequences_alter, ops::Sql{alter_sequence_sql(b), dialect_name},
                          {ops::Sql{alter_sequence_sql(a), dialect_name}});
            if (l->owned_by != t.owned_by)
                plan_.add(Phase::sequence_owners, sequence_owner_op(t, t.owned_by, ctx_),
                          {sequence_owner_op(t, l->owned_by, ctx_)});
        }
        for (const auto& l : live_.sequences) {
            bool kept = std::any_of(target_.sequences.begin(), target_.sequences.end(),
                                    [&](const auto& s) { return s.name == l.name && s.schema == l.schema; });
            if (kept || owner_dropped(l)) continue;
            plan_.add(Phase::sequences_drop, ops::DropSequence{l});
        }
    }

    void views() {
        for (const auto& t : target_.views) {
            auto l = std::find_if(live_.views.begin(), live_.views.end(),
                                  [&](const auto& v) { return v.name == t.name && v.schema == t.schema; });
            if (l != live_.views.end()) {
                if (canonical_expression(l->definition, ctx_.dialect) ==
                    canonical_expression(ctx_.stored.view(t), ctx_.dialect))
                    continue;
                plan_.add(Phase::views_drop, ops::DropView{l->schema, l->name, l->definition});
            }
            plan_.add(Phase::views_create, ops::CreateView{t});
        }
        for (const auto& l : live_.views) {
            bool kept = std::any_of(target_.views.begin(), target_.views.end(),
                                    [&](const auto& v) { return v.name == l.name && v.schema == l.schema; });
            if (!kept) plan_.add(Phase::views_drop, ops::DropView{l.schema, l.name, l.definition});
        }
    }

    // Referenced tables first. A foreign key closing a cycle is returned in `deferred` (by
    // table index) instead, when `split` is set.
    static std::vector<std::size_t> dependency_order(const std::vector<const Table*>& set, bool split,
                                                     std::multimap<std::size_t, std::size_t>& deferred) {
        std::vector<int> state(set.size(), 0);
        std::vector<std::size_t> order;
        auto index_of = [&](const schema::ForeignKey& fk, const Table& from) -> std::optional<std::size_t> {
            for (std::size_t i = 0; i < set.size(); ++i)
                if (set[i]->name == fk.ref_table && set[i]->schema == (fk.ref_schema ? fk.ref_schema : from.schema))
                    return i;
            return std::nullopt;
        };
        std::function<void(std::size_t)> visit = [&](std::size_t i) {
            state[i] = 1;
            const auto& fks = set[i]->foreign_keys;
            for (std::size_t f = 0; f < fks.size(); ++f) {
                auto j = index_of(fks[f], *set[i]);
                if (!j || *j == i) continue;
                if (state[*j] == 1) {
                    if (split) deferred.emplace(i, f);
                } else if (state[*j] == 0) {
                    visit(*j);
                }
            }
            state[i] = 2;
            order.push_back(i);
        };
        for (std::size_t i = 0; i < set.size(); ++i)
            if (state[i] == 0) visit(i);
        return order;
    }

    static Table without(const Table& t, const std::multimap<std::size_t, std::size_t>& deferred, std::size_t i,
                         std::vector<schema::ForeignKey>& removed) {
        Table out = t;
        out.foreign_keys.clear();
        auto range = deferred.equal_range(i);
        for (std::size_t f = 0; f < t.foreign_keys.size(); ++f) {
            bool is_deferred = std::any_of(range.first, range.second, [&](const auto& p) { return p.second == f; });
            (is_deferred ? removed : out.foreign_keys).push_back(t.foreign_keys[f]);
        }
        return out;
    }

    void tables() {
        std::vector<const Table*> created, dropped;
        for (const auto& t : target_.tables) {
            if (const Table* l = live_.table(t.name, t.schema)) diff_table(*l, t, ctx_, plan_);
            else created.push_back(&t);
        }
        for (const auto& l : live_.tables)
            if (!target_.table(l.name, l.schema)) dropped.push_back(&l);

        const auto* c = caps();
        std::multimap<std::size_t, std::size_t> deferred;
        for (std::size_t i : dependency_order(created, !c || (c->fk_targets_checked_at_create && c->add_constraint), deferred)) {
            std::vector<schema::ForeignKey> later;
            Table t = without(*created[i], deferred, i, later);
            plan_.add(Phase::tables_create, ops::CreateTable{t});
            for (auto& fk : later) plan_.add(Phase::fks_create, ops::CreateForeignKey{t.schema, t.name, fk, false});
        }

        deferred.clear();
        auto order = dependency_order(dropped, !c || c->drop_constraint, deferred);
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            std::vector<schema::ForeignKey> first;
            const Table& live = *dropped[*it];
            Table def = without(live, deferred, *it, first);
            for (const auto& fk : first) {
                if (!fk.name) {
                    def.foreign_keys.push_back(fk);
                    continue;
                }
                plan_.add(Phase::fks_drop, ops::DropConstraint{live.schema, live.name, *fk.name,
                                                               ops::ConstraintType::foreign_key, ops::Constraint{fk}});
            }
            std::vector<schema::Sequence> owned;
            for (const auto& col : live.columns) {
                auto range = ctx_.owned_sequences.equal_range(owner_key(live.schema, live.name, col.name));
                for (auto s = range.first; s != range.second; ++s) owned.push_back(s->second);
            }
            std::vector<ops::Op> inverse = recreate_sequences_before(owned);
            inverse.push_back(ops::CreateTable{def});
            for (auto& op : recreate_sequences_after(owned, ctx_)) inverse.push_back(std::move(op));
            plan_.add(Phase::tables_drop, ops::DropTable{live.schema, live.name, def}, std::move(inverse));
        }
    }

    MetaData live_;
    MetaData target_;
    Context ctx_;
    Plan plan_;
};

} // namespace

MetaData prepare(const MetaData& in, const CompareOptions& o) {
    MetaData m = in;
    std::string prefix = o.default_schema + ".";
    auto fix_type = [&](schema::Type& t) {
        if (!o.default_schema.empty() && t.name.rfind(prefix, 0) == 0) t.name = t.name.substr(prefix.size());
    };
    std::vector<Table> tables;
    for (auto& t : m.tables) {
        unqualify(t.schema, o);
        if (excluded(o, t.schema, t.name)) continue;
        for (auto& c : t.columns) fix_type(c.type);
        for (auto& fk : t.foreign_keys) unqualify(fk.ref_schema, o);
        tables.push_back(std::move(t));
    }
    m.tables = std::move(tables);
    std::erase_if(m.schemas, [&](const std::string& s) { return s == o.default_schema || !schema_included(o, s); });
    for (auto& e : m.enums) unqualify(e.schema, o);
    std::erase_if(m.enums, [&](const auto& e) { return !schema_included(o, e.schema); });
    for (auto& v : m.views) unqualify(v.schema, o);
    std::erase_if(m.views, [&](const auto& v) { return !schema_included(o, v.schema) || excluded(o, v.schema, v.name); });
    for (auto& s : m.sequences) unqualify(s.schema, o);
    std::erase_if(m.sequences, [&](const auto& s) {
        if (!schema_included(o, s.schema)) return true;
        return s.owned_by && excluded(o, s.schema, split_owner(*s.owned_by).first);
    });
    if (o.dialect) m = o.dialect->normalise(m);
    for (auto& t : m.tables) {
        if (t.primary_key)
            for (const auto& name : t.primary_key->columns)
                if (auto* c = t.column(name)) c->nullable = false;
        for (auto& c : t.columns)
            if (c.identity != schema::Identity::none) c.nullable = false;
    }
    return m;
}

Diff diff(const MetaData& live, const MetaData& target, const CompareOptions& options) {
    CompareOptions o = options;
    if (o.default_schema.empty() && o.dialect) o.default_schema = o.dialect->default_schema();
    return Differ(prepare(live, o), prepare(target, o), o).run();
}

std::vector<ops::Op> compare(const MetaData& live, const MetaData& target, const CompareOptions& options) {
    return diff(live, target, options).upgrade;
}

std::vector<std::string> describe(const Diff& d) {
    std::vector<std::string> out;
    for (const auto& op : d.upgrade) out.push_back(ops::describe(op));
    return out;
}

} // namespace migrate::autogen

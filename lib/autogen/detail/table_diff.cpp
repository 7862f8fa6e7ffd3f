// One table present on both sides: columns, then keys, constraints and indexes matched by
// name first and by content second (so an unnamed constraint equals the one the database
// named), then comments.
#include <migrate/autogen/detail/plan.hpp>

#include <algorithm>
#include <functional>

#include <migrate/autogen/detail/expression.hpp>

namespace migrate::autogen::detail {
namespace {

using schema::Table;

std::string canon(const std::string& e, const Context& ctx) { return canonical_expression(e, ctx.dialect); }

} // namespace

bool same_index(const schema::Index& a, const schema::Index& b, const Context& ctx) {
    if (a.unique != b.unique || a.method != b.method || a.elements.size() != b.elements.size()) return false;
    if (a.where.has_value() != b.where.has_value()) return false;
    if (a.where && canon(*a.where, ctx) != canon(*b.where, ctx)) return false;
    if (a.include != b.include) return false;
    for (std::size_t i = 0; i < a.elements.size(); ++i) {
        const auto &x = a.elements[i], &y = b.elements[i];
        if (x.descending != y.descending) return false;
        if (x.is_expression || y.is_expression) {
            if (canon(x.text, ctx) != canon(y.text, ctx)) return false;
        } else if (x.text != y.text) {
            return false;
        }
    }
    return true;
}

namespace {

bool same_fk(const schema::ForeignKey& a, const schema::ForeignKey& b) {
    return a.columns == b.columns && a.ref_schema == b.ref_schema && a.ref_table == b.ref_table &&
           a.ref_columns == b.ref_columns && a.on_delete == b.on_delete && a.on_update == b.on_update &&
           a.deferrable == b.deferrable && a.initially_deferred == b.initially_deferred;
}

// Pairs live and target items: same name (equal content = unchanged, else changed), then
// equal content whatever the names. Calls on_drop / on_create for the rest and the changed, and
// on_rename (when given) for a pair of equal content whose names are both set and differ.
template <class T>
void match(const std::vector<T>& live, const std::vector<T>& target,
           const std::function<std::optional<std::string>(const T&)>& name_of,
           const std::function<bool(const T&, const T&)>& same,
           const std::function<void(const T&)>& on_drop, const std::function<void(const T&)>& on_create,
           const std::function<void(const T&, const T&)>& on_rename = {}) {
    std::vector<bool> live_used(live.size()), target_used(target.size());
    for (std::size_t t = 0; t < target.size(); ++t) {
        auto tn = name_of(target[t]);
        if (!tn) continue;
        for (std::size_t l = 0; l < live.size(); ++l) {
            if (live_used[l] || name_of(live[l]) != tn) continue;
            live_used[l] = target_used[t] = true;
            if (!same(live[l], target[t])) {
                on_drop(live[l]);
                on_create(target[t]);
            }
            break;
        }
    }
    for (std::size_t t = 0; t < target.size(); ++t) {
        if (target_used[t]) continue;
        for (std::size_t l = 0; l < live.size(); ++l) {
            if (live_used[l] || !same(live[l], target[t])) continue;
            live_used[l] = target_used[t] = true;
            auto ln = name_of(live[l]), tn = name_of(target[t]);
            if (on_rename && ln && tn && !ln->empty() && !tn->empty() && *ln != *tn) on_rename(live[l], target[t]);
            break;
        }
    }
    for (std::size_t l = 0; l < live.size(); ++l)
        if (!live_used[l]) on_drop(live[l]);
    for (std::size_t t = 0; t < target.size(); ++t)
        if (!target_used[t]) on_create(target[t]);
}

class TableDiff {
public:
    TableDiff(const Table& live, const Table& target, const Context& ctx, Plan& plan)
        : live_(live), target_(target), ctx_(ctx), plan_(plan), stored_(ctx.stored.table(target)) {}

    void run() {
        columns();
        primary_key();
        uniques();
        checks();
        foreign_keys();
        indexes();
        if (ctx_.options.compare_comments && live_.comment != target_.comment)
            plan_.add(Phase::columns, ops::SetTableComment{target_.schema, target_.name, target_.comment,
                                                           ops::Change<std::string>{live_.comment}});
        auto flag = [&](bool live, bool target, const char* what) {
            if (live != target)
                plan_.warn("table " + live_.qualified_name() + ": " + what + " differs (live " + (live ? "yes" : "no") +
                           ", target " + (target ? "yes" : "no") + "); no op changes it, edit the revision by hand");
        };
        flag(live_.strict, target_.strict, "STRICT");
        flag(live_.without_rowid, target_.without_rowid, "WITHOUT ROWID");
    }

private:
    void columns() {
        for (const auto& lc : live_.columns)
            if (!target_.column(lc.name)) drop(lc);
        for (const auto& tc : target_.columns) {
            const auto* lc = live_.column(tc.name);
            if (lc && generation_differs(*lc, tc)) {
                // No ALTER changes a generation expression everywhere (PostgreSQL < 17, SQLite).
                plan_.warn("column " + live_.qualified_name() + "." + tc.name + ": generated expression differs (live " +
                           generation(*lc) + ", target " + generation(tc) +
                           "); the column is dropped and added again, its values are not kept");
                drop(*lc);
                lc = nullptr;
            }
            if (!lc) {
                plan_.add(Phase::columns, ops::AddColumn{target_.schema, target_.name, tc});
                continue;
            }
            alter(*lc, tc);
        }
    }

    void drop(const schema::Column& lc) {
        std::vector<schema::Sequence> owned;
        auto range = ctx_.owned_sequences.equal_range(owner_key(live_.schema, live_.name, lc.name));
        for (auto it = range.first; it != range.second; ++it) owned.push_back(it->second);
        ops::DropColumn drop{live_.schema, live_.name, lc.name, lc};
        std::vector<ops::Op> inverse = recreate_sequences_before(owned);
        inverse.push_back(ops::AddColumn{live_.schema, live_.name, lc});
        for (auto& op : recreate_sequences_after(owned, ctx_)) inverse.push_back(std::move(op));
        plan_.add(Phase::columns, std::move(drop), std::move(inverse));
    }

    bool generation_differs(const schema::Column& l, const schema::Column& t) const {
        if (l.generated.has_value() != t.generated.has_value() || l.generated_stored != t.generated_stored) return true;
        return l.generated &&
               canon(*l.generated, ctx_) != canon(stored(&StoredTableForms::generated, t.name, *t.generated), ctx_);
    }

    // The target's text, or what the live server made of it (see stored_forms.hpp).
    const std::string& stored(std::map<std::string, std::string> StoredTableForms::*forms, const std::string& key,
                              const std::string& text) const {
        return stored_ ? StoredForms::or_text(stored_->*forms, key, text) : text;
    }

    const schema::Index& stored(const schema::Index& target) const {
        if (!stored_) return target;
        auto it = stored_->indexes.find(target.name);
        return it == stored_->indexes.end() ? target : it->second;
    }

    static std::string generation(const schema::Column& c) {
        if (!c.generated) return "not generated";
        return "(" + *c.generated + (c.generated_stored ? ") STORED" : ") VIRTUAL");
    }

    void alter(const schema::Column& l, const schema::Column& t) {
        ops::AlterColumn a;
        a.schema = target_.schema;
        a.table = target_.name;
        a.column = t.name;
        a.existing_type = l.type;
        a.existing_nullable = l.nullable;
        a.existing_server_default = ops::Change<std::string>{l.server_default};
        a.existing_comment = ops::Change<std::string>{l.comment};
        a.existing_collation = ops::Change<std::string>{l.collation};
        if (l.type != t.type) a.type = t.type;
        if (l.collation != t.collation) a.collation = ops::Change<std::string>{t.collation};
        if (l.nullable != t.nullable) a.nullable = t.nullable;
        if (ctx_.options.compare_server_defaults && l.server_default != t.server_default) {
            bool same = l.server_default && t.server_default &&
                        canon(*l.server_default, ctx_) ==
                            canon(stored(&StoredTableForms::defaults, t.name, *t.server_default), ctx_);
            if (!same) a.server_default = ops::Change<std::string>{t.server_default};
        }
        if (ctx_.options.compare_comments && l.comment != t.comment) a.comment = ops::Change<std::string>{t.comment};
        if (a.changes_anything()) plan_.add(Phase::columns, std::move(a));
        std::string where = live_.qualified_name() + "." + t.name;
        if (l.identity != t.identity)
            plan_.warn("column " + where + ": identity differs (live " + to_string(l.identity) + ", target " +
                       to_string(t.identity) + "); no op changes it, edit the revision by hand");
        if (l.autoincrement != t.autoincrement)
            plan_.warn("column " + where + ": AUTOINCREMENT differs; no op changes it, edit the revision by hand");
    }

    static std::string to_string(schema::Identity i) {
        switch (i) {
        case schema::Identity::always: return "always";
        case schema::Identity::by_default: return "by default";
        default: return "none";
        }
    }

    // An unnamed constraint (SQLite's usual kind) is dropped by its definition, which the
    // runtime does by recreating the table.
    template <class C>
    void drop_constraint(const C& c, ops::ConstraintType type, Phase phase) {
        plan_.add(phase, ops::DropConstraint{live_.schema, live_.name, c.name.value_or(""), type, ops::Constraint{c}});
    }

    void primary_key() {
        const auto& l = live_.primary_key;
        const auto& t = target_.primary_key;
        if ((l ? l->columns : std::vector<std::string>{}) == (t ? t->columns : std::vector<std::string>{})) return;
        if (l) drop_constraint(*l, ops::ConstraintType::primary_key, Phase::constraints_drop);
        if (t) plan_.add(Phase::constraints_create, ops::CreatePrimaryKey{target_.schema, target_.name, *t});
    }

    void uniques() {
        using U = schema::UniqueConstraint;
        match<U>(live_.unique_constraints, target_.unique_constraints, [](const U& u) { return u.name; },
                 [](const U& a, const U& b) { return a.columns == b.columns; },
                 [&](const U& u) { drop_constraint(u, ops::ConstraintType::unique, Phase::constraints_drop); },
                 [&](const U& u) {
                     plan_.add(Phase::constraints_create, ops::CreateUniqueConstraint{target_.schema, target_.name, u});
                 });
    }

    void checks() {
        using C = schema::CheckConstraint;
        match<C>(live_.check_constraints, target_.check_constraints, [](const C& c) { return c.name; },
                 [&](const C& a, const C& b) {
                     return canon(a.expression, ctx_) ==
                            canon(stored(&StoredTableForms::checks, b.expression, b.expression), ctx_);
                 },
                 [&](const C& c) { drop_constraint(c, ops::ConstraintType::check, Phase::constraints_drop); },
                 [&](const C& c) {
                     plan_.add(Phase::constraints_create, ops::CreateCheckConstraint{target_.schema, target_.name, c, false});
                 });
    }

    void foreign_keys() {
        using F = schema::ForeignKey;
        match<F>(live_.foreign_keys, target_.foreign_keys, [](const F& f) { return f.name; }, same_fk,
                 [&](const F& f) { drop_constraint(f, ops::ConstraintType::foreign_key, Phase::fks_drop); },
                 [&](const F& f) {
                     plan_.add(Phase::fks_create, ops::CreateForeignKey{target_.schema, target_.name, f, false});
                 });
    }

    void indexes() {
        using I = schema::Index;
        match<I>(live_.indexes, target_.indexes, [](const I& i) { return std::optional<std::string>{i.name}; },
                 [&](const I& a, const I& b) { return same_index(a, stored(b), ctx_); },
                 [&](const I& i) {
                     plan_.add(Phase::constraints_drop, ops::DropIndex{live_.schema, live_.name, i.name, i, false});
                 },
                 [&](const I& i) {
                     plan_.add(Phase::constraints_create, ops::CreateIndex{target_.schema, target_.name, i, false});
                 },
                 [&](const I& l, const I& t) { rename_index(l, t); });
    }

    // Same definition, another name: ALTER INDEX ... RENAME where the dialect can; elsewhere the
    // op drops and creates it again, which a warning says (the index is rebuilt).
    void rename_index(const schema::Index& l, const schema::Index& t) {
        plan_.add(Phase::index_renames, ops::RenameIndex{live_.schema, live_.name, l.name, t.name, l});
        if (ctx_.dialect && !ctx_.dialect->capabilities().rename_index)
            plan_.warn("index " + l.name + " on " + live_.qualified_name() + " is renamed to " + t.name + "; " +
                       std::string(ctx_.dialect->name()) +
                       " has no ALTER INDEX ... RENAME, so it is dropped and created again (rebuilt) under the new name");
    }

    const Table& live_;
    const Table& target_;
    const Context& ctx_;
    Plan& plan_;
    const StoredTableForms* stored_;
};

} // namespace

void diff_table(const Table& live, const Table& target, const Context& ctx, Plan& plan) {
    TableDiff(live, target, ctx, plan).run();
}

} // namespace migrate::autogen::detail

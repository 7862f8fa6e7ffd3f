// Building the one request to the server and reading its answer (see stored_forms.hpp).
#include <migrate/autogen/detail/stored_forms.hpp>

#include <algorithm>

#include <migrate/autogen/detail/expression.hpp>
#include <migrate/autogen/detail/plan.hpp>

namespace migrate::autogen::detail {
namespace {

using schema::MetaData;
using schema::Table;

std::string view_key(const schema::View& v) { return v.schema ? *v.schema + "." + v.name : v.name; }

// What one target table asks: which of its expressions, under which temporary names.
struct TableRequest {
    const Table* target = nullptr;
    std::string temp_name;
    std::vector<std::string> defaults, generated; // column names
    std::vector<std::size_t> checks, indexes;     // positions in the target's vectors
    bool empty() const { return defaults.empty() && generated.empty() && checks.empty() && indexes.empty(); }
};

std::string check_name(std::size_t i) { return "migrate_check_" + std::to_string(i); }
std::string index_name(std::size_t table, std::size_t i) {
    return "migrate_ix_" + std::to_string(table) + "_" + std::to_string(i);
}

class Asker {
public:
    Asker(const MetaData& live, const MetaData& target, const Context& ctx) : live_(live), target_(target), ctx_(ctx) {}

    StoredForms run() {
        for (const auto& t : target_.tables)
            if (const Table* l = live_.table(t.name, t.schema)) differing(*l, t);
        for (const auto& t : target_.views) {
            auto l = std::find_if(live_.views.begin(), live_.views.end(),
                                  [&](const auto& v) { return v.name == t.name && v.schema == t.schema; });
            if (l != live_.views.end() && canon(l->definition) != canon(t.definition)) views_.push_back(&t);
        }
        if (tables_.empty() && views_.empty()) return {};
        auto reply = ctx_.options.read_back_as_stored(request());
        if (!reply) return {};
        return read(*reply);
    }

private:
    std::string canon(const std::string& e) const { return canonical_expression(e, ctx_.dialect); }

    void differing(const Table& l, const Table& t) {
        TableRequest r;
        r.target = &t;
        for (const auto& tc : t.columns) {
            const auto* lc = l.column(tc.name);
            if (!lc) continue;
            if (ctx_.options.compare_server_defaults && lc->server_default && tc.server_default && !tc.generated &&
                canon(*lc->server_default) != canon(*tc.server_default))
                r.defaults.push_back(tc.name);
            if (lc->generated && tc.generated && canon(*lc->generated) != canon(*tc.generated))
                r.generated.push_back(tc.name);
        }
        for (std::size_t i = 0; i < t.check_constraints.size(); ++i) {
            std::string mine = canon(t.check_constraints[i].expression);
            if (std::none_of(l.check_constraints.begin(), l.check_constraints.end(),
                             [&](const auto& c) { return canon(c.expression) == mine; }))
                r.checks.push_back(i);
        }
        for (std::size_t i = 0; i < t.indexes.size(); ++i) {
            const auto& ix = t.indexes[i];
            bool has_expression = ix.where || std::any_of(ix.elements.begin(), ix.elements.end(),
                                                          [](const auto& e) { return e.is_expression; });
            if (has_expression && std::none_of(l.indexes.begin(), l.indexes.end(),
                                               [&](const auto& li) { return same_index(li, ix, ctx_); }))
                r.indexes.push_back(i);
        }
        if (!r.empty()) tables_.push_back(std::move(r));
    }

    static schema::Column column_for(const schema::Column& c, const TableRequest& r) {
        schema::Column out;
        out.name = c.name;
        out.type = c.type;
        out.collation = c.collation;
        if (std::count(r.defaults.begin(), r.defaults.end(), c.name)) out.server_default = c.server_default;
        if (std::count(r.generated.begin(), r.generated.end(), c.name)) {
            out.generated = c.generated;
            out.generated_stored = c.generated_stored;
        }
        return out;
    }

    MetaData request() {
        MetaData m;
        for (const auto& e : target_.enums)
            if (std::none_of(live_.enums.begin(), live_.enums.end(),
                             [&](const auto& l) { return l.name == e.name && l.schema == e.schema; }))
                m.enums.push_back(e);
        // View bodies must find every table of the target they may read, with its columns.
        if (!views_.empty())
            for (const auto& t : target_.tables)
                if (!t.schema && std::none_of(tables_.begin(), tables_.end(), [&](const auto& r) { return r.target == &t; }))
                    tables_.push_back(TableRequest{&t, {}, {}, {}, {}, {}});
        // Temporary tables are unqualified: a default-schema table keeps its name (so that view
        // bodies find it), one of another schema gets a name of its own; views alike.
        for (std::size_t k = 0; k < tables_.size(); ++k) {
            auto& r = tables_[k];
            r.temp_name = r.target->schema ? "migrate_table_" + std::to_string(k) : r.target->name;
            Table t;
            t.name = r.temp_name;
            for (const auto& c : r.target->columns) t.columns.push_back(column_for(c, r));
            for (std::size_t i : r.checks) t.check_constraints.push_back({check_name(i), r.target->check_constraints[i].expression});
            for (std::size_t i : r.indexes) {
                schema::Index ix = r.target->indexes[i];
                ix.name = index_name(k, i);
                t.indexes.push_back(std::move(ix));
            }
            m.tables.push_back(std::move(t));
        }
        for (std::size_t k = 0; k < views_.size(); ++k)
            m.views.push_back({std::nullopt, views_[k]->schema ? "migrate_view_" + std::to_string(k) : views_[k]->name,
                               views_[k]->definition});
        view_names_.clear();
        for (const auto& v : m.views) view_names_.push_back(v.name);
        return m;
    }

    StoredForms read(const MetaData& reply) const {
        StoredForms out;
        for (std::size_t k = 0; k < tables_.size(); ++k) {
            const auto& r = tables_[k];
            const Table* stored = reply.table(r.temp_name);
            if (!stored || r.empty()) continue;
            StoredTableForms f;
            for (const auto& name : r.defaults)
                if (const auto* c = stored->column(name); c && c->server_default) f.defaults[name] = *c->server_default;
            for (const auto& name : r.generated)
                if (const auto* c = stored->column(name); c && c->generated) f.generated[name] = *c->generated;
            for (std::size_t i : r.checks)
                for (const auto& c : stored->check_constraints)
                    if (c.name == check_name(i)) f.checks[r.target->check_constraints[i].expression] = c.expression;
            for (std::size_t i : r.indexes)
                for (const auto& ix : stored->indexes)
                    if (ix.name == index_name(k, i)) {
                        f.indexes[r.target->indexes[i].name] = ix;
                        f.indexes[r.target->indexes[i].name].name = r.target->indexes[i].name;
                    }
            out.tables[r.target->qualified_name()] = std::move(f);
        }
        for (std::size_t k = 0; k < views_.size(); ++k)
            for (const auto& v : reply.views)
                if (v.name == view_names_[k]) out.views[view_key(*views_[k])] = v.definition;
        return out;
    }

    const MetaData& live_;
    const MetaData& target_;
    const Context& ctx_;
    std::vector<TableRequest> tables_;
    std::vector<const schema::View*> views_;
    std::vector<std::string> view_names_;
};

} // namespace

const StoredTableForms* StoredForms::table(const schema::Table& target) const {
    auto it = tables.find(target.qualified_name());
    return it == tables.end() ? nullptr : &it->second;
}

const std::string& StoredForms::view(const schema::View& target) const {
    return or_text(views, view_key(target), target.definition);
}

const std::string& StoredForms::or_text(const std::map<std::string, std::string>& forms, const std::string& key,
                                        const std::string& text) {
    auto it = forms.find(key);
    return it == forms.end() ? text : it->second;
}

StoredForms ask_stored_forms(const MetaData& live, const MetaData& target, const Context& ctx) {
    if (!ctx.options.read_back_as_stored) return {};
    return Asker(live, target, ctx).run();
}

} // namespace migrate::autogen::detail

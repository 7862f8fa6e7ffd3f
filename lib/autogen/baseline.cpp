// A baseline is autogenerate from nothing: the reflected database is the target, the empty
// schema the live side, so ordering and cycle handling are compare()'s, not a copy of them.
#include <migrate/autogen/baseline.hpp>

#include <migrate/autogen/autogenerate.hpp>
#include <migrate/base/error.hpp>
#include <migrate/base/join.hpp>
#include <migrate/db/url.hpp>
#include <migrate/revision/target.hpp>

namespace migrate::autogen {

Diff baseline(db::Connection& conn, const CompareOptions& options) {
    CompareOptions o = options;
    if (!o.dialect) o.dialect = &dialect::dialect_for(conn.backend());
    o.target_as_stored = true; // the target is what the server stores
    dialect::NotModelled kinds;
    const schema::MetaData reflected = reflect_database(conn, o, &kinds);
    Diff d = diff(schema::MetaData{}, reflected, o);
    if (!kinds.empty()) {
        std::string list;
        for (const auto& [kind, n] : kinds) list += (list.empty() ? "" : ", ") + kind + " (" + std::to_string(n) + ")";
        d.warnings.insert(d.warnings.begin(), "database: left out of the baseline, outside the schema model: " + list +
                                                  "; add them as sql ops if new databases need them");
    }
    return d;
}

namespace {

// The baseline's parent: none in an empty directory, else what --head names.
std::vector<std::string> baseline_parent(const revision::RevisionGraph& g, const std::optional<std::string>& head) {
    if (!head) {
        if (g.empty()) return {};
        throw UsageError("the script directory already has revisions (heads: " + base::join(g.heads()) +
                         "): say where the baseline goes with --head REV (on top of a head) or --head base (a new root)");
    }
    if (*head == "base") return {};
    auto i = revision::resolve_revision(g, *head);
    if (!g.is_head(i)) throw UsageError("--head " + *head + ": " + g.at(i).id + " is not a head");
    return {g.at(i).id};
}

} // namespace

BaselineResult write_baseline(runtime::Migrator& migrator, const BaselineOptions& options) {
    revision::NewRevision spec;
    spec.message = options.message;
    spec.id = options.id.value_or(revision::new_revision_id());
    spec.down_revisions = baseline_parent(migrator.graph(), options.head);
    spec.branch_labels = options.branch_labels;
    const Diff d = baseline(migrator.connection(), compare_options(migrator.config()));
    if (d.empty())
        throw UsageError("the database (" + db::mask_password(migrator.config().url) +
                         ") holds no schema to baseline in the schemas migrate reads; nothing was written");
    fill_revision(spec, d);
    BaselineResult result;
    result.file = migrator.write_revision(spec);
    result.revision = *spec.id;
    result.ops = d.upgrade.size();
    result.warnings = d.warnings;
    result.stamp = migrator.stamp({result.revision}, false);
    return result;
}

} // namespace migrate::autogen

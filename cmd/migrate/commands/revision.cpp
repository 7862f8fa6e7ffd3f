// migrate revision -m MSG: a new empty revision file on top of the current head.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/base/join.hpp>
#include <migrate/autogen/autogenerate.hpp>
#include <migrate/base/error.hpp>
#include <migrate/revision/target.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct RevisionOptions {
    std::string message;
    std::string head = "head";
    bool splice = false;
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    std::string rev_id;
    bool autogenerate = false;        // --autogenerate: ops from the difference with `target`
    std::vector<std::string> renames; // --rename old:new
};

void run_revision(const Options& options, const RevisionOptions& mine) {
    auto migrator = make_migrator(options);
    const auto& g = migrator->graph();
    revision::NewRevision spec = new_revision_spec(migrator->config(), mine.message, mine.branch_labels, mine.rev_id);

    if (mine.head == "base") {
        // A new root: empty down_revision (a second base is a new branch; give it a label).
    } else if (mine.head == "head" && g.heads().size() > 1) {
        throw UsageError("there are several heads (" + base::join(g.heads()) + "): choose one with --head, or join them with `migrate merge`");
    } else if (!g.empty()) {
        auto parent = revision::resolve_revision(g, mine.head);
        if (!g.is_head(parent) && !mine.splice)
            throw UsageError("--head " + mine.head + ": " + g.at(parent).id +
                             " is not a head; pass --splice to start a new branch from it");
        spec.down_revisions = {g.at(parent).id};
    }
    for (const auto& dep : mine.depends_on) {
        // Keep labels as labels (as Alembic does); resolve ids and prefixes to full ids.
        if (g.labelled(dep)) spec.depends_on.push_back(dep);
        else spec.depends_on.push_back(g.at(revision::resolve_name(g, dep)).id);
    }
    autogen::Diff diff;
    if (mine.autogenerate) {
        const auto guard = interrupt_guard(); // its scratch database goes as the run unwinds
        std::vector<autogen::Rename> renames;
        for (const auto& r : mine.renames) renames.push_back(autogen::parse_rename(r));
        diff = autogen::autogenerate(*migrator, renames);
        for (const auto& w : diff.warnings) std::cerr << "warning: " << w << '\n';
        if (diff.empty()) {
            if (options.json()) return output().set_result(Json{{"created", Json::array()}});
            std::cout << "No changes detected\n";
            return;
        }
        autogen::fill_revision(spec, diff);
    }
    auto path = write_revision_file(*migrator, spec);
    if (options.json()) return output().set_result(Json{{"created", Json::array({path})}});
    std::cout << "created " << path << '\n';
}

void setup_revision(CLI::App& app, Options& options) {
    auto mine = std::make_shared<RevisionOptions>();
    auto* cmd = app.add_subcommand("revision", "Create a new revision file (ops are written by you)");
    cmd->add_option("-m,--message", mine->message, "What the revision does")->required();
    cmd->add_option("--head", mine->head,
                    "The revision to build on: head (default), a revision or label@head, or base for a new root");
    cmd->add_flag("--splice", mine->splice, "Allow --head to name a revision that is not a head (a new branch)");
    cmd->add_option("--branch-label", mine->branch_labels, "A label for the branch this revision starts (repeatable)");
    cmd->add_option("--depends-on", mine->depends_on, "A revision or label this one needs applied first (repeatable)");
    cmd->add_option("--rev-id", mine->rev_id, "Use this id instead of a random one (letters, digits, '_')");
    cmd->add_flag("--autogenerate", mine->autogenerate,
                  "Write the ops from the difference between the database (at head) and `target` in the config");
    cmd->add_option("--rename", mine->renames,
                    "With --autogenerate: OLD:NEW makes a table (books:volumes) or column (books.title:name) a "
                    "rename instead of drop + add (repeatable)");
    cmd->footer("Examples:\n  migrate revision -m \"add tags\"\n"
                "  migrate revision -m \"start billing\" --head base --branch-label billing\n"
                "  migrate revision -m \"invoices\" --head billing@head --depends-on ae10\n"
                "  migrate revision --autogenerate -m \"add isbn\" --rename books.code:isbn");
    cmd->callback([&options, mine] { run_revision(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(20, setup_revision);

} // namespace migrate::cli

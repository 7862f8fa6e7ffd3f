// migrate init [DIR]: a new project: migrate.toml and migrations/versions/ (with a .gitignore for
// the header cache) from the templates.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/base/error.hpp>

#include <filesystem>
#include <iostream>

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

void run_init(const Options& options, const std::string& dir_arg) {
    const fs::path dir = dir_arg.empty() ? fs::current_path() : fs::path(dir_arg);
    const fs::path config = dir / "migrate.toml";
    if (fs::exists(config)) throw UsageError(config.string() + ": exists already; not overwriting it");
    const fs::path versions = dir / "migrations" / "versions";
    if (fs::exists(versions) && !fs::is_empty(versions))
        throw UsageError(versions.string() + ": exists already and is not empty; not overwriting it");
    const fs::path templates = templates_dir();
    fs::create_directories(versions);
    fs::copy_file(templates / "migrate.toml", config);
    fs::copy_file(templates / "revision.json", dir / "migrations" / "revision.json.template",
                  fs::copy_options::skip_existing);
    // Keeps the header cache that loading writes beside the revisions out of version control.
    fs::copy_file(templates / "gitignore", versions / ".gitignore");
    if (options.json())
        return output().set_result(Json{{"created",
                                         Json::array({config.string(), versions.string() + "/",
                                                      (versions / ".gitignore").string(),
                                                      (dir / "migrations" / "revision.json.template").string()})}});
    if (options.quiet) return;
    std::cout << "created " << config.string() << "\n"
              << "created " << versions.string() << "/\n"
              << "created " << (versions / ".gitignore").string() << "\n"
              << "created " << (dir / "migrations" / "revision.json.template").string() << "\n"
              << "next: edit the url in migrate.toml (default: SQLite file migrate.db beside it), then\n"
              << "  migrate revision -m \"create first table\"\n";
}

void setup_init(CLI::App& app, Options& options) {
    auto dir = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("init", "Create migrate.toml and migrations/versions/ in DIR (default: here)");
    cmd->add_option("dir", *dir, "The project directory (created if missing)");
    cmd->footer("Example:\n  migrate init myproject && cd myproject && migrate revision -m \"create authors\"");
    cmd->callback([&options, dir] { run_init(options, *dir); });
}

} // namespace

MIGRATE_COMMAND(10, setup_init);

} // namespace migrate::cli

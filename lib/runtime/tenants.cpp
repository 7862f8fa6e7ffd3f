#include <migrate/runtime/tenants.hpp>

#include <migrate/base/error.hpp>
#include <migrate/db/connection.hpp>
#include <migrate/db/interrupt.hpp>
#include <migrate/db/url.hpp>
#include <migrate/dialect/dialect.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include <fnmatch.h>
#include <glob.h>

namespace migrate::runtime {

namespace fs = std::filesystem;

namespace {

// A tenant named by its URL alone: the SQLite file's stem, or the PostgreSQL database's name
// (the path of the URL, before any query), or the whole masked URL when it has neither.
std::string name_from_url(const std::string& url) {
    const auto parsed = db::parse_url(url);
    if (parsed.backend == db::Backend::sqlite) return fs::path(parsed.sqlite_path).stem().string();
    const auto authority = url.find("://");
    const auto slash = authority == std::string::npos ? std::string::npos : url.find('/', authority + 3);
    if (slash != std::string::npos) {
        std::string name = url.substr(slash + 1, url.find('?', slash) - slash - 1);
        if (!name.empty()) return name;
    }
    return db::mask_password(url);
}

Tenant tenant(const Config& project, std::string name, const std::string& url, const std::string& schema = {}) {
    Tenant t{std::move(name), project};
    t.config.tenants = TenantSource{};
    t.config.url = url;
    t.config.url_source = "[tenants] " + t.name;
    t.config.schema = schema;
    return t;
}

std::vector<std::string> glob_files(const std::string& pattern, const fs::path& directory) {
    const std::string full = fs::path(pattern).is_absolute() ? pattern : (directory / pattern).string();
    glob_t found{};
    const int status = ::glob(full.c_str(), 0, nullptr, &found);
    std::vector<std::string> out;
    if (status == 0)
        for (std::size_t i = 0; i < found.gl_pathc; ++i) out.emplace_back(found.gl_pathv[i]);
    globfree(&found);
    if (status != 0 && status != GLOB_NOMATCH) throw Error("glob " + full + ": cannot read the directories");
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<db::Row> control_rows(const Config& config) {
    const std::string& url = config.tenants.control_url.empty() ? config.url : config.tenants.control_url;
    auto conn = db::connect(url);
    return conn->query(config.tenants.query);
}

std::vector<Tenant> from_source(const Config& c) {
    const TenantSource& source = c.tenants;
    std::vector<Tenant> out;
    auto add_schemas = [&](const std::vector<std::string>& schemas) {
        if (!dialect::dialect_for(db::parse_url(c.url).backend).capabilities().schemas)
            throw UsageError(source.where + ": [tenants]: schema-per-tenant needs a PostgreSQL url, not " +
                             db::mask_password(c.url));
        for (const auto& s : schemas) out.push_back(tenant(c, s, c.url, s));
    };
    switch (source.kind) {
    case TenantSource::Kind::none:
        throw UsageError((c.file.empty() ? std::string("migrate.toml") : c.file.string()) +
                         ": --tenants needs a [tenants] section (urls, glob, query, schemas or schema_query)");
    case TenantSource::Kind::urls:
        for (const auto& [name, url] : source.urls) out.push_back(tenant(c, name.empty() ? name_from_url(url) : name, url));
        break;
    case TenantSource::Kind::glob:
        for (const auto& file : glob_files(source.glob, c.directory))
            out.push_back(tenant(c, fs::path(file).stem().string(), "sqlite:///" + fs::absolute(file).string()));
        break;
    case TenantSource::Kind::query:
        for (const auto& row : control_rows(c)) {
            if (row.size() == 0 || row.size() > 2 || row[row.size() - 1].is_null())
                throw UsageError(source.where + ": [tenants] query: each row must be (url) or (name, url)");
            const std::string url = anchor_sqlite_url(row[row.size() - 1].as_text(), c.directory);
            out.push_back(tenant(c, row.size() == 2 ? row[0].as_text() : name_from_url(url), url));
        }
        break;
    case TenantSource::Kind::schemas: add_schemas(source.schemas); break;
    case TenantSource::Kind::schema_query: {
        std::vector<std::string> schemas;
        for (const auto& row : control_rows(c)) {
            if (row.size() != 1 || row[0].is_null())
                throw UsageError(source.where + ": [tenants] schema_query: each row must be one schema name");
            schemas.push_back(row[0].as_text());
        }
        add_schemas(schemas);
        break;
    }
    }
    return out;
}

} // namespace

std::vector<Tenant> resolve_tenants(const Config& config) {
    auto out = from_source(config);
    if (out.empty()) throw UsageError(config.tenants.where + ": [tenants] finds no tenant");
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto [it, fresh] = seen.emplace(out[i].name, i);
        if (!fresh)
            throw UsageError(config.tenants.where + ": [tenants]: two tenants are named '" + out[i].name + "' (" +
                             db::mask_password(out[it->second].config.url) + " and " +
                             db::mask_password(out[i].config.url) +
                             "); name them with urls = { NAME = \"URL\", ... } or a (name, url) query");
    }
    return out;
}

std::vector<Tenant> select_tenants(std::vector<Tenant> tenants, const std::string& pattern) {
    if (pattern == "all" || pattern == "*") return tenants;
    std::erase_if(tenants, [&](const Tenant& t) { return ::fnmatch(pattern.c_str(), t.name.c_str(), 0) != 0; });
    if (tenants.empty()) throw UsageError("--tenants=" + pattern + ": no tenant's name matches");
    return tenants;
}

std::vector<bool> fan_out(std::size_t count, const FanOutOptions& options, const std::function<bool(std::size_t)>& work) {
    std::vector<char> started(count, 0); // written by one thread each, read after the joins
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto worker = [&] {
        while (!stop && db::interrupt_signal() == 0) {
            const std::size_t i = next++;
            if (i >= count) return;
            started[i] = 1;
            bool ok = false;
            try {
                ok = work(i);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!first_error) first_error = std::current_exception();
            }
            if (!ok && !options.keep_going) stop = true;
        }
    };
    const std::size_t threads = std::min(std::max<std::size_t>(options.jobs, 1), count);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker(); // the calling thread is one of them
    for (auto& t : pool) t.join();
    if (first_error) std::rethrow_exception(first_error);
    return std::vector<bool>(started.begin(), started.end());
}

} // namespace migrate::runtime

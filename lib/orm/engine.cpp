// Engine: the pool and its knobs from EngineOptions and the URL.
#include <migrate/orm/engine.hpp>

#include <migrate/db/error.hpp>

namespace migrate::orm {

namespace {

db::Pool make_pool(const std::string& url, const EngineOptions& options) {
    auto taken = db::take_pool_parameters(url, options.pool);
    db::Url parsed = db::parse_url(taken.url);
    taken.options.echo = options.echo || options.echo_pool;
    // Several connections to one SQLite file: WAL so readers run beside the writer, and writers
    // queue on the busy timeout (see db::ConnectOptions).
    db::ConnectOptions connect{.echo = options.echo,
                               .busy_timeout = std::chrono::milliseconds(5000),
                               .on_notice = {},
                               .sqlite_wal = true,
                               .sqlite_begin_immediate = true};
    if (parsed.is_memory()) return db::Pool(db::connect(parsed, connect), taken.options);
    return db::Pool([parsed, connect] { return db::connect(parsed, connect); }, taken.options);
}

db::PoolOptions with_echo(db::PoolOptions pool, const EngineOptions& options) {
    pool.echo = options.echo || options.echo_pool;
    return pool;
}

} // namespace

Engine::Engine(const std::string& url, EngineOptions options)
    : backend_(db::parse_url(db::take_pool_parameters(url).url).backend), dialect_(&dialect::dialect_for(backend_)),
      echo_(options.echo), echo_pool_(options.echo_pool), pool_(make_pool(url, options)) {}

Engine::Engine(std::unique_ptr<db::Connection> connection, EngineOptions options)
    : backend_(connection->backend()), dialect_(&dialect::dialect_for(backend_)),
      echo_(options.echo || connection->echo()), echo_pool_(options.echo_pool),
      pool_(std::move(connection), with_echo(options.pool, options)) {}

Engine::~Engine() = default;

void Engine::set_echo(bool on) {
    echo_ = on;
    pool_.set_echo(on || echo_pool_);
}

Connection Engine::connect(db::EchoSink sink) { return Connection(*this, pool_.checkout(std::move(sink))); }

} // namespace migrate::orm

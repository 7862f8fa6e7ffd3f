// Dispatch of reflect() to the reader of the connection's dialect.
#include <migrate/dialect/reflect.hpp>

#include <migrate/dialect/detail/reflect_backends.hpp>

namespace migrate::dialect {

schema::MetaData reflect(db::Connection& conn, const ReflectOptions& options, NotModelled* not_modelled) {
    NotModelled ignored;
    NotModelled& counts = not_modelled ? *not_modelled : ignored;
    switch (conn.backend()) {
    case db::Backend::sqlite: return detail::reflect_sqlite(conn, options, counts);
    case db::Backend::postgresql: return detail::reflect_postgresql(conn, options, counts);
    }
    return {};
}

std::optional<schema::MetaData> read_back_as_stored(db::Connection& conn, const schema::MetaData& request) {
    switch (conn.backend()) {
    case db::Backend::sqlite: return std::nullopt; // SQLite keeps expressions as written
    case db::Backend::postgresql: return detail::read_back_as_stored_postgresql(conn, request);
    }
    return std::nullopt;
}

} // namespace migrate::dialect

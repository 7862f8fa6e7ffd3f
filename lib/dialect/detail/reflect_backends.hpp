// The per-dialect readers behind dialect::reflect(); reflect.cpp picks one by backend.
#pragma once

#include <migrate/dialect/reflect.hpp>

namespace migrate::dialect::detail {

schema::MetaData reflect_sqlite(db::Connection& conn, const ReflectOptions& options);
schema::MetaData reflect_postgresql(db::Connection& conn, const ReflectOptions& options);

} // namespace migrate::dialect::detail

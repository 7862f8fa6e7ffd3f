// The per-dialect readers behind dialect::reflect(); reflect.cpp picks one by backend.
#pragma once

#include <migrate/dialect/reflect.hpp>

namespace migrate::dialect::detail {

// Both add what they leave out to `not_modelled` (see reflect()).
schema::MetaData reflect_sqlite(db::Connection& conn, const ReflectOptions& options, NotModelled& not_modelled);
schema::MetaData reflect_postgresql(db::Connection& conn, const ReflectOptions& options, NotModelled& not_modelled);

std::optional<schema::MetaData> read_back_as_stored_postgresql(db::Connection& conn, const schema::MetaData& request);

} // namespace migrate::dialect::detail

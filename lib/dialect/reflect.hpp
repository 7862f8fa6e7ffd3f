// Introspection: reads a live database's schema into a schema::MetaData, in a constant number
// of catalog queries however many tables there are (autogenerate and `migrate check` need it fast).
#pragma once

#include <string>
#include <vector>

#include <migrate/db/connection.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::dialect {

struct ReflectOptions {
    // PostgreSQL schemas to read. Tables of the connection's current schema (normally
    // "public") get Table::schema = nullopt; the others carry their schema name and are
    // listed in MetaData::schemas. Ignored on SQLite (always "main").
    std::vector<std::string> schemas = {"public"};
    // Tables left out, in any schema: the tool's own bookkeeping. Sequences owned by them
    // and their indexes/constraints go with them.
    std::vector<std::string> exclude_tables = {"migrate_version", "migrate_history"};
};

// What reflection reads back, per dialect (docs/dialects.md has the full table):
//  - Types go through the dialect's parse_type, defaults through normalise_default.
//  - Tables, views, enums, sequences are sorted by (schema, name); columns keep their order;
//    constraints keep catalog order (PostgreSQL: by name; SQLite: as declared).
//  - Primary-key columns are reported NOT NULL on both dialects (SQLite's legacy nullable
//    non-integer keys included), so that a model means the same on both.
//  - PostgreSQL: btree indexes have method = nullopt; identity columns' sequences are not
//    listed; serial columns stay what the catalog says they are (integer + a
//    nextval('..'::regclass) default, with their sequence listed with owned_by = "table.column").
//  - SQLite: `INTEGER PRIMARY KEY` is recognised as the rowid alias (NOT NULL, no separate
//    index); sqlite_autoindex_* indexes are the primary key / unique constraints, never Indexes.
// The number of statements run is in conn.statements_executed(): 7 on PostgreSQL, 4 on
// SQLite, whatever the size of the schema.
schema::MetaData reflect(db::Connection& conn, const ReflectOptions& options = {});

} // namespace migrate::dialect

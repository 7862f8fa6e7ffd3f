// Introspection: reads a live database's schema into a schema::MetaData, in a constant number
// of catalog queries however many tables there are (autogenerate and `migrate check` need it fast).
#pragma once

#include <map>
#include <optional>
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

// What reflection reads back (the form Dialect::normalise() gives a model, so that
// reflect(apply(render(M))) == normalise(M)):
//  - Types go through the dialect's parse_type, defaults through normalise_default.
//  - Tables, views, enums and sequences are sorted by (schema, name); columns and enum values
//    keep their order; PostgreSQL constraints and indexes come by name, SQLite's constraints in
//    declaration order and its indexes by name. Compare models order-insensitively.
//  - Primary-key columns are reported NOT NULL on both dialects (SQLite's legacy nullable
//    non-integer keys included), so that a model means the same on both.
//  - PostgreSQL: btree indexes have method = nullopt; CHECK, index predicates and index
//    expressions lose their enclosing parentheses; view definitions come from pg_get_viewdef
//    with whitespace collapsed; sequences carry all four of start/increment/min/max as the
//    catalog has them. Identity columns' sequences are not listed. Serial columns stay what
//    the catalog says: integer + a nextval('seq') default (the ::regclass cast dropped by
//    normalise_default), with the sequence listed with owned_by = "table.column".
//    Generated columns' expressions lose their enclosing parentheses, as CHECKs do; INCLUDE
//    columns of an index are Index::include, never elements. Partitions are not tables (their
//    partitioned parent is, as a plain table); materialized views, exclusion constraints and
//    domains are not read (a domain-typed column has the domain's name as its type).
//  - SQLite: `INTEGER PRIMARY KEY` is recognised as the rowid alias (NOT NULL, no separate
//    index); sqlite_autoindex_* indexes are the primary key / unique constraints, never
//    Indexes; constraint names, CHECKs, COLLATE, AUTOINCREMENT, DEFERRABLE, generated columns'
//    expressions (as written) and STRICT / WITHOUT ROWID are read from the stored CREATE TABLE
//    text; view definitions are the stored text after AS. Virtual tables and their shadow
//    tables are not read.
// The number of statements run is in conn.statements_executed(): 7 on PostgreSQL, 4 on
// SQLite, whatever the size of the schema.
//
// What was met and left out is counted by kind in `not_modelled`, when given, for one warning:
// "exclusion constraints", "materialized views", "partitioning" (partitioned tables and their
// partitions), "table inheritance" (inheriting tables) on PostgreSQL; "virtual tables" on SQLite.
// The kinds are those a .sql target's loading names (autogen), so both sides read alike.
using NotModelled = std::map<std::string, int>;
schema::MetaData reflect(db::Connection& conn, const ReflectOptions& options = {}, NotModelled* not_modelled = nullptr);

// `request` as the server stores it, where capabilities().rewrites_expressions (PostgreSQL):
// inside a transaction (a savepoint when one is open) that is always rolled back, its enums are
// created (unqualified ones as temporary types), then its tables (unqualified: `schema` is ignored) as TEMP tables with their column
// types and collations, then one by one their generated columns, defaults, checks and indexes,
// then its views as TEMP views; all in one statement, each object on its own so that one the
// server refuses (a type it does not know, a bad expression) is only missing from the result.
// The result is reflect() of the temporary schema (tables and views unqualified). nullopt when
// nothing could be created (read-only transaction, no TEMP privilege) or the dialect keeps
// expressions as written (SQLite). Runs a constant number of statements whatever `request` holds.
std::optional<schema::MetaData> read_back_as_stored(db::Connection& conn, const schema::MetaData& request);

} // namespace migrate::dialect

// Autogenerate's core: the ops that turn a live schema into a target schema, their exact
// inverse, and the warnings a human must read (look-alike renames, changes no op can make).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/op.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::autogen {

// `--rename old:new`: a table ("books:volumes", "app.books:volumes") or a column
// ("books.title:name"). What `from` names is resolved against the live schema.
struct Rename {
    std::string from;
    std::string to;
    bool operator==(const Rename&) const = default;
};
// "old:new" -> Rename; throws UsageError naming the text when it is not of that form.
Rename parse_rename(const std::string& text);

struct CompareOptions {
    // Normalises both sides (types, defaults, implicit names) and decides what can be done in
    // place; nullptr compares the models as given.
    const dialect::Dialect* dialect = nullptr;
    bool compare_server_defaults = true;
    bool compare_comments = true;
    // Schemas to compare (nullopt-schema tables always count); empty = every schema.
    std::vector<std::string> include_schemas;
    // Globs matched against "name" and "schema.name": tables left out on both sides.
    std::vector<std::string> exclude_tables;
    std::vector<Rename> renames;
    // The schema unqualified names live in (written explicitly, it equals unqualified). Empty:
    // the dialect's (Dialect::default_schema(), "public" on PostgreSQL).
    std::string default_schema;
    // Asks the live server how it stores a part of the target (dialect::read_back_as_stored on
    // the live connection): target expressions that differ in text from the live side's are
    // compared in that form, so that the server's rewriting (`x IN (1, 2)` stored as
    // `x = ANY (ARRAY[1, 2])`) is no difference. The ops keep the target's own text. Empty:
    // texts are compared (canonical_expression). autogenerate(conn, ...) sets it where the
    // dialect rewrites expressions, unless `target_as_stored`.
    std::function<std::optional<schema::MetaData>(const schema::MetaData& request)> read_back_as_stored;
    // The target's expressions already are in the server's form (a .sql target read back from a
    // database of the live one's kind): nothing to ask.
    bool target_as_stored = false;
};

struct Diff {
    std::vector<ops::Op> upgrade;   // live -> target
    std::vector<ops::Op> downgrade; // target -> live: the exact inverse, last change first
    std::vector<std::string> warnings;
    bool empty() const { return upgrade.empty(); }
};

// The difference between `live` (what the database holds) and `target` (what it should hold).
// Creates come in foreign-key order with cycles closed by create_foreign_key ops afterwards,
// drops in the reverse order; every drop carries the dropped object so that the downgrade
// recreates it. Tables or columns that look renamed are reported in `warnings` (and stay a
// drop + add) unless `options.renames` names the pair.
Diff diff(const schema::MetaData& live, const schema::MetaData& target, const CompareOptions& options);

// The upgrade ops alone.
std::vector<ops::Op> compare(const schema::MetaData& live, const schema::MetaData& target,
                             const CompareOptions& options);

// `metadata` without what the options leave out (excluded tables, other schemas), with the
// default schema written as unqualified, normalised through the dialect when there is one.
schema::MetaData prepare(const schema::MetaData& metadata, const CompareOptions& options);

// One line per upgrade op, for `migrate check` and the CLI: "add_column books.isbn".
std::vector<std::string> describe(const Diff& diff);

} // namespace migrate::autogen

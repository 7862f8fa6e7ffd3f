// Target expressions as the live server stores them. PostgreSQL deparses what it stores (CHECK
// `s IN ('a','b')` reads back as `s = ANY (ARRAY['a'::text, 'b'::text])`), so a C++ or JSON
// target's text can differ from the live side's and still mean the same. Where the texts differ,
// the target's expressions are stored by the same server in a rolled-back transaction and read
// back, and the comparison uses that form; the ops keep the target's text.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <migrate/schema/model.hpp>

namespace migrate::autogen::detail {

struct Context;

struct StoredTableForms {
    std::map<std::string, std::string> defaults;  // column -> server default as stored
    std::map<std::string, std::string> generated; // column -> generation expression as stored
    std::map<std::string, std::string> checks;    // the target's check expression -> as stored
    std::map<std::string, schema::Index> indexes; // the target's index name -> as stored (same name)
};

struct StoredForms {
    std::map<std::string, StoredTableForms> tables; // by the target Table::qualified_name()
    std::map<std::string, std::string> views;       // by "schema.name" / "name" -> body as stored

    const StoredTableForms* table(const schema::Table& target) const;
    // The target view's body, as stored when the server was asked about it.
    const std::string& view(const schema::View& target) const;
    // `text` (the target's), or its stored form in `forms` under `key`.
    static const std::string& or_text(const std::map<std::string, std::string>& forms, const std::string& key,
                                      const std::string& text);
};

// Asks ctx.options.read_back_as_stored (when set) about the target expressions of objects present
// on both sides (after renames) whose canonical text differs from the live side's: one request
// for all of them. Empty forms when nothing differs, or the server could not say.
StoredForms ask_stored_forms(const schema::MetaData& live, const schema::MetaData& target, const Context& ctx);

} // namespace migrate::autogen::detail

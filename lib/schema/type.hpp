// Column types: a portable name (integer, varchar(20), numeric(10,2), ...) or any other type
// string passed through verbatim. Parsing normalises spellings so that equal types compare
// equal: "character varying(20)" == "varchar(20)", "int4" == "integer".
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace migrate::schema {

struct Type {
    // Canonical lower-case name: integer, smallint, bigint, varchar, char, text, numeric,
    // real, double, boolean, date, time, timestamp, timestamptz, uuid, json, jsonb, blob;
    // anything else verbatim (an enum name, "tsvector", "geometry(Point,4326)", "int[]").
    std::string name;
    std::vector<int> args; // varchar(n) -> {n}; numeric(p,s) -> {p,s}
    bool operator==(const Type&) const = default;

    static Type parse(const std::string& text); // normalising
    std::string to_string() const;              // portable spelling: "varchar(20)"

    // A user-defined type (an enum) by name, spelled as parse() would spell it: quoted only
    // when it must be ("mood", "\"My Mood\"", "app.mood"), so named(s, n) == parse(named(s, n).name).
    static Type named(const std::optional<std::string>& schema, const std::string& name);
    // One of the portable names above (integer, varchar, ...), as opposed to a verbatim type.
    bool is_portable() const;
    // "integer[]" -> true; element() -> integer. Arrays are stored as name "<element>[]".
    bool is_array() const;
    Type element() const;
};

} // namespace migrate::schema

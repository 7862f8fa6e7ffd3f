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
};

} // namespace migrate::schema

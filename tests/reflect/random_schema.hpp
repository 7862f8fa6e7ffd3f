// A seeded generator of schemas with hostile identifiers (spaces, both quote characters,
// unicode, reserved words, mixed case, 63-byte names on PostgreSQL) for round-trip tests,
// with generated columns, INCLUDE columns (PostgreSQL) and STRICT / WITHOUT ROWID (SQLite).
// The same seed gives the same schema; tests print it and read MIGRATE_TEST_SEED.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <migrate/schema/model.hpp>

namespace migrate::test {

// MIGRATE_TEST_SEED when set, a fresh random seed otherwise.
inline std::uint64_t test_seed() {
    if (const char* s = std::getenv("MIGRATE_TEST_SEED"); s && *s) return std::strtoull(s, nullptr, 10);
    return std::random_device{}() * 4294967296ULL + std::random_device{}();
}

class RandomSchema {
public:
    RandomSchema(std::uint64_t seed, bool postgresql) : rng_(seed), pg_(postgresql) {}

    schema::MetaData generate() {
        schema::MetaData m;
        int tables = pick(2, 7);
        for (int i = 0; i < tables; ++i) m.tables.push_back(make_table(m));
        return m;
    }

private:
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool chance(int percent) { return pick(1, 100) <= percent; }

    // Names are unique per database object namespace, compared as SQLite compares them
    // (ASCII case-insensitively) so that one generator serves both dialects.
    std::string fresh(std::set<std::string>& used) {
        static const std::vector<std::string> k_parts = {
            "select", "order", "table", "group", "from", "where", "user", "Mixed", "CamelCase", "a b",
            "it's", "say \"hi\"", "back`tick", "[br]", "Ünïcødé", "日本語", "emoji 🙂", "semi;colon", "dash-ed",
            "dot.ted", "x", "id", "Name", "%pct", "tab\tbed"};
        for (;;) {
            std::string name = k_parts[pick(0, static_cast<int>(k_parts.size()) - 1)];
            if (chance(60)) name += " " + k_parts[pick(0, static_cast<int>(k_parts.size()) - 1)];
            if (chance(30)) name += std::to_string(pick(0, 99));
            if (pg_ && chance(15)) { // exactly PostgreSQL's limit of 63 bytes
                while (name.size() < 63) name += static_cast<char>('a' + pick(0, 25));
                name.resize(63);
                while (!valid_utf8(name)) name.pop_back(), name += 'z';
            }
            if (pg_ && name.size() > 63) continue;
            if (used.insert(fold(name)).second) return name;
        }
    }

    static std::string fold(std::string s) {
        for (auto& c : s)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return s;
    }

    static bool valid_utf8(const std::string& s) {
        for (std::size_t i = 0; i < s.size();) {
            auto c = static_cast<unsigned char>(s[i]);
            std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
            if (n == 0 || i + n > s.size()) return false;
            for (std::size_t k = 1; k < n; ++k)
                if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
            i += n;
        }
        return true;
    }

    schema::Type random_type(bool strict) {
        static const std::vector<std::string> k_types = {"integer", "smallint", "bigint", "varchar(40)", "char(2)", "text",
                                                         "numeric(8,3)", "real", "double", "boolean", "date",
                                                         "timestamp", "timestamptz", "uuid"};
        static const std::vector<std::string> k_strict_types = {"integer", "real", "text", "blob", "any"};
        const auto& types = strict ? k_strict_types : k_types;
        return schema::Type::parse(types[pick(0, static_cast<int>(types.size()) - 1)]);
    }

    static bool strict_type(const schema::Type& t) {
        return t.name == "integer" || t.name == "real" || t.name == "text" || t.name == "blob" || t.name == "any";
    }

    std::optional<std::string> random_default(const schema::Type& t) {
        if (!chance(35)) return std::nullopt;
        if (t.name == "integer" || t.name == "smallint" || t.name == "bigint") return std::to_string(pick(-5, 500));
        if (t.name == "text" || t.name == "varchar") return std::string("'it''s \"q\"'");
        if (t.name == "timestamp" || t.name == "timestamptz") return std::string("CURRENT_TIMESTAMP");
        return std::nullopt;
    }

    static bool is_integer(const schema::Column& c) {
        return c.type.name == "integer" || c.type.name == "smallint" || c.type.name == "bigint";
    }

    schema::Table make_table(const schema::MetaData& m) {
        schema::Table t;
        t.name = fresh(relations_);
        t.strict = !pg_ && chance(20);
        std::set<std::string> column_names;
        int columns = pick(1, 6);
        for (int i = 0; i < columns; ++i) {
            schema::Column c;
            c.name = fresh(column_names);
            c.type = random_type(t.strict);
            c.nullable = chance(60);
            c.server_default = random_default(c.type);
            t.columns.push_back(std::move(c));
        }
        auto name_or_none = [&]() -> std::optional<std::string> {
            if (chance(50)) return fresh(relations_);
            return std::nullopt;
        };
        if (chance(80)) {
            schema::PrimaryKey pk{name_or_none(), {}};
            int n = pick(1, std::min(2, columns));
            for (int i = 0; i < n; ++i) {
                pk.columns.push_back(t.columns[i].name);
                t.columns[i].nullable = false;
            }
            t.primary_key = pk;
        }
        if (columns > 1 && chance(40))
            t.unique_constraints.push_back({name_or_none(), {t.columns[columns - 1].name}});
        for (const auto& c : t.columns)
            if (is_integer(c) && chance(30)) // ASCII-safe check: its text is compared as written
                t.check_constraints.push_back({name_or_none(), quote(c.name) + " >= 0"});
        // A generated column over an integer column (PostgreSQL deparses `x * 2` as written).
        for (std::size_t i = 0, n = t.columns.size(); i < n; ++i) {
            if (!is_integer(t.columns[i]) || !chance(30)) continue;
            schema::Column g;
            g.name = fresh(column_names);
            g.type = t.columns[i].type;
            g.nullable = chance(70);
            g.generated = quote(t.columns[i].name) + " * 2";
            g.generated_stored = pg_ || chance(50);
            t.columns.push_back(std::move(g));
            break;
        }
        // A foreign key to an earlier table's (single-column, integer) primary key, or to itself.
        std::vector<const schema::Table*> targets;
        for (const auto& other : m.tables) targets.push_back(&other);
        for (const auto* target : targets) {
            if (!chance(40) || !target->primary_key || target->primary_key->columns.size() != 1) continue;
            const auto* ref = target->column(target->primary_key->columns[0]);
            if (t.strict && !strict_type(ref->type)) continue;
            schema::Column c;
            c.name = fresh(column_names);
            c.type = ref->type;
            t.columns.push_back(c);
            schema::ForeignKey fk;
            fk.name = name_or_none();
            fk.columns = {c.name};
            fk.ref_table = target->name;
            fk.ref_columns = {ref->name};
            fk.on_delete = static_cast<schema::FkAction>(pick(0, 4));
            fk.on_update = static_cast<schema::FkAction>(pick(0, 4));
            fk.deferrable = chance(30);
            fk.initially_deferred = fk.deferrable && chance(50);
            t.foreign_keys.push_back(std::move(fk));
        }
        if (t.primary_key && t.primary_key->columns.size() == 1 && chance(25)) { // self-reference
            const auto* ref = t.column(t.primary_key->columns[0]);
            schema::Column c;
            c.name = fresh(column_names);
            c.type = ref->type;
            schema::ForeignKey fk{name_or_none(), {c.name}, std::nullopt, t.name, {ref->name}};
            t.columns.push_back(std::move(c));
            t.foreign_keys.push_back(std::move(fk));
        }
        if (chance(50)) {
            schema::Index ix;
            ix.name = fresh(relations_);
            ix.unique = chance(30);
            for (const auto& c : t.columns)
                if (chance(50)) ix.elements.push_back({c.name, false, chance(30)});
            if (ix.elements.empty()) ix.elements.push_back({t.columns[0].name, false, false});
            if (chance(30)) ix.where = quote(t.columns[0].name) + " IS NOT NULL";
            if (pg_)
                for (const auto& c : t.columns)
                    if (chance(15) && std::none_of(ix.elements.begin(), ix.elements.end(),
                                                   [&](const schema::IndexElement& e) { return e.text == c.name; }))
                        ix.include.push_back(c.name);
            t.indexes.push_back(std::move(ix));
        }
        t.without_rowid = !pg_ && t.primary_key && chance(20);
        return t;
    }

    // Identifiers inside expressions (checks, predicates) are written as PostgreSQL's
    // quote_ident prints them: bare when they are plain lower-case non-reserved words.
    static std::string quote(const std::string& name) {
        static const std::set<std::string> k_reserved = {"select", "order", "table", "group", "from", "where", "user"};
        bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9') && !k_reserved.count(name);
        for (char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
        if (plain) return name;
        std::string out = "\"";
        for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    }

    std::mt19937_64 rng_;
    bool pg_;
    std::set<std::string> relations_; // tables, indexes and constraints share PostgreSQL's namespace
};

} // namespace migrate::test

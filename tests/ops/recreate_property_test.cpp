// Seeded property test of SQLite table recreation: a random table (types, keys, unique and
// check constraints, plain/partial/expression indexes, a trigger, a view, foreign keys in and
// out, AUTOINCREMENT or not) with random rows, a random run of ops; the result is compared with
// an oracle database built directly in the expected shape. MIGRATE_TEST_SEED reproduces a run.
#include "recreate_support.hpp"
#include "../reflect/round_trip.hpp"
#include "../reflect/random_schema.hpp"

#include <migrate/ops/apply.hpp>
#include <migrate/ops/reverse.hpp>

#include <catch2/catch.hpp>

#include <iostream>
#include <limits>
#include <random>

using namespace migrate;

namespace {

const std::vector<std::string> k_types = {"integer", "bigint", "text", "varchar(20)", "real", "double", "blob",
                                          "numeric(10,2)", "boolean"};

// SQLite's type affinity, which decides whether a type change can be undone without loss.
char affinity(const std::string& type) {
    if (type.find("int") != std::string::npos) return 'i';
    if (type.find("char") != std::string::npos || type == "text") return 't';
    if (type == "blob") return 'b';
    if (type == "real" || type == "double") return 'r';
    return 'n';
}

class Case {
public:
    explicit Case(std::uint64_t seed) : rng_(seed) {}

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool chance(int percent) { return pick(1, 100) <= percent; }
    template <class T> const T& one_of(const std::vector<T>& v) { return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))]; }

    db::Value value(const std::string& type, int row, bool unique) {
        char a = affinity(type);
        if (unique) {
            if (a == 'i') return db::Value(std::int64_t{row} * 7 - 20);
            // Odd rows sometimes differ from the even row before only in case: equal under NOCASE.
            std::string k = std::to_string(row / 2);
            std::string text = row % 2 == 0 ? "u" + k : chance(30) ? "U" + k : "u" + k + "b";
            return db::Value(text + (chance(50) ? "é" : ""));
        }
        switch (pick(0, 6)) {
        case 0: return db::Value(one_of<std::int64_t>({0, -1, 42, std::numeric_limits<std::int64_t>::max(),
                                                       std::numeric_limits<std::int64_t>::min(), 9007199254740993}));
        case 1: return db::Value(one_of<std::string>({"", "héllo", "日本語", "🎉 emoji", "it's \"q\"", "12", "3.0e+5", " 7 "}));
        case 2: return db::Value(one_of<double>({0.5, -1e300, 3.0, 1e-7}));
        case 3: {
            db::Blob b;
            for (int i = pick(0, 6); i > 0; --i) b.bytes.push_back(static_cast<std::uint8_t>(pick(0, 255)));
            return db::Value(b);
        }
        default:
            if (a == 'i' || a == 'n') return db::Value(std::int64_t{pick(-1000, 1000)});
            if (a == 'r') return db::Value(pick(-1000, 1000) / 4.0);
            return db::Value("s" + std::to_string(pick(0, 50)));
        }
    }

    std::mt19937_64 rng_;
};

struct Fixture {
    std::unique_ptr<db::Connection> conn = db::connect("sqlite://");
    int key_mode = 0; // 0 AUTOINCREMENT, 1 INTEGER PRIMARY KEY, 2 composite text key, 3 no key
    std::vector<std::pair<std::string, std::string>> columns; // data columns: name, type
    bool has_fk_out = false;
};

std::string sql_type(const std::string& portable) { return test::sqlite_dialect().render_type(schema::Type::parse(portable)); }

Fixture make_fixture(Case& c) {
    Fixture f;
    const auto& d = test::sqlite_dialect();
    f.key_mode = c.pick(0, 3);
    std::string ddl = "CREATE TABLE p (id INTEGER PRIMARY KEY, k TEXT UNIQUE);\n"
                      "CREATE TABLE audit (rid INTEGER);\nCREATE TABLE \"t\" (\n";
    std::vector<std::string> parts;
    if (f.key_mode == 0) parts.push_back("id INTEGER PRIMARY KEY AUTOINCREMENT");
    if (f.key_mode == 1) parts.push_back("id INTEGER PRIMARY KEY");
    if (f.key_mode == 2) parts.push_back("k1 TEXT NOT NULL"), parts.push_back("k2 TEXT NOT NULL");
    int n = c.pick(2, 5);
    std::vector<bool> unique_col;
    for (int i = 0; i < n; ++i) {
        std::string name = "c" + std::to_string(i), type = c.one_of(k_types);
        bool unique = i == 0 && c.chance(40) && (affinity(type) == 'i' || affinity(type) == 't');
        std::string def = d.quote(name) + " " + sql_type(type);
        if (!unique && c.chance(25)) def += " NOT NULL DEFAULT " + c.one_of<std::string>({"0", "'x'", "1.5"});
        if (c.chance(20)) def += " DEFAULT " + c.one_of<std::string>({"'d'", "7", "NULL"});
        parts.push_back(def);
        f.columns.emplace_back(name, type);
        unique_col.push_back(unique);
    }
    f.has_fk_out = c.chance(50);
    if (f.has_fk_out) parts.push_back("pref INTEGER");
    if (f.key_mode == 2) parts.push_back("PRIMARY KEY (k1, k2)");
    if (unique_col[0]) parts.push_back("CONSTRAINT uq_t_c0 UNIQUE (c0)");
    if (c.chance(50)) parts.push_back("CONSTRAINT ck_t CHECK (\"c1\" IS NOT 'forbidden')");
    if (f.has_fk_out) parts.push_back("CONSTRAINT fk_t_p FOREIGN KEY (pref) REFERENCES p (id) ON DELETE CASCADE");
    for (std::size_t i = 0; i < parts.size(); ++i) ddl += (i ? ",\n  " : "  ") + parts[i];
    ddl += "\n);\n";
    if (c.chance(60)) ddl += "CREATE INDEX ix_t_plain ON t (c1);\n";
    if (c.chance(50)) ddl += "CREATE INDEX ix_t_partial ON t (c0) WHERE c0 IS NOT NULL;\n";
    if (c.chance(50)) ddl += "CREATE INDEX ix_t_expr ON t (length(c1));\n";
    ddl += "CREATE TRIGGER t_upd AFTER UPDATE ON t BEGIN INSERT INTO audit VALUES (new.rowid); END;\n";
    ddl += "CREATE VIEW v AS SELECT count(*) AS n FROM t;\n";
    if (f.key_mode <= 1) ddl += "CREATE TABLE child (cid INTEGER PRIMARY KEY, tid INTEGER REFERENCES t (id) ON DELETE CASCADE);\n";
    f.conn->execute_script(ddl);

    f.conn->execute_script("INSERT INTO p (k) VALUES ('a'), ('b'), ('c')");
    int rows = c.pick(0, 25);
    for (int r = 0; r < rows; ++r) {
        std::string cols, qs;
        db::Params params;
        auto add = [&](const std::string& col, db::Value v) {
            cols += (cols.empty() ? "" : ", ") + d.quote(col);
            qs += qs.empty() ? "?" : ", ?";
            params.push_back(std::move(v));
        };
        if (f.key_mode == 2) add("k1", db::Value("k" + std::to_string(r % 5))), add("k2", db::Value("日" + std::to_string(r)));
        for (int i = 0; i < n; ++i) {
            bool nullable = true;
            if (!unique_col[static_cast<std::size_t>(i)] && c.chance(20)) continue; // the default, or NULL
            db::Value v = c.value(f.columns[static_cast<std::size_t>(i)].second, r, unique_col[static_cast<std::size_t>(i)]);
            if (nullable && !unique_col[static_cast<std::size_t>(i)] && c.chance(15)) v = db::Value();
            add(f.columns[static_cast<std::size_t>(i)].first, v);
        }
        if (f.has_fk_out) add("pref", c.chance(30) ? db::Value() : db::Value(std::int64_t{c.pick(1, 3)}));
        std::string sql = cols.empty() ? "INSERT INTO t DEFAULT VALUES" : "INSERT INTO t (" + cols + ") VALUES (" + qs + ")";
        try {
            f.conn->execute(sql, params); // NOT NULL columns given NULL are skipped rows
        } catch (const DatabaseError&) {
        }
    }
    if (c.chance(50)) f.conn->execute("DELETE FROM t WHERE rowid IN (SELECT max(rowid) FROM t)");
    if (f.key_mode <= 1) f.conn->execute_script("INSERT INTO child (tid) SELECT id FROM t WHERE id % 2 = 0");
    f.conn->execute_script("DELETE FROM audit");
    return f;
}

struct Generated {
    std::vector<ops::Op> ops;
    bool data_reversible = true;
};

// A random run of ops on t, each valid against the model tracked so far.
Generated make_ops(Case& c, schema::MetaData model) {
    Generated g;
    int count = c.pick(1, 3);
    int fresh = 0;
    for (int k = 0; k < count; ++k) {
        auto& t = *model.table("t");
        std::vector<const schema::Column*> free_cols; // not in the primary key
        for (const auto& col : t.columns) {
            bool in_pk = t.primary_key && std::count(t.primary_key->columns.begin(), t.primary_key->columns.end(), col.name);
            if (!in_pk && col.name != "pref") free_cols.push_back(&col);
        }
        ops::Op op = ops::Sql{};
        int kind = c.pick(0, 11);
        if (free_cols.empty()) kind = 5;
        const schema::Column* col = free_cols.empty() ? nullptr : c.one_of(free_cols);
        ops::AlterColumn a;
        a.table = "t";
        if (col) a.column = col->name, a.existing_type = col->type, a.existing_nullable = col->nullable,
                 a.existing_server_default = std::optional<std::optional<std::string>>(col->server_default),
                 a.existing_collation = std::optional<std::optional<std::string>>(col->collation);
        switch (kind) {
        case 0: case 1: {
            auto type = c.one_of(k_types);
            a.type = schema::Type::parse(type);
            if (affinity(type) != affinity(col->type.to_string())) g.data_reversible = false;
            op = a;
            break;
        }
        case 2: a.nullable = !col->nullable; op = a; break;
        case 3:
            a.server_default = c.chance(30) ? std::optional<std::string>() : std::optional<std::string>(c.one_of<std::string>({"'z'", "5", "(1 + 1)"}));
            op = a;
            break;
        case 4: {
            ops::DropColumn dc;
            dc.table = "t";
            dc.column = col->name;
            dc.definition = *col;
            g.data_reversible = false;
            op = dc;
            break;
        }
        case 5: {
            ops::AddColumn ac;
            ac.table = "t";
            ac.column.name = "n" + std::to_string(fresh++);
            ac.column.type = schema::Type::parse(c.one_of(k_types));
            int how = c.pick(0, 3);
            if (how == 1) ac.column.server_default = "'const'";
            if (how == 2) ac.column.server_default = "('a' || 'b')"; // not constant: needs recreation
            if (how >= 1 && c.chance(50)) ac.column.nullable = false;
            op = ac;
            break;
        }
        case 6: {
            // SQLite keeps one index for identical unique constraints, so one per column.
            bool taken = std::any_of(t.unique_constraints.begin(), t.unique_constraints.end(),
                                     [&](const schema::UniqueConstraint& x) { return x.columns == std::vector<std::string>{col->name}; });
            if (taken) {
                a.nullable = !col->nullable;
                op = a;
                break;
            }
            ops::CreateUniqueConstraint u;
            u.table = "t";
            u.constraint = schema::UniqueConstraint{"uq_new" + std::to_string(k), {col->name}};
            op = u;
            break;
        }
        case 7: {
            ops::CreateCheckConstraint ck;
            ck.table = "t";
            ck.constraint = schema::CheckConstraint{"ck_new" + std::to_string(k),
                                                    c.chance(50) ? "\"" + col->name + "\" IS NOT 'zzz'" : "length(\"" + col->name + "\") < 4"};
            op = ck;
            break;
        }
        case 8: {
            ops::CreateForeignKey fk;
            fk.table = "t";
            fk.constraint = schema::ForeignKey{.name = "fk_new" + std::to_string(k), .columns = {col->name}, .ref_table = "p",
                                               .ref_columns = {"id"}};
            op = fk;
            break;
        }
        case 9: { // drop a named constraint, carrying its definition
            ops::DropConstraint dc;
            dc.table = "t";
            if (!t.check_constraints.empty()) {
                dc.name = *t.check_constraints[0].name, dc.type = ops::ConstraintType::check, dc.definition = t.check_constraints[0];
            } else if (!t.foreign_keys.empty()) {
                dc.name = *t.foreign_keys[0].name, dc.type = ops::ConstraintType::foreign_key, dc.definition = t.foreign_keys[0];
            } else if (!t.unique_constraints.empty()) {
                dc.name = *t.unique_constraints[0].name, dc.type = ops::ConstraintType::unique, dc.definition = t.unique_constraints[0];
            } else {
                a.nullable = !col->nullable;
                op = a;
                break;
            }
            op = dc;
            break;
        }
        case 10: { // NOCASE makes unique values that differ only in case collide
            auto collation = c.one_of<std::optional<std::string>>({"NOCASE", "RTRIM", "BINARY", std::nullopt});
            if (collation == col->collation) collation = col->collation ? std::nullopt : std::optional<std::string>("NOCASE");
            a.collation = std::optional<std::optional<std::string>>(collation);
            op = a;
            break;
        }
        default: {
            if (t.primary_key) {
                ops::DropConstraint dc;
                dc.table = "t";
                dc.name = t.primary_key->name.value_or("pk_t");
                dc.type = ops::ConstraintType::primary_key;
                dc.definition = *t.primary_key;
                // AUTOINCREMENT is not restored by create_primary_key.
                if (t.column(t.primary_key->columns[0])->autoincrement) g.data_reversible = false;
                op = dc;
            } else if (std::any_of(t.unique_constraints.begin(), t.unique_constraints.end(), [&](const auto& x) {
                           return x.columns == std::vector<std::string>{col->name};
                       })) {
                a.nullable = !col->nullable; // a key identical to a unique constraint shares its index
                op = a;
            } else {
                ops::CreatePrimaryKey pk;
                pk.table = "t";
                pk.constraint = schema::PrimaryKey{"pk_t", {col->name}};
                g.data_reversible = false; // NOT NULL stays; an integer key renumbers rowids
                op = pk;
            }
        }
        }
        ops::apply(op, model);
        g.ops.push_back(std::move(op));
    }
    return g;
}

std::string dump(const std::vector<std::vector<db::Value>>& rows) {
    std::string out;
    for (const auto& r : rows) {
        out += "(";
        // SQLite stores booleans as integers; the driver's bool mapping depends on a cached
        // statement's declared types, so compare what is stored.
        for (const auto& v : r) out += v.is<bool>() ? std::to_string(v.as_int()) + ":int " : v.to_string() + ":" + v.type_name() + " ";
        out += ") ";
    }
    return out;
}

void require_same_rows(const std::map<std::string, std::vector<std::vector<db::Value>>>& actual,
                       const std::map<std::string, std::vector<std::vector<db::Value>>>& expected) {
    for (const auto& [table, rows] : expected) {
        INFO("table " << table);
        REQUIRE(actual.count(table));
        REQUIRE(dump(actual.at(table)) == dump(rows));
    }
}

struct Snapshot {
    schema::MetaData schema;
    std::map<std::string, std::vector<std::vector<db::Value>>> rows;
    std::string sequence;
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(db::Connection& conn) {
    Snapshot s;
    s.schema = test::canonical(dialect::reflect(conn));
    for (const auto& t : s.schema.tables) s.rows[t.name] = test::rows_of(conn, t.name);
    if (test::scalar_text(conn, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'") == "1")
        s.sequence = test::scalar_text(conn, "SELECT group_concat(name || '=' || seq) FROM sqlite_sequence");
    return s;
}

// The expected database: the expected model created directly, the original rows inserted into
// it as values. nullopt when SQLite refuses them (the migration must fail then).
std::optional<Snapshot> oracle(const Snapshot& original, const schema::MetaData& expected) {
    const auto& d = test::sqlite_dialect();
    auto conn = db::connect("sqlite://");
    try {
        conn->execute_script("PRAGMA foreign_keys = OFF");
        for (const auto& s : d.render_metadata(expected)) conn->execute_script(s);
        for (const auto& t : expected.tables) {
            const auto& before = *original.schema.table(t.name);
            const auto& rows = original.rows.at(t.name);
            std::vector<std::pair<std::size_t, std::string>> cols; // position in the old row, new column
            for (std::size_t i = 0; i < before.columns.size(); ++i)
                if (t.column(before.columns[i].name)) cols.emplace_back(i + 1, before.columns[i].name);
            const schema::Column* alias = nullptr;
            if (t.primary_key && t.primary_key->columns.size() == 1) {
                const auto* k = t.column(t.primary_key->columns[0]);
                if (k && (k->autoincrement || k->type.name == "integer")) alias = k;
            }
            bool alias_from_old = alias && before.column(alias->name);
            for (const auto& row : rows) {
                std::string names = alias_from_old ? "" : "rowid", qs = alias_from_old ? "" : "?";
                db::Params params;
                if (!alias_from_old) params.push_back(row[0]);
                for (const auto& [i, name] : cols) {
                    names += (names.empty() ? "" : ", ") + d.quote(name);
                    qs += qs.empty() ? "?" : ", ?";
                    params.push_back(row[i]);
                }
                conn->execute("INSERT INTO " + d.quote(t.name) + " (" + names + ") VALUES (" + qs + ")", params);
            }
        }
        if (!conn->query("PRAGMA foreign_key_check").empty()) return std::nullopt;
    } catch (const Error&) {
        return std::nullopt;
    }
    auto s = snapshot(*conn);
    s.sequence = original.sequence; // the counter is the original's, not max(rowid)
    return s;
}

} // namespace

TEST_CASE("random tables, rows and op runs survive SQLite table recreation, upgrade and downgrade", "[sqlite]") {
    const std::uint64_t seed = test::test_seed();
    std::cerr << "recreate property test: MIGRATE_TEST_SEED=" << seed << "\n";
    const int cases = 500;
    int failures_expected = 0, downgrades = 0;
    for (int i = 0; i < cases; ++i) {
        Case c(seed + static_cast<std::uint64_t>(i));
        auto f = make_fixture(c);
        auto original = snapshot(*f.conn);
        const auto& d = test::sqlite_dialect();
        auto generated = make_ops(c, d.normalise(dialect::reflect(*f.conn)));
        schema::MetaData expected_model = d.normalise(dialect::reflect(*f.conn));
        for (const auto& op : generated.ops) ops::apply(op, expected_model);
        std::string label;
        for (const auto& op : generated.ops) label += ops::describe(op) + "; ";
        INFO("seed " << seed << " case " << i << " (MIGRATE_TEST_SEED=" << seed + static_cast<std::uint64_t>(i)
                     << " reproduces it as case 0): " << label);

        auto expected = oracle(original, test::canonical(expected_model));
        if (!expected) {
            ++failures_expected;
            REQUIRE_THROWS_AS(test::apply_ops(*f.conn, generated.ops), Error);
            REQUIRE(snapshot(*f.conn) == original);
            continue;
        }
        auto applied = test::apply_ops(*f.conn, generated.ops);
        std::string ran;
        for (const auto& st : applied.statements) ran += st + ";\n";
        INFO("statements:\n" << ran);
        auto after = snapshot(*f.conn);
        test::require_same_schema(after.schema, d.normalise(expected_model));
        require_same_rows(after.rows, expected->rows);
        if (f.key_mode == 0 && after.schema.table("t")->column("id")->autoincrement) REQUIRE(after.sequence == original.sequence);
        test::require_clean(*f.conn);
        REQUIRE(test::scalar_text(*f.conn, "SELECT count(*) FROM sqlite_schema WHERE name IN ('t_upd', 'v')") == "2");
        REQUIRE(test::scalar_text(*f.conn, "SELECT n FROM v") == std::to_string(original.rows.at("t").size()));

        if (!generated.data_reversible) continue;
        std::vector<ops::Op> down;
        try {
            down = ops::reverse(generated.ops);
        } catch (const NotSupported&) {
            continue;
        }
        ++downgrades;
        test::apply_ops(*f.conn, down);
        auto back = snapshot(*f.conn);
        INFO("after the downgrade");
        test::require_same_schema(back.schema, original.schema);
        require_same_rows(back.rows, original.rows);
        REQUIRE(back.sequence == original.sequence);
        test::require_clean(*f.conn);
    }
    CHECK(failures_expected < cases / 2);
    CHECK(downgrades > cases / 10);
}

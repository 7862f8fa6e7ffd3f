// read_back_as_stored() on PostgreSQL: the request becomes TEMP objects in one DO block whose
// statements each sit in their own exception block (a subtransaction), so one object the server
// refuses costs only itself and the round trips stay constant; then the temporary schema is
// reflected, and everything is rolled back.
#include <migrate/dialect/detail/reflect_backends.hpp>

#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>

namespace migrate::dialect::detail {
namespace {

// The server's alias for the session's temporary schema: objects created in it are TEMP.
const char* const k_temp_schema = "pg_temp";

class StoredFormsBatch {
public:
    explicit StoredFormsBatch(const Dialect& d) : d_(d) {}

    void add(const schema::MetaData& request) {
        // An unqualified enum goes into the temporary schema, which is searched for type names
        // first: no CREATE privilege on a real schema is needed, and nothing real is touched.
        for (auto e : request.enums) {
            if (!e.schema) e.schema = k_temp_schema;
            object([&] { return d_.create_enum(e); });
        }
        for (const auto& t : request.tables) object([&] { return d_.create_table(plain_table(t)); });
        for (const auto& t : request.tables) {
            ObjectName name{k_temp_schema, t.name};
            for (const auto& c : t.columns)
                if (c.generated) object([&] { return d_.add_column(name, bare(c, true)); });
            for (const auto& c : t.columns)
                if (c.server_default && !c.generated)
                    object([&] { return d_.alter_column_default(name, c.name, c.server_default); });
            for (const auto& ck : t.check_constraints) object([&] { return d_.add_check(name, ck); });
            for (const auto& ix : t.indexes) object([&] { return d_.create_index(name, ix); });
        }
        for (const auto& v : request.views)
            object([&] { return d_.create_view(schema::View{k_temp_schema, v.name, v.definition}); });
    }

    bool empty() const { return blocks_.empty(); }

    // One DO statement; its body is dollar-quoted with a tag that the body does not contain.
    std::string statement() const {
        // A temporary view over temporary tables makes a NOTICE; the user asked for none of it.
        std::string body = "BEGIN\n  SET LOCAL client_min_messages = warning;\n" + blocks_ + "END";
        std::string tag = "$migrate$";
        for (int n = 1; body.find(tag) != std::string::npos; ++n) tag = "$migrate" + std::to_string(n) + "$";
        return "DO " + tag + "\n" + body + "\n" + tag;
    }

private:
    // The column with only what its type needs: no key, default or NOT NULL to fail on.
    static schema::Column bare(const schema::Column& c, bool keep_generated) {
        schema::Column out;
        out.name = c.name;
        out.type = c.type;
        out.collation = c.collation;
        if (keep_generated) {
            out.generated = c.generated;
            out.generated_stored = true; // PostgreSQL 15 has STORED ones only; the expression is what counts
        }
        return out;
    }

    static schema::Table plain_table(const schema::Table& t) {
        schema::Table out;
        out.schema = k_temp_schema;
        out.name = t.name;
        for (const auto& c : t.columns)
            if (!c.generated) out.columns.push_back(bare(c, false));
        return out;
    }

    // One object's statements as one exception block; an object that cannot even be rendered
    // (a name over 63 bytes) is left out, like one the server refuses.
    template <class Render>
    void object(Render render) {
        Statements statements;
        try {
            statements = render();
        } catch (const NotSupported&) {
            return;
        }
        blocks_ += "  BEGIN\n";
        for (const auto& s : statements) blocks_ += "    EXECUTE " + d_.quote_literal(s) + ";\n";
        blocks_ += "  EXCEPTION WHEN OTHERS THEN NULL;\n  END;\n";
    }

    const Dialect& d_;
    std::string blocks_;
};

} // namespace

std::optional<schema::MetaData> read_back_as_stored_postgresql(db::Connection& conn, const schema::MetaData& request) {
    StoredFormsBatch batch(dialect_for(db::Backend::postgresql));
    batch.add(request);
    if (batch.empty()) return std::nullopt;
    try {
        db::Transaction tx(conn); // never committed: the destructor rolls everything back
        conn.execute_script(batch.statement());
        auto rows = conn.query("SELECT n.nspname FROM pg_namespace AS n WHERE n.oid = pg_my_temp_schema()");
        if (rows.empty()) return std::nullopt; // nothing was created
        ReflectOptions options;
        options.schemas = {rows.front()[0].as_text()};
        options.exclude_tables.clear();
        NotModelled ignored;
        schema::MetaData stored = reflect_postgresql(conn, options, ignored);
        stored.schemas.clear();
        for (auto& t : stored.tables) t.schema.reset();
        for (auto& v : stored.views) v.schema.reset();
        return stored;
    } catch (const DatabaseError&) {
        return std::nullopt; // e.g. a read-only transaction, or no plpgsql: compare texts instead
    }
}

} // namespace migrate::dialect::detail

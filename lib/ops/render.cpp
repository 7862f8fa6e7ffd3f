// Rendering is a std::visit calling the dialect's primitives; what a dialect cannot do in place
// is decided here from its Capabilities, so no upper layer compares dialect names.
#include <migrate/ops/render.hpp>

#include <limits>

#include <migrate/base/error.hpp>

namespace migrate::ops {

namespace {

using dialect::Capabilities;
using dialect::Dialect;
using dialect::Statements;

std::string display(std::string_view dialect_name) {
    if (dialect_name == "sqlite") return "SQLite";
    if (dialect_name == "postgresql") return "PostgreSQL";
    return std::string(dialect_name);
}

class Renderer {
public:
    Renderer(const Op& op, const Dialect& d, bool bind_values)
        : op_(op), d_(d), caps_(d.capabilities()), bind_(bind_values) {}

    std::vector<Statement> run() {
        try {
            std::visit([this](const auto& o) { emit(o); }, op_);
        } catch (const NotSupported& e) {
            std::string what = e.what();
            std::string prefix = describe(op_) + ": ";
            if (what.rfind(prefix, 0) == 0) throw;
            throw NotSupported(prefix + what);
        }
        return std::move(out_);
    }

private:
    const Op& op_;
    const Dialect& d_;
    const Capabilities& caps_;
    bool bind_;
    std::vector<Statement> out_;

    void add(Statements statements) {
        for (auto& s : statements) out_.push_back(Statement{std::move(s), {}, false});
    }

    // `what` completes "<Dialect> cannot ...".
    [[noreturn]] void refuse(const std::string& what, bool recreation_would_help = true) const {
        std::string msg = describe(op_) + ": " + display(d_.name()) + " cannot " + what;
        if (recreation_would_help) msg += " in place; plan the ops with ops::plan(), which recreates the table (as the runtime does)";
        throw NotSupported(msg);
    }

    static ObjectName name(const std::optional<std::string>& schema, const std::string& n) { return {schema, n}; }

    // Comments are documentation, not behaviour: where the dialect keeps none they are left
    // out, so that one revision chain runs on every dialect.
    schema::Column without_comment(schema::Column c) const {
        if (!caps_.comments) c.comment.reset();
        return c;
    }

    void emit(const CreateTable& o) {
        if (caps_.comments) return add(d_.create_table(o.table));
        schema::Table t = o.table;
        t.comment.reset();
        for (auto& c : t.columns) c.comment.reset();
        add(d_.create_table(t));
    }
    void emit(const DropTable& o) { add(d_.drop_table(name(o.schema, o.table))); }

    void emit(const RenameTable& o) {
        if (!caps_.rename_table) refuse("rename a table");
        add(d_.rename_table(name(o.schema, o.table), o.new_name));
    }

    void emit(const SetTableComment& o) {
        if (caps_.comments) add(d_.set_table_comment(name(o.schema, o.table), o.comment));
    }

    void emit(const AddColumn& o) {
        if (!caps_.add_column) refuse("add a column");
        add(d_.add_column(name(o.schema, o.table), without_comment(o.column)));
    }

    // SQLite drops a column in place unless it is part of a key, index or constraint; only the
    // database knows that, so it is left to say so (inside the migration's transaction).
    void emit(const DropColumn& o) { add(d_.drop_column(name(o.schema, o.table), o.column)); }

    // A default being dropped goes before the type change (an old default may not cast to the
    // new type); a new default goes after it; the rename comes last so every statement before
    // it names the column as it still is.
    void emit(const AlterColumn& o) {
        if (o.type && !caps_.alter_column_type) refuse("change a column's type");
        if (o.nullable && !caps_.alter_column_nullable) refuse("change a column's nullability");
        if (o.server_default && !caps_.alter_column_default) refuse("change a column's server default");
        if (o.collation && !caps_.alter_column_collation) refuse("change a column's collation");
        if (o.new_name && !caps_.rename_column) refuse("rename a column");
        auto table = name(o.schema, o.table);
        bool dropping_default = o.server_default && !*o.server_default;
        if (dropping_default) add(d_.alter_column_default(table, o.column, std::nullopt));
        if (o.type || o.collation) {
            // The collation goes with the type (ALTER COLUMN ... TYPE t COLLATE c): a collation
            // change restates the type, and a type change keeps a known existing collation.
            const auto& type = o.type ? o.type : o.existing_type;
            if (!type)
                throw UsageError(describe(op_) + ": changing the collation on " + display(d_.name()) +
                                 " restates the column's type; give \"type\" or \"existing_type\"");
            const auto& collation = o.collation ? *o.collation
                                                : (o.existing_collation ? *o.existing_collation : std::nullopt);
            add(d_.alter_column_type(table, o.column, *type, o.using_expr, collation));
        }
        if (o.server_default && !dropping_default) add(d_.alter_column_default(table, o.column, *o.server_default));
        if (o.nullable)
            add(o.online && !*o.nullable ? d_.set_not_null_online(table, o.column)
                                         : d_.alter_column_nullable(table, o.column, *o.nullable));
        if (o.comment && caps_.comments) add(d_.set_column_comment(table, o.column, *o.comment));
        if (o.new_name) add(d_.rename_column(table, o.column, *o.new_name));
    }

    void emit(const SetColumnComment& o) {
        if (caps_.comments) add(d_.set_column_comment(name(o.schema, o.table), o.column, o.comment));
    }

    void emit(const CreateIndex& o) {
        add(d_.create_index(name(o.schema, o.table), o.index, {.concurrently = o.concurrently}));
    }

    void emit(const DropIndex& o) { add(d_.drop_index(name(o.schema, o.name), {.concurrently = o.concurrently})); }

    void emit(const RenameIndex& o) {
        add(d_.rename_index(name(o.schema, o.table), o.name, o.new_name, o.definition));
    }

    void require_add_constraint(const char* what) const {
        if (!caps_.add_constraint) refuse(std::string("add ") + what + " to an existing table");
    }

    void emit(const CreateUniqueConstraint& o) {
        require_add_constraint("a unique constraint");
        add(d_.add_unique(name(o.schema, o.table), o.constraint));
    }
    void emit(const CreateForeignKey& o) {
        require_add_constraint("a foreign key");
        add(o.not_valid ? d_.add_foreign_key_not_valid(name(o.schema, o.table), o.constraint)
                        : d_.add_foreign_key(name(o.schema, o.table), o.constraint));
    }
    void emit(const CreateCheckConstraint& o) {
        require_add_constraint("a check constraint");
        add(o.not_valid ? d_.add_check_not_valid(name(o.schema, o.table), o.constraint)
                        : d_.add_check(name(o.schema, o.table), o.constraint));
    }
    void emit(const CreatePrimaryKey& o) {
        require_add_constraint("a primary key");
        add(d_.add_primary_key(name(o.schema, o.table), o.constraint));
    }

    void emit(const DropConstraint& o) {
        if (!caps_.drop_constraint) refuse("drop a constraint from an existing table");
        if (o.name.empty())
            throw NotSupported(describe(op_) + ": " + display(d_.name()) +
                               " drops a constraint by its name, and this one has none in the revision; write the "
                               "name the database gave it");
        add(d_.drop_constraint(name(o.schema, o.table), o.name));
    }

    void emit(const ValidateConstraint& o) { add(d_.validate_constraint(name(o.schema, o.table), o.name)); }

    void emit(const Backfill& o) { add(d_.backfill_script(backfill_spec(o))); }

    void require_enums() const {
        if (!caps_.enums) refuse("have enum types (use a check constraint or a lookup table)", false);
    }
    void emit(const CreateEnum& o) {
        require_enums();
        add(d_.create_enum(o.type));
    }
    void emit(const DropEnum& o) {
        require_enums();
        add(d_.drop_enum(name(o.schema, o.name)));
    }
    void emit(const AddEnumValue& o) {
        require_enums();
        add(d_.add_enum_value(name(o.schema, o.name), o.value, {o.before, o.after}));
    }

    void require_sequences() const {
        if (!caps_.sequences) refuse("have sequences", false);
    }
    void emit(const CreateSequence& o) {
        require_sequences();
        add(d_.create_sequence(o.sequence));
    }
    void emit(const DropSequence& o) {
        require_sequences();
        add(d_.drop_sequence(name(o.sequence.schema, o.sequence.name)));
    }

    void require_views() const {
        if (!caps_.views) refuse("have views", false);
    }
    void emit(const CreateView& o) {
        require_views();
        add(d_.create_view(o.view));
    }
    void emit(const ReplaceView& o) {
        require_views();
        add(d_.replace_view(o.view));
    }
    void emit(const DropView& o) {
        require_views();
        add(d_.drop_view(name(o.schema, o.name)));
    }

    void emit(const Sql& o) {
        if (o.dialect && *o.dialect != d_.name()) return;
        out_.push_back(Statement{o.sql, {}, true});
    }

    void emit(const BulkInsert& o) {
        std::string into = "INSERT INTO " + d_.qualified(o.schema, o.table) + " (";
        for (const auto& row : o.rows) {
            std::string columns, values;
            db::Params params;
            for (auto it = row.begin(); it != row.end(); ++it) {
                if (!columns.empty()) columns += ", ", values += ", ";
                columns += d_.quote(it.key());
                db::Value v = to_value(it.value());
                if (bind_) {
                    values += "?";
                    params.push_back(std::move(v));
                } else {
                    values += d_.literal(v);
                }
            }
            out_.push_back(Statement{into + columns + ") VALUES (" + values + ")", std::move(params), false});
        }
    }
};

std::vector<Statement> emit(const Op& op, const Dialect& d, bool bind) { return Renderer(op, d, bind).run(); }

std::vector<std::string> sql_of(std::vector<Statement> statements) {
    std::vector<std::string> out;
    out.reserve(statements.size());
    for (auto& s : statements) out.push_back(std::move(s.sql));
    return out;
}

} // namespace

db::Value to_value(const nlohmann::json& cell) {
    switch (cell.type()) {
    case nlohmann::json::value_t::null: return db::Value();
    case nlohmann::json::value_t::boolean: return db::Value(cell.get<bool>());
    case nlohmann::json::value_t::number_integer: return db::Value(cell.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
        auto u = cell.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            throw Error("bulk_insert: integer " + std::to_string(u) + " is out of the 64-bit signed range");
        return db::Value(static_cast<std::int64_t>(u));
    }
    case nlohmann::json::value_t::number_float: return db::Value(cell.get<double>());
    case nlohmann::json::value_t::string: return db::Value(cell.get<std::string>());
    default: return db::Value(cell.dump());
    }
}

std::vector<std::string> render(const Op& op, const Dialect& d) { return sql_of(emit(op, d, false)); }

std::vector<std::string> render(const std::vector<Op>& ops, const Dialect& d) {
    std::vector<std::string> out;
    for (const auto& op : ops)
        for (auto& s : render(op, d)) out.push_back(std::move(s));
    return out;
}

std::vector<Statement> render_statements(const Op& op, const Dialect& d) { return emit(op, d, true); }

std::vector<Statement> render_statements(const std::vector<Op>& ops, const Dialect& d) {
    std::vector<Statement> out;
    for (const auto& op : ops)
        for (auto& s : emit(op, d, true)) out.push_back(std::move(s));
    return out;
}

void check_supported(const Op& op, const Dialect& d) { (void)emit(op, d, true); }

void check_supported(const std::vector<Op>& ops, const Dialect& d) {
    for (const auto& op : ops) check_supported(op, d);
}

Placement placement(const Op& op, const Dialect& d) {
    // A backfill commits batch by batch wherever it runs: that is what makes it resumable.
    if (std::holds_alternative<Backfill>(op)) return Placement::own_transactions;
    if (!d.capabilities().ddl_locks_tables) return Placement::transaction;
    if (const auto* c = std::get_if<CreateIndex>(&op); c && c->concurrently && d.capabilities().concurrent_index)
        return Placement::outside_transaction;
    if (const auto* c = std::get_if<DropIndex>(&op); c && c->concurrently && d.capabilities().concurrent_index)
        return Placement::outside_transaction;
    // Online forms whose point is that no lock taken before them is still held.
    if (std::holds_alternative<ValidateConstraint>(op)) return Placement::own_transactions;
    if (const auto* a = std::get_if<AlterColumn>(&op); a && a->online) return Placement::own_transactions;
    return Placement::transaction;
}

bool runs_in_transaction(const Op& op, const Dialect& d) { return placement(op, d) == Placement::transaction; }

dialect::BackfillSpec backfill_spec(const Backfill& o) {
    return dialect::BackfillSpec{{o.schema, o.table}, o.set, o.key, o.where, o.batch_size};
}

} // namespace migrate::ops

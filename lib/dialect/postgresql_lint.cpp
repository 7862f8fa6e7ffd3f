// What `migrate lint` asks of PostgreSQL: a table's estimated rows, and which changes rewrite a
// table or compute a default row by row.
#include <migrate/dialect/postgresql.hpp>

#include <migrate/base/sql_scanner.hpp>

#include <algorithm>
#include <array>

namespace migrate::dialect {

namespace {

// Volatile functions a default is commonly written with (pg_proc.provolatile = 'v'). A default
// calling one is evaluated for each existing row when the column is added.
constexpr std::array<std::string_view, 9> k_volatile_functions = {
    "random", "clock_timestamp", "timeofday", "nextval", "gen_random_uuid",
    "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "txid_current"};

bool is_text_type(const schema::Type& t) { return t.name == "varchar" || t.name == "text"; }

} // namespace

// The planner's estimate when it is at least `bound`; below that (or never analysed: -1) a
// count of at most `bound` rows, which is cheap and exact for the small tables where a stale
// estimate would matter.
std::optional<std::int64_t> PostgresqlDialect::table_rows(db::Connection& conn, const ObjectName& table,
                                                          std::int64_t bound) const {
    auto rows = conn.query("SELECT c.reltuples::bigint FROM pg_catalog.pg_class c "
                           "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE c.relkind IN ('r', 'p') AND c.relname = ? AND n.nspname = COALESCE(?, current_schema())",
                           {table.name, table.schema ? db::Value(*table.schema) : db::Value(nullptr)});
    if (rows.empty()) return std::nullopt;
    const std::int64_t estimate = rows[0][0].as_int();
    if (estimate >= bound) return estimate;
    return conn.query("SELECT count(*) FROM (SELECT 1 FROM " + qualified(table) + " LIMIT ?) AS rows_seen",
                      {bound})[0][0].as_int();
}

// The changes ALTER COLUMN TYPE makes without a rewrite (binary-coercible, no new length check
// failing): varchar to a longer or unbounded varchar or to text, text to unbounded varchar, a
// numeric with more precision and the same scale or unconstrained.
bool PostgresqlDialect::type_change_rewrites(const schema::Type& from, const schema::Type& to) const {
    if (from == to) return false;
    if (is_text_type(from) && is_text_type(to)) {
        if (to.args.empty()) return false;                       // to text or unbounded varchar
        if (from.name == "varchar" && !from.args.empty()) return to.args[0] < from.args[0];
        return true;                                             // a limit where there was none
    }
    if (from.name == "numeric" && to.name == "numeric") {
        if (to.args.empty()) return false;
        if (from.args.empty()) return true;
        const int from_scale = from.args.size() > 1 ? from.args[1] : 0;
        const int to_scale = to.args.size() > 1 ? to.args[1] : 0;
        return !(to.args[0] >= from.args[0] && to_scale == from_scale);
    }
    return true;
}

bool PostgresqlDialect::is_volatile_expression(std::string_view expression) const {
    const auto tokens = base::sql_tokens(expression, base::SqlSyntax::postgresql, false);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i].kind != base::SqlTokenKind::word || tokens[i + 1].text(expression) != "(") continue;
        const auto word = tokens[i].text(expression);
        if (std::any_of(k_volatile_functions.begin(), k_volatile_functions.end(),
                        [&](std::string_view f) { return base::same_word(word, f); }))
            return true;
    }
    return false;
}

// SET [LOCAL | SESSION] lock_timeout ... as any statement of the text.
bool PostgresqlDialect::sets_lock_timeout(std::string_view sql) const {
    const auto tokens = base::sql_tokens(sql, base::SqlSyntax::postgresql, false);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!base::same_word(tokens[i].text(sql), "set")) continue;
        if (i > 0 && tokens[i - 1].text(sql) != ";") continue;
        std::size_t next = i + 1;
        if (next < tokens.size() &&
            (base::same_word(tokens[next].text(sql), "local") || base::same_word(tokens[next].text(sql), "session")))
            ++next;
        if (next < tokens.size() && base::same_word(tokens[next].text(sql), "lock_timeout")) return true;
    }
    return false;
}

} // namespace migrate::dialect

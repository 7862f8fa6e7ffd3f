// print_script: a run script as the offline (--sql) SQL text, for a person or a pipeline to run
// with sqlite3 or psql. Every statement comes from the script's items; nothing is added here
// but comments, blank lines and the ';' that ends each statement.
#include <migrate/runtime/run_script.hpp>

#include <migrate/revision/script_directory.hpp>
#include <migrate/runtime/detail/heads_text.hpp>

namespace migrate::runtime {

namespace {

using revision::Direction;

// Appends `sql` as one statement: trailing semicolons and blanks trimmed, then ";\n".
void emit(std::string& out, std::string sql) {
    while (!sql.empty() && (sql.back() == ';' || sql.back() == ' ' || sql.back() == '\n' || sql.back() == '\t' ||
                            sql.back() == '\r'))
        sql.pop_back();
    if (sql.empty()) return;
    out += sql;
    out += ";\n";
}

class Printer {
public:
    Printer(const RunScript& s, std::string& out)
        : s_(s), d_(dialect::dialect_for(s.backend)), out_(out), sections_(s.kind != RunKind::stamp) {}

    void operator()(const script::Lock&) {}
    void operator()(const script::Unlock&) {}
    void operator()(const script::RevisionEnd&) {}
    void operator()(const script::ForeignKeys& i) {
        for (const auto& sql : i.statements) emit(out_, sql);
    }
    void operator()(const script::Begin&) { out_ += "BEGIN;\n"; }
    void operator()(const script::Commit& i) {
        switch (i.reason) {
        case script::Commit::Reason::end_of_run: out_ += sections_ ? "\nCOMMIT;\n" : "COMMIT;\n"; break;
        case script::Commit::Reason::end_of_revision: out_ += "COMMIT;\n"; break;
        case script::Commit::Reason::outside_transaction:
            out_ += "COMMIT;\n-- " + i.op + " runs outside the revision's transaction\n";
            break;
        case script::Commit::Reason::step: out_ += "COMMIT;\n"; break;
        }
    }
    void operator()(const script::Timeouts& i) {
        for (const auto& sql : i.statements) emit(out_, sql);
    }
    void operator()(const script::Backfill& i) {
        for (const auto& sql : i.statements) emit(out_, sql);
    }
    void operator()(const script::VersionTables& i) {
        if (sections_) out_ += "\n";
        for (const auto& sql : i.statements) emit(out_, sql);
    }
    void operator()(const script::RevisionStart& i) {
        out_ += "\n-- " + std::string(i.direction == Direction::upgrade ? "upgrade " : "downgrade ") +
                detail::heads_text(i.heads_before) + " -> " + detail::heads_text(i.heads_after) + ": " + i.revision +
                (i.message.empty() ? "" : " (" + i.message + ")") + "\n";
    }
    void operator()(const script::RunOp& i) {
        for (const auto& st : i.statements) emit(out_, st.sql);
    }
    void operator()(const script::TableRun& i) {
        for (const auto& st : i.statements) emit(out_, st.sql);
        for (const auto& sql : i.checks) emit(out_, sql);
    }
    void operator()(const script::MoveHeads& i) {
        for (const auto& sql : i.statements) emit(out_, sql);
    }
    void operator()(const script::History& i) {
        emit(out_, d_.insert_history(s_.history_table, i.revision, i.direction, std::nullopt, i.checksum, i.applied_by));
    }

private:
    const RunScript& s_;
    const dialect::Dialect& d_;
    std::string& out_;
    const bool sections_; // upgrade/downgrade: blank lines between the version tables, revisions and end
};

} // namespace

std::string print_script(const RunScript& script) {
    std::string out = "-- migrate " + script.title + " (" + std::string(dialect::dialect_for(script.backend).name()) +
                      ", generated " + revision::utc_timestamp() + ")\n\n";
    Printer printer(script, out);
    for (const auto& item : script.items) std::visit(printer, item);
    return out;
}

} // namespace migrate::runtime

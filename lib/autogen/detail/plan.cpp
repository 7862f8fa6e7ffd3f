// Plan bookkeeping and the sequence-ownership ops shared by table and column drops.
#include <migrate/autogen/detail/plan.hpp>

#include <migrate/ops/reverse.hpp>

namespace migrate::autogen::detail {

void Plan::add(Phase phase, ops::Op op) {
    std::vector<ops::Op> inverse;
    if (auto r = ops::reverse(op)) inverse.push_back(std::move(*r));
    else warnings_.push_back(ops::describe(op) + " cannot be undone: the downgrade leaves it in place");
    add(phase, std::move(op), std::move(inverse));
}

void Plan::add(Phase phase, ops::Op op, std::vector<ops::Op> inverse) {
    steps_[static_cast<std::size_t>(phase)].push_back({std::move(op), std::move(inverse)});
}

void Plan::warn(std::string message) { warnings_.push_back(std::move(message)); }

Diff Plan::finish() && {
    Diff d;
    for (auto& phase : steps_)
        for (auto& s : phase) d.upgrade.push_back(s.op);
    for (auto phase = steps_.rbegin(); phase != steps_.rend(); ++phase)
        for (auto s = phase->rbegin(); s != phase->rend(); ++s)
            for (auto& op : s->inverse) d.downgrade.push_back(op);
    d.warnings = std::move(warnings_);
    return d;
}

std::string owner_key(const std::optional<std::string>& schema, const std::string& table, const std::string& column) {
    return (schema ? *schema + "." : std::string()) + table + "." + column;
}

std::vector<ops::Op> recreate_sequences_before(const std::vector<schema::Sequence>& sequences) {
    std::vector<ops::Op> out;
    for (auto s : sequences) {
        s.owned_by.reset();
        out.push_back(ops::CreateSequence{s});
    }
    return out;
}

ops::Op sequence_owner_op(const schema::Sequence& s, const std::optional<std::string>& owned_by, const Context& ctx) {
    std::string sql;
    std::optional<std::string> dialect_name;
    if (ctx.dialect) {
        for (const auto& st : ctx.dialect->alter_sequence_owner({s.schema, s.name}, owned_by))
            sql += (sql.empty() ? "" : ";\n") + st;
        dialect_name = std::string(ctx.dialect->name());
    } else {
        sql = "ALTER SEQUENCE " + s.name + " OWNED BY " + owned_by.value_or("NONE");
    }
    return ops::Sql{sql, dialect_name};
}

std::vector<ops::Op> recreate_sequences_after(const std::vector<schema::Sequence>& sequences, const Context& ctx) {
    std::vector<ops::Op> out;
    for (const auto& s : sequences) out.push_back(sequence_owner_op(s, s.owned_by, ctx));
    return out;
}

} // namespace migrate::autogen::detail

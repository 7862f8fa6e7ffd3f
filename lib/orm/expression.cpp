// The expression node kinds and how each renders.
#include <migrate/orm/expression.hpp>

#include <migrate/base/error.hpp>

namespace migrate::orm {

void SqlWriter::column(std::string_view table, std::string_view name) {
    if (qualify_columns && !table.empty()) {
        identifier(table);
        sql_ += '.';
    }
    identifier(name);
}

void SqlWriter::bind(db::Value value) {
    sql_ += '?';
    params_.push_back(std::move(value));
}

void Expr::render(SqlWriter& out) const {
    if (node_) node_->render(out);
}

namespace detail {
namespace {

// Renders an operand, in parentheses when it binds looser than its parent (or equally, on the
// right of a non-associative operator).
void operand(SqlWriter& out, const Expr& e, int parent, bool right) {
    bool parens = e.precedence() < parent || (right && e.precedence() == parent && parent >= k_compare);
    if (parens) out << "(";
    e.render(out);
    if (parens) out << ")";
}

struct ColumnNode : Node {
    std::string table, column;
    void render(SqlWriter& out) const override { out.column(table, column); }
};

struct ParamNode : Node {
    db::Value value;
    void render(SqlWriter& out) const override { out.bind(value); }
};

struct BinaryNode : Node {
    std::string op;
    int prec = 0;
    Expr left, right;
    void render(SqlWriter& out) const override {
        operand(out, left, prec, false);
        out << op;
        operand(out, right, prec, true);
    }
    int precedence() const override { return prec; }
};

struct PrefixNode : Node {
    std::string op;
    int prec = 0;
    Expr inner;
    void render(SqlWriter& out) const override {
        out << op;
        operand(out, inner, prec + 1, false);
    }
    int precedence() const override { return prec; }
};

struct PostfixNode : Node {
    std::string op;
    Expr inner;
    void render(SqlWriter& out) const override {
        operand(out, inner, k_compare + 1, false);
        out << op;
    }
    int precedence() const override { return k_compare; }
};

struct FunctionNode : Node {
    std::string name;
    std::vector<Expr> args;
    void render(SqlWriter& out) const override {
        out << name << "(";
        if (args.empty()) out << "*";
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (i) out << ", ";
            args[i].render(out);
        }
        out << ")";
    }
};

struct InNode : Node {
    Expr inner;
    std::vector<db::Value> values;
    bool negate = false;
    void render(SqlWriter& out) const override {
        if (values.empty()) { // x IN () is not SQL; an empty list matches nothing
            out << (negate ? "1 = 1" : "1 = 0");
            return;
        }
        operand(out, inner, k_compare + 1, false);
        out << (negate ? " NOT IN (" : " IN (");
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) out << ", ";
            out.bind(values[i]);
        }
        out << ")";
    }
    int precedence() const override { return k_compare; }
};

struct OrderNode : Node {
    Expr inner;
    bool descending = false;
    void render(SqlWriter& out) const override {
        inner.render(out);
        out << (descending ? " DESC" : " ASC");
    }
};

struct LabelNode : Node {
    Expr inner;
    std::string label;
    void render(SqlWriter& out) const override {
        inner.render(out);
        out << " AS ";
        out.identifier(label);
    }
    int precedence() const override { return inner.precedence(); }
};

template <class N> std::shared_ptr<N> make() { return std::make_shared<N>(); }

} // namespace

Expr column_ref(std::string table, std::string column) {
    auto n = make<ColumnNode>();
    n->table = std::move(table);
    n->column = std::move(column);
    return Expr(n);
}

Expr bound(db::Value value) {
    auto n = make<ParamNode>();
    n->value = std::move(value);
    return Expr(n);
}

Expr binary(std::string op, int precedence, Expr left, Expr right) {
    auto n = make<BinaryNode>();
    n->op = std::move(op);
    n->prec = precedence;
    n->left = std::move(left);
    n->right = std::move(right);
    return Expr(n);
}

Expr prefix(std::string op, int precedence, Expr operand) {
    auto n = make<PrefixNode>();
    n->op = std::move(op);
    n->prec = precedence;
    n->inner = std::move(operand);
    return Expr(n);
}

Expr postfix(std::string op, Expr operand) {
    auto n = make<PostfixNode>();
    n->op = std::move(op);
    n->inner = std::move(operand);
    return Expr(n);
}

Expr function(std::string name, std::vector<Expr> args) {
    auto n = make<FunctionNode>();
    n->name = std::move(name);
    n->args = std::move(args);
    return Expr(n);
}

Expr in_list(Expr operand, std::vector<db::Value> values, bool negate) {
    auto n = make<InNode>();
    n->inner = std::move(operand);
    n->values = std::move(values);
    n->negate = negate;
    return Expr(n);
}

Expr ordered(Expr operand, bool descending) {
    auto n = make<OrderNode>();
    n->inner = std::move(operand);
    n->descending = descending;
    return Expr(n);
}

Expr labelled(Expr operand, std::string label) {
    auto n = make<LabelNode>();
    n->inner = std::move(operand);
    n->label = std::move(label);
    return Expr(n);
}

std::string column_name(const Expr& e) {
    if (auto c = dynamic_cast<const ColumnNode*>(e.node().get())) return c->column;
    throw UsageError("expected a column, e.g. col(&Book::price), where an expression was given");
}

std::string first_table(const Expr& e) {
    const Node* n = e.node().get();
    if (auto c = dynamic_cast<const ColumnNode*>(n)) return c->table;
    if (auto b = dynamic_cast<const BinaryNode*>(n)) {
        auto t = first_table(b->left);
        return t.empty() ? first_table(b->right) : t;
    }
    if (auto f = dynamic_cast<const FunctionNode*>(n)) {
        for (auto& a : f->args)
            if (auto t = first_table(a); !t.empty()) return t;
    }
    if (auto l = dynamic_cast<const LabelNode*>(n)) return first_table(l->inner);
    if (auto o = dynamic_cast<const OrderNode*>(n)) return first_table(o->inner);
    if (auto p = dynamic_cast<const PrefixNode*>(n)) return first_table(p->inner);
    if (auto p = dynamic_cast<const PostfixNode*>(n)) return first_table(p->inner);
    return {};
}

} // namespace detail
} // namespace migrate::orm

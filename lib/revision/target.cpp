#include <migrate/revision/target.hpp>

#include <migrate/base/error.hpp>
#include <migrate/base/join.hpp>

#include <algorithm>
#include <charconv>

namespace migrate::revision {
namespace {

using Index = RevisionGraph::Index;

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string all_labels(const RevisionGraph& graph) {
    std::vector<std::string> labels;
    for (const auto& rev : graph.revisions()) labels.insert(labels.end(), rev.branch_labels.begin(), rev.branch_labels.end());
    std::sort(labels.begin(), labels.end());
    return base::join(labels);
}

} // namespace

TargetSyntax parse_target(std::string_view text) {
    auto bad = [&](const std::string& why) {
        return UsageError("invalid revision target " + in_quotes(text) + ": " + why);
    };
    if (text.empty()) throw bad("empty");
    TargetSyntax out;
    std::string_view rest = text;
    if (auto at = rest.find('@'); at != std::string_view::npos) {
        out.branch = std::string(rest.substr(0, at));
        rest = rest.substr(at + 1);
        if (out.branch.empty()) throw bad("nothing before '@'");
    }
    auto sign = rest.find_first_of("+-");
    out.ref = std::string(rest.substr(0, sign));
    if (sign != std::string_view::npos) {
        std::string_view digits = rest.substr(sign + 1);
        long n = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n < 0) {
            throw bad("expected a number after '" + std::string(1, rest[sign]) + "'");
        }
        out.relative = rest[sign] == '-' ? -n : n;
        out.has_relative = true;
    }
    for (const auto& part : {out.branch, out.ref}) {
        if (!std::all_of(part.begin(), part.end(), is_word_char)) {
            throw bad("revision ids and labels are letters, digits and '_'");
        }
    }
    if (out.ref.empty() && !out.has_relative) throw bad("nothing after '@'");
    return out;
}

Index resolve_name(const RevisionGraph& graph, std::string_view name) {
    if (auto exact = graph.index_of(name)) return *exact;
    if (auto label = graph.labelled(name)) return *label;
    auto matches = graph.with_prefix(name);
    if (matches.size() == 1) return matches.front();
    if (matches.empty()) {
        std::string msg = "unknown revision " + in_quotes(name) + ": no revision id, id prefix or branch label matches";
        if (auto labels = all_labels(graph); !labels.empty()) msg += " (branch labels: " + labels + ")";
        throw UsageError(msg);
    }
    throw UsageError("ambiguous revision " + in_quotes(name) + ": it is a prefix of " + graph.describe(matches) +
                     "; give more characters");
}

std::vector<Index> heads_above(const RevisionGraph& graph, Index anchor) {
    std::vector<Index> heads;
    std::vector<char> seen(graph.size(), 0);
    std::vector<Index> todo{anchor};
    seen[anchor] = 1;
    while (!todo.empty()) {
        Index i = todo.back();
        todo.pop_back();
        if (graph.is_head(i)) heads.push_back(i);
        for (Index c : graph.children(i)) {
            if (!seen[c]) {
                seen[c] = 1;
                todo.push_back(c);
            }
        }
    }
    std::sort(heads.begin(), heads.end());
    return heads;
}

Index branch_root(const RevisionGraph& graph, Index anchor) {
    Index at = anchor;
    while (graph.parents(at).size() == 1 && graph.children(graph.parents(at).front()).size() == 1) {
        at = graph.parents(at).front();
    }
    return at;
}

std::optional<Index> walk(const RevisionGraph& graph, Index from, long steps, const std::string& label,
                          std::string_view target, Index* lowest) {
    Index at = from;
    const long count = steps < 0 ? -steps : steps;
    for (long k = 0; k < count; ++k) {
        std::vector<Index> next = steps > 0 ? graph.children(at) : graph.parents(at);
        if (!label.empty() && next.size() > 1) {
            std::erase_if(next, [&](Index i) { return !graph.in_branch(label, i); });
        }
        const Revision& rev = graph.at(at);
        if (next.empty()) {
            if (steps < 0 && k == count - 1) {
                if (lowest) *lowest = at;
                return std::nullopt;
            }
            throw UsageError("revision target " + in_quotes(target) + " walks " + (steps > 0 ? "above" : "below") +
                             " " + rev.id + (steps > 0 ? ", a head" : ", a base") + " (after " +
                             std::to_string(k) + " of " + std::to_string(count) + " steps)");
        }
        if (next.size() > 1) {
            throw UsageError("revision target " + in_quotes(target) + " is ambiguous: " + rev.id + " is a " +
                             (steps > 0 ? "branch point" : "merge point") + " leading to " + graph.describe(next) +
                             "; name one of them (\"<rev>" + (steps > 0 ? "+" : "-") +
                             "N\") or a branch (\"<label>@...\")");
        }
        at = next.front();
    }
    return at;
}

std::vector<Index> resolve_revisions(const RevisionGraph& graph, std::string_view target) {
    TargetSyntax syntax = parse_target(target);
    if (syntax.ref.empty()) {
        throw UsageError("revision target " + in_quotes(target) +
                         " is relative to the current revision: use it with upgrade or downgrade");
    }
    std::optional<Index> anchor;
    std::string label;
    if (!syntax.branch.empty()) {
        anchor = resolve_name(graph, syntax.branch);
        if (graph.labelled(syntax.branch)) label = syntax.branch;
    }
    std::vector<Index> found;
    if (syntax.ref == "heads" || syntax.ref == "head") {
        found = anchor ? heads_above(graph, *anchor) : graph.head_indexes();
        if (syntax.ref == "head" && found.size() > 1) {
            throw UsageError("multiple heads for " + in_quotes(target) + ": " + graph.describe(found) +
                             "; name one, use \"<label>@head\" for a branch's head, or \"heads\" for all");
        }
    } else if (syntax.ref == "base") {
        // Below every revision: names none.
    } else {
        Index rev = resolve_name(graph, syntax.ref);
        if (!label.empty() && !graph.in_branch(label, rev)) {
            throw UsageError("revision " + graph.at(rev).id + " is not on branch " + in_quotes(label));
        }
        found.push_back(rev);
    }
    if (!syntax.has_relative) return found;
    if (found.size() != 1) {
        throw UsageError("revision target " + in_quotes(target) + ": " + in_quotes(syntax.ref) +
                         " must name exactly one revision to count from");
    }
    auto end = walk(graph, found.front(), syntax.relative, label, target);
    if (!end) return {};
    return {*end};
}

Index resolve_revision(const RevisionGraph& graph, std::string_view target) {
    auto found = resolve_revisions(graph, target);
    if (found.size() != 1) {
        throw UsageError("revision target " + in_quotes(target) + " must name exactly one revision" +
                         (found.empty() ? " (it names none)" : " (it names " + graph.describe(found) + ")"));
    }
    return found.front();
}

} // namespace migrate::revision

#include <migrate/runtime/verify.hpp>

#include <migrate/base/error.hpp>

#include <algorithm>
#include <map>

#include <pwd.h>
#include <unistd.h>

namespace migrate::runtime {

namespace {

using Index = revision::RevisionGraph::Index;

bool records_checksum(const HistoryEntry& e) {
    return !e.checksum.empty() && (e.direction == "upgrade" || e.direction == "stamp" || e.direction == "accept");
}

} // namespace

bool VerifyResult::any(VerifyProblem::Kind kind) const {
    return std::any_of(problems.begin(), problems.end(), [kind](const VerifyProblem& p) { return p.kind == kind; });
}

std::vector<bool> applied_revisions(const revision::RevisionGraph& g, const std::vector<std::string>& heads) {
    std::vector<bool> applied(g.size(), false);
    std::vector<Index> todo;
    for (const auto& id : heads)
        if (auto i = g.index_of(id)) todo.push_back(*i);
    while (!todo.empty()) {
        Index i = todo.back();
        todo.pop_back();
        if (applied[i]) continue;
        applied[i] = true;
        for (Index p : g.prerequisites(i)) todo.push_back(p);
    }
    return applied;
}

std::map<std::string, std::string> recorded_checksums(const std::vector<HistoryEntry>& history) {
    std::map<std::string, std::string> recorded;
    for (const auto& e : history)
        if (records_checksum(e)) recorded[e.revision] = e.checksum;
    return recorded;
}

VerifyResult verify_applied(const revision::RevisionGraph& g, const std::vector<std::string>& heads,
                            const std::vector<HistoryEntry>& history) {
    const auto recorded = recorded_checksums(history);
    const auto applied = applied_revisions(g, heads);
    VerifyResult result;
    std::vector<Index> order;
    for (Index i = 0; i < g.size(); ++i)
        if (applied[i]) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return g.at(a).id < g.at(b).id; });
    for (Index i : order) {
        const auto& rev = g.at(i);
        auto it = recorded.find(rev.id);
        if (it == recorded.end()) ++result.unrecorded;
        else if (it->second == rev.sha256) ++result.matched;
        else result.problems.push_back({VerifyProblem::Kind::modified, rev.id, rev.path, it->second, rev.sha256});
    }
    std::vector<std::string> missing;
    for (const auto& id : heads)
        if (!g.index_of(id)) missing.push_back(id);
    std::sort(missing.begin(), missing.end());
    for (auto& id : missing) result.problems.push_back({VerifyProblem::Kind::missing, std::move(id), {}, {}, {}});
    return result;
}

std::string describe(const VerifyProblem& p) {
    if (p.kind == VerifyProblem::Kind::missing) return "missing " + p.revision;
    return "modified " + p.revision + " " + p.file.generic_string();
}

void refuse_unverified(const VerifyResult& result) {
    std::string text = "applied revisions no longer match their files; nothing was changed:";
    for (const auto& p : result.problems) text += "\n  " + describe(p);
    if (result.any(VerifyProblem::Kind::modified))
        text += "\nA modified file: restore it as it was applied (e.g. `git checkout` it), or, once you have decided "
                "the edit is harmless, record it as it is now with `migrate verify --accept REV`.";
    if (result.any(VerifyProblem::Kind::missing))
        text += "\nA missing file: restore it (the database's version table names it), or record where the database "
                "really is with `migrate stamp REV --purge`.";
    throw Disagreement(text);
}

std::string current_user() {
    std::string user;
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) user = pw->pw_name;
    else user = "uid " + std::to_string(::geteuid());
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0 && host[0]) user += std::string("@") + host;
    return user;
}

} // namespace migrate::runtime

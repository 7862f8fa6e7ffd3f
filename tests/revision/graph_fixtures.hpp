// Revision graphs built in code for the revision tests, including Alembic's "Working with
// Branches" example (account, shoppingcart and networking branches), and small helpers
// the revision tests share.
#pragma once

#include <migrate/base/error.hpp>
#include <migrate/revision/migration_plan.hpp>
#include <migrate/revision/revision_graph.hpp>
#include <migrate/revision/script_directory.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace migrate::revision::test {

inline Revision make_rev(std::string id, std::vector<std::string> down = {}, std::vector<std::string> labels = {},
                         std::vector<std::string> depends_on = {}) {
    Revision rev;
    rev.id = std::move(id);
    rev.down_revisions = std::move(down);
    rev.branch_labels = std::move(labels);
    rev.depends_on = std::move(depends_on);
    rev.message = "revision " + rev.id;
    return rev;
}

// The message ScriptDirectory::load gives for the versions folder `dir`, or "(no error)".
inline std::string load_error(const std::filesystem::path& dir) {
    try {
        ScriptDirectory::load(dir);
    } catch (const migrate::RevisionError& e) {
        return e.what();
    }
    return "(no error)";
}

inline std::vector<std::string> step_ids(const MigrationPlan& plan) {
    std::vector<std::string> out;
    for (const auto& step : plan.steps) out.push_back(step.revision->id);
    return out;
}

inline std::vector<std::vector<std::string>> heads_per_step(const MigrationPlan& plan) {
    std::vector<std::vector<std::string>> out;
    for (const auto& step : plan.steps) out.push_back(step.heads_after);
    return out;
}

inline std::size_t position(const std::vector<std::string>& ids, const std::string& id) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] == id) return i;
    }
    return ids.size();
}

// Alembic's ids, shortened to their first four characters in the test names.
inline const std::string account = "1975ea83b712";
inline const std::string add_column = "ae1027a6acf";
inline const std::string shopping = "27c6a30d7c24";
inline const std::string shopping_column = "d747a8a8879";
inline const std::string account_column = "55af2cb1c267";
inline const std::string merge = "53fffde5ad5";
inline const std::string networking = "3cac04ae8714";
inline const std::string ip_number = "109ec7d132bf";
inline const std::string dns = "29f859a13ea";
inline const std::string ip_account = "2a95102259be";
inline const std::string more_account = "34e094ad6ef1";

// 1975 -> ae10 and 1975 -> 27c6: one branch point, two heads.
inline std::vector<Revision> two_heads(bool label_shoppingcart = false) {
    return {make_rev(account), make_rev(add_column, {account}),
            make_rev(shopping, {account}, label_shoppingcart ? std::vector<std::string>{"shoppingcart"}
                                                             : std::vector<std::string>{})};
}

// The two heads joined by a merge point.
inline std::vector<Revision> diamond() {
    auto revs = two_heads();
    revs.push_back(make_rev(merge, {add_column, shopping}));
    return revs;
}

// The full example: shoppingcart (labelled) and account branches from 1975, and a second base
// "networking" whose ip_account revision depends on 55af.
inline std::vector<Revision> forest(bool with_more_account = true, bool with_shopping_column = true) {
    std::vector<Revision> revs = two_heads(true);
    if (with_shopping_column) revs.push_back(make_rev(shopping_column, {shopping}));
    revs.push_back(make_rev(account_column, {add_column}));
    revs.push_back(make_rev(networking, {}, {"networking"}));
    revs.push_back(make_rev(ip_number, {networking}));
    revs.push_back(make_rev(dns, {ip_number}));
    revs.push_back(make_rev(ip_account, {dns}, {}, {account_column}));
    if (with_more_account) revs.push_back(make_rev(more_account, {account_column}));
    return revs;
}

inline std::vector<Revision> chain(int n, const std::string& prefix = "r") {
    std::vector<Revision> revs;
    for (int i = 0; i < n; ++i) {
        revs.push_back(make_rev(prefix + std::to_string(i), i ? std::vector<std::string>{prefix + std::to_string(i - 1)}
                                                              : std::vector<std::string>{}));
    }
    return revs;
}

using Ids = std::vector<std::string>;

} // namespace migrate::revision::test

// The ops of one direction of a revision, as the revision layer holds them: the one seam
// between revision files and lib/ops, so that errors name the file and the op's field.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <migrate/ops/op.hpp>

namespace migrate::revision {

// Each op as the JSON object its file holds. Loading a script directory only checks that a
// direction is an array: turning the items into ops::Op (lib/ops's field checks) is left to the
// commands that need ops (upgrade, downgrade, show, --sql, check), so that `heads`, `current`
// and `history` on thousands of revisions stay fast. parse_ops() and validate_ops() (in
// revision.hpp) do that step; the runtime parses every op of a plan before running any.
using OpList = std::vector<nlohmann::json>;

// How a revision's ops run, from the revision file's top-level "lock_timeout",
// "statement_timeout" (SET LOCAL in each of its transactions, where the dialect has them) and
// "retries" (on a lock timeout the revision is rolled back and tried again, up to this many
// times, waiting longer each time).
struct RunSettings {
    std::optional<std::int64_t> lock_timeout_ms;
    std::optional<std::int64_t> statement_timeout_ms;
    int retries = 0;
    bool operator==(const RunSettings&) const = default;
};

// Both directions of a revision's ops: held in memory (a file just parsed, a revision built in
// code), or read on first use (a revision loaded from the header cache, whose ops were never
// read: see ScriptDirectory::load). Copies share what was read. Safe to read from several threads.
class RevisionOps {
public:
    RevisionOps() = default; // no ops
    // `downgrade_reversed`: the file said "downgrade": "reverse" and `downgrade` was derived.
    // `lint`: the revision's "lint" field (null when absent), kept with the ops because it is
    // read with them, by `migrate lint`, and never from the header cache.
    // `settings`: the revision's run settings, read with the ops for the same reason.
    RevisionOps(OpList upgrade, OpList downgrade, bool downgrade_reversed = false, nlohmann::json lint = nullptr,
                RunSettings settings = {});
    // Ops that `load` gives the first time they are asked for. When it throws, the next request
    // calls it again.
    static RevisionOps deferred(std::function<RevisionOps()> load);

    const OpList& upgrade() const { return lists().upgrade; }
    const OpList& downgrade() const { return lists().downgrade; }
    bool downgrade_reversed() const { return lists().downgrade_reversed; }
    const nlohmann::json& lint() const { return lists().lint; }
    const RunSettings& settings() const { return lists().settings; }

private:
    struct Lists {
        OpList upgrade;
        OpList downgrade;
        bool downgrade_reversed = false;
        nlohmann::json lint;
        RunSettings settings;
    };
    struct Deferred {
        std::mutex mutex;
        std::function<RevisionOps()> load;
        std::shared_ptr<const Lists> lists; // once loaded
    };
    const Lists& lists() const;

    std::shared_ptr<const Lists> lists_; // in memory
    std::shared_ptr<Deferred> deferred_; // or read on first use
};

// Checks that `value` found at `field` ("upgrade") of `file` is an array and takes its items.
// Throws RevisionError naming the file and field otherwise.
OpList parse_op_list(nlohmann::json&& value, const std::string& file, const std::string& field);
OpList parse_op_list(const nlohmann::json& value, const std::string& file, const std::string& field);

// The items of `list` as ops. Throws RevisionError naming the file and the op's field, e.g.
// `versions/ab12_add.json: upgrade[2].op: unknown op "create_tabel"`.
std::vector<ops::Op> parse_ops(const OpList& list, const std::string& file, const std::string& field);

// `ops` as the items of an OpList (for NewRevision built in code).
OpList to_op_list(const std::vector<ops::Op>& ops);

// The downgrade that undoes `upgrade` (ops::reverse, last op first), for "downgrade": "reverse".
// Throws RevisionError naming `file`, the field "downgrade" and the op that cannot be reversed.
OpList reversed_op_list(const OpList& upgrade, const std::string& file);

// The JSON array form of `list` ("op" first in each, the field order of lib/ops when the item
// is a valid op), for writing revision files.
nlohmann::ordered_json op_list_to_json(const OpList& list);

} // namespace migrate::revision

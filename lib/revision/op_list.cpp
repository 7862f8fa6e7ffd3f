#include <migrate/revision/op_list.hpp>

#include <migrate/base/error.hpp>
#include <migrate/ops/json.hpp>
#include <migrate/ops/reverse.hpp>
#include <migrate/schema/json.hpp>

namespace migrate::revision {

namespace {

void check_array(const nlohmann::json& value, const std::string& file, const std::string& field) {
    if (!value.is_array()) {
        throw RevisionError(file, field, std::string("must be an array of ops (got ") + value.type_name() + ")");
    }
}

} // namespace

RevisionOps::RevisionOps(OpList upgrade, OpList downgrade, bool downgrade_reversed, nlohmann::json lint,
                         RunSettings settings)
    : lists_(std::make_shared<const Lists>(
          Lists{std::move(upgrade), std::move(downgrade), downgrade_reversed, std::move(lint), settings})) {}

RevisionOps RevisionOps::deferred(std::function<RevisionOps()> load) {
    RevisionOps ops;
    ops.deferred_ = std::make_shared<Deferred>();
    ops.deferred_->load = std::move(load);
    return ops;
}

const RevisionOps::Lists& RevisionOps::lists() const {
    static const Lists none;
    if (lists_) return *lists_;
    if (!deferred_) return none;
    std::lock_guard lock(deferred_->mutex);
    if (!deferred_->lists) {
        RevisionOps loaded = deferred_->load();
        deferred_->lists = loaded.lists_ ? loaded.lists_ : std::make_shared<const Lists>(loaded.lists());
    }
    return *deferred_->lists;
}

OpList parse_op_list(nlohmann::json&& value, const std::string& file, const std::string& field) {
    check_array(value, file, field);
    return std::move(value.get_ref<nlohmann::json::array_t&>());
}

OpList parse_op_list(const nlohmann::json& value, const std::string& file, const std::string& field) {
    check_array(value, file, field);
    return value.get_ref<const nlohmann::json::array_t&>();
}

std::vector<ops::Op> parse_ops(const OpList& list, const std::string& file, const std::string& field) {
    std::vector<ops::Op> out;
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        try {
            out.push_back(ops::op_from_json(list[i], field + "[" + std::to_string(i) + "]"));
        } catch (const schema::JsonFieldError& e) {
            throw RevisionError(file, e.field(), e.reason());
        }
    }
    return out;
}

OpList to_op_list(const std::vector<ops::Op>& list) {
    OpList out;
    out.reserve(list.size());
    for (const auto& op : list) out.push_back(nlohmann::json::parse(ops::op_to_json(op).dump()));
    return out;
}

OpList reversed_op_list(const OpList& upgrade, const std::string& file) {
    auto list = parse_ops(upgrade, file, "upgrade");
    for (std::size_t i = list.size(); i-- > 0;) {
        if (!ops::is_reversible(list[i]))
            throw RevisionError(file, "downgrade",
                                "\"reverse\": upgrade[" + std::to_string(i) + "] (" + ops::describe(list[i]) +
                                    ") cannot be reversed (it does not carry what it removes or replaces); write the "
                                    "downgrade ops, or declare \"irreversible\": true with an empty downgrade");
    }
    return to_op_list(ops::reverse(list));
}

nlohmann::ordered_json op_list_to_json(const OpList& list) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& item : list) {
        try {
            auto op = ops::op_to_json(ops::op_from_json(item));
            // The lint annotation is no part of the op: written back after the op's fields.
            if (item.is_object() && item.contains("lint") && !item["lint"].is_null())
                op["lint"] = nlohmann::ordered_json::parse(item["lint"].dump());
            out.push_back(std::move(op));
        } catch (const schema::JsonFieldError&) {
            // Not a valid op (yet): written as given, "op" first, so the file's error points at it.
            auto raw = nlohmann::ordered_json::parse(item.dump());
            if (raw.is_object() && raw.contains("op")) {
                auto ordered = nlohmann::ordered_json::object();
                ordered["op"] = raw["op"];
                for (auto& [key, value] : raw.items())
                    if (key != "op") ordered[key] = value;
                raw = std::move(ordered);
            }
            out.push_back(std::move(raw));
        }
    }
    return out;
}

} // namespace migrate::revision

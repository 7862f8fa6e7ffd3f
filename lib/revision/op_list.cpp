#include <migrate/revision/op_list.hpp>

#include <migrate/db/error.hpp>
#include <migrate/ops/json.hpp>
#include <migrate/schema/json.hpp>

namespace migrate::revision {

OpList parse_op_list(const nlohmann::json& value, const std::string& file, const std::string& field) {
    if (!value.is_array()) {
        throw RevisionError(file, field, std::string("must be an array of ops (got ") + value.type_name() + ")");
    }
    OpList list;
    list.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        try {
            list.push_back(ops::op_from_json(value[i], field + "[" + std::to_string(i) + "]"));
        } catch (const schema::JsonFieldError& e) {
            throw RevisionError(file, e.field(), e.reason());
        }
    }
    return list;
}

nlohmann::ordered_json op_list_to_json(const OpList& list) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& op : list) out.push_back(ops::op_to_json(op));
    return out;
}

} // namespace migrate::revision

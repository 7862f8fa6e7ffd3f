#include <migrate/revision/op_list.hpp>

#include <migrate/db/error.hpp>

namespace migrate::revision {

OpList parse_op_list(const nlohmann::json& value, const std::string& file, const std::string& field) {
    if (!value.is_array()) {
        throw RevisionError(file, field, std::string("must be an array of ops (got ") + value.type_name() + ")");
    }
    OpList ops;
    ops.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto& op = value[i];
        std::string where = field + "[" + std::to_string(i) + "]";
        if (!op.is_object()) {
            throw RevisionError(file, where, std::string("must be an object (got ") + op.type_name() + ")");
        }
        auto name = op.find("op");
        if (name == op.end()) throw RevisionError(file, where + ".op", "missing field");
        if (!name->is_string()) {
            throw RevisionError(file, where + ".op", std::string("must be a string (got ") + name->type_name() + ")");
        }
        ops.push_back(op);
    }
    return ops;
}

nlohmann::ordered_json op_list_to_json(const OpList& ops) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& op : ops) {
        nlohmann::ordered_json item = nlohmann::ordered_json::object();
        if (op.contains("op")) item["op"] = op["op"].get<std::string>();
        for (const auto& [key, value] : op.items()) {
            if (key != "op") item[key] = nlohmann::ordered_json::parse(value.dump());
        }
        out.push_back(std::move(item));
    }
    return out;
}

} // namespace migrate::revision

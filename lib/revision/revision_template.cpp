// The revision template as data: the defaults of every new revision file (see
// parse_revision_template in script_directory.hpp).
#include <migrate/revision/script_directory.hpp>

#include <migrate/base/error.hpp>

#include "detail/json_text.hpp"

namespace migrate::revision {

NewRevision parse_revision_template(std::string_view text, const std::filesystem::path& path) {
    const std::string file = path.generic_string();
    nlohmann::json doc;
    try {
        doc = detail::parse_commented_json(text, file);
    } catch (const RevisionError& e) {
        // A template from before templates were data: say so rather than only where it breaks.
        if (text.find("${") == std::string_view::npos) throw;
        throw RevisionError(file, "", std::string(e.what()) +
                                          " (templates are JSON data now: placeholders such as ${message} are no longer "
                                          "substituted; see docs/revision-format.md, \"The revision template\")");
    }
    if (!doc.is_object())
        throw RevisionError(file, "", std::string("a revision template must hold a JSON object (got ") + doc.type_name() + ")");
    NewRevision spec;
    for (auto& [key, value] : doc.items()) {
        if (key == "comments") {
            if (!value.is_array()) throw RevisionError(file, key, "must be an array of strings");
            for (const auto& line : value) {
                if (!line.is_string()) throw RevisionError(file, key, "must be an array of strings");
                spec.comments.push_back(line.get<std::string>());
            }
        } else if (key == "upgrade") {
            spec.upgrade = parse_op_list(value, file, key);
        } else if (key == "downgrade") {
            if (value == "reverse") spec.reverse_downgrade = true;
            else spec.downgrade = parse_op_list(value, file, key);
        } else if (key == "irreversible") {
            if (!value.is_boolean()) throw RevisionError(file, key, "must be true or false");
            spec.irreversible = value.get<bool>();
        } else {
            throw RevisionError(file, key, "unknown field (a template may hold: comments, upgrade, downgrade, irreversible)");
        }
    }
    return spec;
}

} // namespace migrate::revision

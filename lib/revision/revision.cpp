#include <migrate/revision/revision.hpp>

#include <migrate/base/error.hpp>

#include "detail/text_position.hpp"
#include "detail/sha256.hpp"

#include <algorithm>
#include <array>

namespace migrate::revision {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> k_fields = {
    "revision", "down_revision", "branch_labels", "depends_on", "message", "create_date", "upgrade", "downgrade"};

std::string at_position(std::string_view text, std::size_t offset) {
    auto pos = detail::position_of(text, offset);
    return "line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column);
}

// nlohmann's message without its "[json.exception...] parse error at line 1, column 2: " prefix.
std::string parse_error_reason(const json::parse_error& e) {
    std::string_view what = e.what();
    auto start = what.find("parse error");
    auto colon = start == std::string_view::npos ? start : what.find(": ", start);
    return std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
}

// Where an unclosed /* comment opens: nlohmann reports it at the end of the text.
std::size_t unclosed_comment_start(std::string_view text) {
    bool in_string = false;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (in_string) {
            if (text[i] == '\\') ++i;
            else if (text[i] == '"') in_string = false;
        } else if (text[i] == '"') {
            in_string = true;
        } else if (text.compare(i, 2, "//") == 0) {
            i = text.find('\n', i);
            if (i == std::string_view::npos) break;
        } else if (text.compare(i, 2, "/*") == 0) {
            auto close = text.find("*/", i + 2);
            if (close == std::string_view::npos) return i;
            i = close + 1;
        }
    }
    return text.size();
}

json parse_json(std::string_view text, const std::string& file) {
    try {
        return json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        std::string reason = parse_error_reason(e);
        if (reason.find("missing closing '*/'") != std::string::npos)
            throw RevisionError(file, at_position(text, unclosed_comment_start(text)), "unterminated /* comment");
        // nlohmann counts the end of the text as read, and points at a token's last character;
        // for a string, point at its opening quote.
        std::size_t offset = std::min<std::size_t>(e.byte, text.size());
        offset = offset > 0 ? offset - 1 : 0;
        if (offset < text.size() && text[offset] == '"' && offset > 0) {
            std::size_t open = offset - 1;
            while (open > 0 && !(text[open] == '"' && text[open - 1] != '\\')) --open;
            if (text[open] == '"') offset = open;
        }
        throw RevisionError(file, at_position(text, offset), "malformed JSON: " + reason);
    }
}

// null, a string, or an array of strings -> a list; anything else names the field.
std::vector<std::string> string_list(const json& doc, const std::string& file, const char* key, const char* what) {
    std::vector<std::string> out;
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return out;
    auto bad = [&](const json& value) {
        return RevisionError(file, key, std::string("must be null, ") + what + " or an array of them (got " +
                                            value.type_name() + ")");
    };
    if (it->is_string()) {
        out.push_back(it->get<std::string>());
        return out;
    }
    if (!it->is_array()) throw bad(*it);
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& item = (*it)[i];
        if (!item.is_string()) {
            throw RevisionError(file, std::string(key) + "[" + std::to_string(i) + "]",
                                std::string("must be a string (got ") + item.type_name() + ")");
        }
        std::string value = item.get<std::string>();
        if (std::find(out.begin(), out.end(), value) != out.end()) {
            throw RevisionError(file, key, "\"" + value + "\" is listed twice");
        }
        out.push_back(std::move(value));
    }
    return out;
}

std::string optional_string(const json& doc, const std::string& file, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return {};
    if (!it->is_string()) {
        throw RevisionError(file, key, std::string("must be a string (got ") + it->type_name() + ")");
    }
    return it->get<std::string>();
}

const json& required(const json& doc, const std::string& file, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end()) throw RevisionError(file, key, "missing field");
    return *it;
}

Revision revision_from_json(json& doc, const std::string& file) {
    if (!doc.is_object()) {
        throw RevisionError(file, "", std::string("a revision file must hold a JSON object (got ") + doc.type_name() + ")");
    }
    for (const auto& [key, value] : doc.items()) {
        if (std::find(k_fields.begin(), k_fields.end(), key) == k_fields.end()) {
            std::string known;
            for (auto field : k_fields) known += (known.empty() ? "" : ", ") + std::string(field);
            throw RevisionError(file, key, "unknown field (the fields are: " + known + ")");
        }
    }
    Revision rev;
    const json& id = required(doc, file, "revision");
    if (!id.is_string()) throw RevisionError(file, "revision", std::string("must be a string (got ") + id.type_name() + ")");
    rev.id = id.get<std::string>();
    if (!is_valid_revision_id(rev.id)) {
        throw RevisionError(file, "revision", "\"" + rev.id + "\" is not a valid id (letters, digits and '_' only)");
    }
    required(doc, file, "down_revision");
    rev.down_revisions = string_list(doc, file, "down_revision", "a revision id");
    rev.branch_labels = string_list(doc, file, "branch_labels", "a label");
    for (const auto& label : rev.branch_labels) {
        if (!is_valid_branch_label(label)) {
            throw RevisionError(file, "branch_labels", "\"" + label +
                                "\" is not a valid label (letters, digits and '_'; not head, heads or base)");
        }
    }
    rev.depends_on = string_list(doc, file, "depends_on", "a revision id or label");
    rev.message = optional_string(doc, file, "message");
    rev.create_date = optional_string(doc, file, "create_date");
    required(doc, file, "upgrade");
    required(doc, file, "downgrade");
    rev.ops = RevisionOps(parse_op_list(std::move(doc["upgrade"]), file, "upgrade"),
                          parse_op_list(std::move(doc["downgrade"]), file, "downgrade"));
    return rev;
}

bool is_word(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

} // namespace

bool is_valid_revision_id(std::string_view id) { return is_word(id); }

bool is_valid_branch_label(std::string_view label) {
    return is_word(label) && label != "head" && label != "heads" && label != "base";
}

Revision parse_revision(std::string_view text, const std::filesystem::path& file) {
    std::string name = file.generic_string();
    json doc = parse_json(text, name);
    // The checksum first: revision_from_json moves the op arrays out of `doc`.
    std::string sha256 = doc.is_object() ? detail::sha256_hex(doc.dump()) : std::string();
    Revision rev = revision_from_json(doc, name);
    rev.path = file;
    rev.sha256 = std::move(sha256);
    return rev;
}

namespace {

std::string file_of(const Revision& rev) {
    return rev.path.empty() ? "revision " + rev.id : rev.path.generic_string();
}

} // namespace

std::vector<ops::Op> upgrade_ops(const Revision& rev) {
    return parse_ops(rev.ops.upgrade(), file_of(rev), "upgrade");
}

std::vector<ops::Op> downgrade_ops(const Revision& rev) {
    return parse_ops(rev.ops.downgrade(), file_of(rev), "downgrade");
}

void validate_ops(const Revision& rev) {
    upgrade_ops(rev);
    downgrade_ops(rev);
}

std::string canonical_content(std::string_view text, const std::filesystem::path& file) {
    return parse_json(text, file.generic_string()).dump();
}

std::string render_revision(const Revision& rev) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    doc["revision"] = rev.id;
    if (rev.down_revisions.empty()) doc["down_revision"] = nullptr;
    else if (rev.down_revisions.size() == 1) doc["down_revision"] = rev.down_revisions.front();
    else doc["down_revision"] = rev.down_revisions;
    doc["branch_labels"] = rev.branch_labels;
    doc["depends_on"] = rev.depends_on;
    doc["message"] = rev.message;
    doc["create_date"] = rev.create_date;
    doc["upgrade"] = op_list_to_json(rev.ops.upgrade());
    doc["downgrade"] = op_list_to_json(rev.ops.downgrade());
    return doc.dump(2) + "\n";
}

} // namespace migrate::revision

#include <migrate/revision/revision.hpp>

#include <migrate/base/error.hpp>
#include <migrate/base/sha256.hpp>
#include <migrate/ops/json.hpp>

#include "detail/json_text.hpp"

#include <algorithm>
#include <array>

namespace migrate::revision {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 14> k_fields = {"revision",    "down_revision", "branch_labels",
                                                      "depends_on",  "message",       "create_date",
                                                      "upgrade",     "downgrade",     "irreversible",
                                                      "imported_from", "lint", "lock_timeout",
                                                      "statement_timeout", "retries"};
constexpr std::string_view k_reverse = "reverse";

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

// A duration: milliseconds as an integer, or a string "500ms", "5s", "2min".
std::optional<std::int64_t> duration_ms(const json& doc, const std::string& file, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return std::nullopt;
    auto bad = [&] {
        return RevisionError(file, key, "must be a duration such as \"5s\", \"500ms\" or \"2min\", or milliseconds "
                                        "as an integer, above 0 (got " + it->dump() + ")");
    };
    if (it->is_number_integer()) {
        if (it->get<std::int64_t>() <= 0) throw bad();
        return it->get<std::int64_t>();
    }
    if (!it->is_string()) throw bad();
    const std::string text = it->get<std::string>();
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9) throw bad();
    const std::int64_t n = std::stoll(text.substr(0, digits));
    const std::string unit = text.substr(digits);
    std::int64_t ms = 0;
    if (unit == "ms") ms = n;
    else if (unit == "s") ms = n * 1000;
    else if (unit == "min") ms = n * 60'000;
    else throw bad();
    if (ms <= 0) throw bad();
    return ms;
}

RunSettings run_settings(const json& doc, const std::string& file) {
    RunSettings s;
    s.lock_timeout_ms = duration_ms(doc, file, "lock_timeout");
    s.statement_timeout_ms = duration_ms(doc, file, "statement_timeout");
    if (auto it = doc.find("retries"); it != doc.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 100)
            throw RevisionError(file, "retries", "must be a number of tries from 0 to 100 (got " + it->dump() + ")");
        s.retries = static_cast<int>(it->get<std::int64_t>());
    }
    return s;
}

void write_duration(nlohmann::ordered_json& doc, const char* key, const std::optional<std::int64_t>& ms) {
    if (!ms) return;
    if (*ms % 60'000 == 0) doc[key] = std::to_string(*ms / 60'000) + "min";
    else if (*ms % 1000 == 0) doc[key] = std::to_string(*ms / 1000) + "s";
    else doc[key] = std::to_string(*ms) + "ms";
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
    if (auto it = doc.find("irreversible"); it != doc.end() && !it->is_null()) {
        if (!it->is_boolean())
            throw RevisionError(file, "irreversible", std::string("must be true or false (got ") + it->type_name() + ")");
        rev.irreversible = it->get<bool>();
    }
    rev.imported_from = optional_string(doc, file, "imported_from");
    try {
        ops::lint_ignores(doc);
    } catch (const schema::JsonFieldError& e) {
        throw RevisionError(file, e.field(), e.reason());
    }
    nlohmann::json lint = doc.contains("lint") ? doc["lint"] : nlohmann::json();
    const RunSettings settings = run_settings(doc, file);
    required(doc, file, "upgrade");
    const json& down = required(doc, file, "downgrade");
    OpList upgrade = parse_op_list(std::move(doc["upgrade"]), file, "upgrade");
    if (down.is_string()) {
        if (down.get_ref<const std::string&>() != k_reverse)
            throw RevisionError(file, "downgrade", "must be an array of ops or \"reverse\" (got \"" +
                                                       down.get<std::string>() + "\")");
        if (rev.irreversible)
            throw RevisionError(file, "downgrade", "\"reverse\" contradicts \"irreversible\": true");
        OpList downgrade = reversed_op_list(upgrade, file);
        rev.ops = RevisionOps(std::move(upgrade), std::move(downgrade), /*downgrade_reversed=*/true, std::move(lint),
                              settings);
        return rev;
    }
    OpList downgrade = parse_op_list(std::move(doc["downgrade"]), file, "downgrade");
    if (!rev.imported_from.empty() && (!upgrade.empty() || !downgrade.empty()))
        throw RevisionError(file, "imported_from",
                            "an imported revision holds no ops (remove \"imported_from\" to make it one that runs)");
    if (rev.irreversible && !downgrade.empty())
        throw RevisionError(file, "downgrade", "an \"irreversible\": true revision has no downgrade ops (make it [])");
    rev.ops = RevisionOps(std::move(upgrade), std::move(downgrade), false, std::move(lint), settings);
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
    json doc = detail::parse_commented_json(text, name);
    // The checksum first: revision_from_json moves the op arrays out of `doc`.
    std::string sha256 = doc.is_object() ? base::sha256_hex(doc.dump()) : std::string();
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
    return detail::parse_commented_json(text, file.generic_string()).dump();
}

std::string render_revision(const Revision& rev, const std::vector<std::string>& comments) {
    std::string out;
    for (const auto& comment : comments) {
        // Each line of a comment as its own `//` line: a newline inside one would end the comment.
        std::size_t start = 0;
        while (true) {
            auto end = comment.find_first_of("\r\n", start);
            auto line = comment.substr(start, end == std::string::npos ? std::string::npos : end - start);
            out += line.empty() ? "//\n" : "// " + line + "\n";
            if (end == std::string::npos) break;
            start = end + (comment.compare(end, 2, "\r\n") == 0 ? 2 : 1);
        }
    }
    // The header's fields one a line with their lists compact (`"depends_on": ["a2"]`), as a
    // person writes them; the op lists indented. Any JSON text renders a string with its
    // newlines escaped, so indenting the op lists' lines cannot touch a value.
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    doc["revision"] = rev.id;
    if (rev.down_revisions.empty()) doc["down_revision"] = nullptr;
    else if (rev.down_revisions.size() == 1) doc["down_revision"] = rev.down_revisions.front();
    else doc["down_revision"] = rev.down_revisions;
    doc["branch_labels"] = rev.branch_labels;
    doc["depends_on"] = rev.depends_on;
    doc["message"] = rev.message;
    doc["create_date"] = rev.create_date;
    if (rev.irreversible) doc["irreversible"] = true;
    if (!rev.imported_from.empty()) doc["imported_from"] = rev.imported_from;
    if (!rev.ops.lint().is_null()) doc["lint"] = nlohmann::ordered_json::parse(rev.ops.lint().dump());
    const auto& settings = rev.ops.settings();
    write_duration(doc, "lock_timeout", settings.lock_timeout_ms);
    write_duration(doc, "statement_timeout", settings.statement_timeout_ms);
    if (settings.retries > 0) doc["retries"] = settings.retries;
    doc["upgrade"] = op_list_to_json(rev.ops.upgrade());
    if (rev.ops.downgrade_reversed()) doc["downgrade"] = std::string(k_reverse);
    else doc["downgrade"] = op_list_to_json(rev.ops.downgrade());
    out += "{";
    const char* separator = "\n";
    for (const auto& [key, value] : doc.items()) {
        const bool ops = key == "upgrade" || key == "downgrade";
        std::string text = ops ? value.dump(2) : value.dump();
        if (ops)
            for (auto pos = text.find('\n'); pos != std::string::npos; pos = text.find('\n', pos + 3))
                text.replace(pos, 1, "\n  ");
        out += separator + std::string("  ") + nlohmann::json(key).dump() + ": " + text;
        separator = ",\n";
    }
    return out + "\n}\n";
}

} // namespace migrate::revision

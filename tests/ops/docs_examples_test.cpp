// The examples in docs/revision-format.md, section "Operations", are read by the real parser,
// so the documentation cannot drift from the format.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <migrate/ops/json.hpp>

using namespace migrate::ops;

namespace {

std::string operations_section() {
    std::ifstream in(std::string(MIGRATE_SOURCE_DIR) + "/docs/revision-format.md");
    std::stringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    auto start = all.find("\n## Operations");
    if (start == std::string::npos) return "";
    auto end = all.find("\n## ", start + 1);
    return all.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The top-level JSON objects of every ```json block, split by brace depth outside strings.
std::vector<std::string> json_examples(const std::string& section) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while ((at = section.find("```json\n", at)) != std::string::npos) {
        at += 8;
        auto end = section.find("```", at);
        std::string block = section.substr(at, end - at);
        int depth = 0;
        bool in_string = false;
        std::string current;
        for (std::size_t i = 0; i < block.size(); ++i) {
            char c = block[i];
            if (depth > 0 || c == '{') current += c;
            if (in_string) {
                if (c == '\\') current += block[++i];
                else if (c == '"') in_string = false;
                continue;
            }
            if (c == '"') in_string = true;
            else if (c == '{') ++depth;
            else if (c == '}' && --depth == 0) out.push_back(std::exchange(current, ""));
        }
        at = end + 3;
    }
    return out;
}

} // namespace

TEST_CASE("every op example in docs/revision-format.md parses and round-trips") {
    auto examples = json_examples(operations_section());
    std::set<std::string> documented;
    for (const auto& text : examples) {
        INFO(text);
        Op op = op_from_json(nlohmann::json::parse(text));
        documented.insert(std::string(op_name(op)));
        CHECK(op_from_json(nlohmann::json(op_to_json(op))) == op);
    }
    for (const auto& name : op_names()) {
        INFO("op without an example: " << name);
        CHECK(documented.count(name) == 1);
    }
}

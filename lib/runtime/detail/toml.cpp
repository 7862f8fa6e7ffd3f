#include <migrate/runtime/detail/toml.hpp>

#include <migrate/db/error.hpp>

#include <cctype>
#include <charconv>

namespace migrate::runtime::detail {

std::string TomlValue::type_name() const {
    switch (v.index()) {
    case 0: return "a string";
    case 1: return "a boolean";
    case 2: return "an integer";
    case 3: return "a number";
    default: return "an array";
    }
}

namespace {

class Reader {
public:
    Reader(const std::string& text, const std::string& file) : s_(text), file_(file) {}

    TomlDocument run() {
        TomlDocument doc;
        std::string section;
        doc[section];
        while (pos_ < s_.size()) {
            skip_blank();
            if (pos_ >= s_.size()) break;
            char c = s_[pos_];
            if (c == '\n') { ++pos_; ++line_; continue; }
            if (c == '#') { skip_comment(); continue; }
            if (c == '[') {
                ++pos_;
                skip_blank();
                section = read_key();
                skip_blank();
                expect(']');
                end_of_line();
                if (doc.count(section) && section != "") fail("section [" + section + "] appears twice");
                doc[section];
                continue;
            }
            int key_line = line_;
            std::string key = read_key();
            skip_blank();
            expect('=');
            skip_blank();
            TomlValue value = read_value();
            value.line = key_line;
            end_of_line();
            auto& table = doc[section];
            if (table.count(key)) fail("key '" + key + "' is set twice");
            table.emplace(std::move(key), std::move(value));
        }
        return doc;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw UsageError(file_ + ":" + std::to_string(line_) + ": " + what);
    }
    void skip_blank() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
    }
    void skip_comment() {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
    }
    void skip_space_and_newlines() {
        for (;;) {
            skip_blank();
            if (pos_ < s_.size() && s_[pos_] == '#') { skip_comment(); continue; }
            if (pos_ < s_.size() && s_[pos_] == '\n') { ++pos_; ++line_; continue; }
            return;
        }
    }
    void expect(char c) {
        if (pos_ >= s_.size() || s_[pos_] != c) fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    void end_of_line() {
        skip_blank();
        if (pos_ < s_.size() && s_[pos_] == '#') skip_comment();
        if (pos_ < s_.size() && s_[pos_] != '\n') fail("unexpected text after the value");
    }
    std::string read_key() {
        if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) return read_string();
        std::size_t start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' ||
                                    s_[pos_] == '-' || s_[pos_] == '.'))
            ++pos_;
        if (start == pos_) fail("expected a key");
        return s_.substr(start, pos_ - start);
    }
    std::string read_string() {
        char quote = s_[pos_++];
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != quote) {
            char c = s_[pos_++];
            if (c == '\n') fail("unterminated string");
            if (c == '\\' && quote == '"') {
                if (pos_ >= s_.size()) fail("unterminated string");
                char e = s_[pos_++];
                switch (e) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case '\\': out += '\\'; break;
                case '"': out += '"'; break;
                default: fail(std::string("unknown escape \\") + e);
                }
                continue;
            }
            out += c;
        }
        if (pos_ >= s_.size()) fail("unterminated string");
        ++pos_;
        return out;
    }
    TomlValue read_value() {
        if (pos_ >= s_.size()) fail("expected a value");
        char c = s_[pos_];
        if (c == '"' || c == '\'') return {read_string()};
        if (c == '[') {
            ++pos_;
            std::vector<std::string> items;
            for (;;) {
                skip_space_and_newlines();
                if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; break; }
                if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
                    fail("arrays hold strings only");
                items.push_back(read_string());
                skip_space_and_newlines();
                if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
                skip_space_and_newlines();
                expect(']');
                break;
            }
            return {items};
        }
        std::size_t start = pos_;
        while (pos_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[pos_])) && s_[pos_] != '#') ++pos_;
        std::string word = s_.substr(start, pos_ - start);
        if (word == "true") return {true};
        if (word == "false") return {false};
        std::int64_t i = 0;
        std::string digits;
        for (char ch : word) if (ch != '_') digits += ch;
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
        if (ec == std::errc() && p == digits.data() + digits.size()) return {i};
        try {
            std::size_t used = 0;
            double d = std::stod(digits, &used);
            if (used == digits.size()) return {d};
        } catch (const std::exception&) {
        }
        fail("cannot read the value '" + word + "' (strings need quotes)");
    }

    const std::string& s_;
    const std::string& file_;
    std::size_t pos_ = 0;
    int line_ = 1;
};

} // namespace

TomlDocument parse_toml(const std::string& text, const std::string& file_name) {
    return Reader(text, file_name).run();
}

} // namespace migrate::runtime::detail

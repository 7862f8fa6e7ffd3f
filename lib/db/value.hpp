// A typed database value and a result row, shared by both drivers and everything above them.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

namespace migrate::db {

struct Blob {
    std::vector<std::uint8_t> bytes;
    bool operator==(const Blob&) const = default;
};

// null, integer, real, text, blob, boolean. Text is UTF-8.
class Value {
public:
    using Storage = std::variant<std::monostate, std::int64_t, double, std::string, Blob, bool>;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(std::int64_t v) : v_(v) {}
    Value(int v) : v_(std::int64_t{v}) {}
    Value(double v) : v_(v) {}
    Value(std::string v) : v_(std::move(v)) {}
    Value(const char* v) : v_(std::string(v)) {}
    Value(Blob v) : v_(std::move(v)) {}
    Value(bool v) : v_(v) {}
    template <class T>
    Value(const std::optional<T>& v) {
        if (v) *this = Value(*v);
    }

    bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
    template <class T> bool is() const { return std::holds_alternative<T>(v_); }

    // Conversions throw migrate::Error naming the actual type when they cannot apply.
    std::int64_t as_int() const;   // also from bool and integral double / numeric text
    double as_double() const;      // also from int64 and numeric text
    std::string as_text() const;   // any non-null non-blob value rendered as text
    bool as_bool() const;          // also from int64 0/1 and "t"/"f"
    const Blob& as_blob() const;

    const Storage& storage() const { return v_; }
    std::string type_name() const; // "null", "int", "double", "text", "blob", "bool"
    std::string to_string() const; // for echo and messages: 'text' quoted, x'..' blobs, NULL

    bool operator==(const Value&) const = default;

private:
    Storage v_;
};

std::ostream& operator<<(std::ostream&, const Value&);

using Params = std::vector<Value>;

// A result row: values by position, with the column names shared by the whole result.
class Row {
public:
    Row(std::vector<Value> values, std::shared_ptr<const std::vector<std::string>> names)
        : values_(std::move(values)), names_(std::move(names)) {}
    std::size_t size() const { return values_.size(); }
    const Value& operator[](std::size_t i) const { return values_.at(i); }
    const Value& operator[](std::string_view name) const; // throws Error if absent
    const std::vector<std::string>& names() const { return *names_; }
    const std::vector<Value>& values() const { return values_; }
    // For a consumer of the result that keeps the values: they may be moved out.
    std::vector<Value>& values() { return values_; }

private:
    std::vector<Value> values_;
    std::shared_ptr<const std::vector<std::string>> names_;
};

} // namespace migrate::db

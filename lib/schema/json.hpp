// JSON form of the schema model: the format of `.json` target schemas and of the objects
// embedded in revision ops (docs/schema-format.md). Compact (defaults omitted) and strict
// (unknown keys and missing required fields are errors naming the field path).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include <migrate/base/error.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::schema {

// A JSON document that does not describe a schema object. `field()` is the path of the
// offending field ("tables[2].columns[0].type"), `reason()` the problem without the path.
class JsonFieldError : public Error {
public:
    JsonFieldError(std::string field, std::string reason)
        : Error((field.empty() ? std::string("(document)") : field) + ": " + reason),
          field_(std::move(field)), reason_(std::move(reason)) {}
    const std::string& field() const noexcept { return field_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string field_;
    std::string reason_;
};

using Json = nlohmann::json;

// Spellings used in JSON and in messages.
std::string to_string(FkAction action);   // "no action", "restrict", "cascade", "set null", "set default"
std::string to_string(Identity identity); // "none", "always", "by default"
// Accepts the spellings above, also with '_' for ' '; throws JsonFieldError(path, ...) otherwise.
FkAction fk_action_from_string(const std::string& text, const std::string& path = {});
Identity identity_from_string(const std::string& text, const std::string& path = {});

void to_json(Json& j, const Type& v);
void to_json(Json& j, const Column& v);
void to_json(Json& j, const PrimaryKey& v);
void to_json(Json& j, const ForeignKey& v);
void to_json(Json& j, const UniqueConstraint& v);
void to_json(Json& j, const CheckConstraint& v);
void to_json(Json& j, const IndexElement& v);
void to_json(Json& j, const Index& v);
void to_json(Json& j, const Table& v);
void to_json(Json& j, const EnumType& v);
void to_json(Json& j, const Sequence& v);
void to_json(Json& j, const View& v);
void to_json(Json& j, const MetaData& v);

// `path` prefixes the field names in errors; pass where the object sits in a larger document
// ("upgrade[3].column") so that messages point at the right place.
void from_json(const Json& j, Type& v, const std::string& path);
void from_json(const Json& j, Column& v, const std::string& path);
void from_json(const Json& j, PrimaryKey& v, const std::string& path);
void from_json(const Json& j, ForeignKey& v, const std::string& path);
void from_json(const Json& j, UniqueConstraint& v, const std::string& path);
void from_json(const Json& j, CheckConstraint& v, const std::string& path);
void from_json(const Json& j, IndexElement& v, const std::string& path);
void from_json(const Json& j, Index& v, const std::string& path);
void from_json(const Json& j, Table& v, const std::string& path);
void from_json(const Json& j, EnumType& v, const std::string& path);
void from_json(const Json& j, Sequence& v, const std::string& path);
void from_json(const Json& j, View& v, const std::string& path);
void from_json(const Json& j, MetaData& v, const std::string& path);

// The two-argument forms nlohmann's j.get<T>() finds by ADL: the path starts at the document.
template <class T>
    requires requires(const Json& j, T& v, const std::string& p) { from_json(j, v, p); }
void from_json(const Json& j, T& v) {
    from_json(j, v, std::string());
}

// A whole `.json` target schema from text; JSON syntax errors name line and column.
MetaData metadata_from_json_text(const std::string& text);

} // namespace migrate::schema

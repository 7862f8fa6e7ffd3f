// operator<< for the schema model.
#include <migrate/schema/print.hpp>

#include <migrate/schema/json.hpp>

namespace migrate::schema {
namespace {
template <class T>
std::ostream& as_json(std::ostream& os, const T& v) {
    Json j;
    to_json(j, v);
    return os << j.dump();
}
} // namespace

std::ostream& operator<<(std::ostream& os, const Type& v) { return os << v.to_string(); }
std::ostream& operator<<(std::ostream& os, FkAction v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, Identity v) { return os << to_string(v); }

std::ostream& operator<<(std::ostream& os, const Column& v) {
    os << v.name << ' ' << v.type;
    if (!v.nullable) os << " NOT NULL";
    if (v.server_default) os << " DEFAULT " << *v.server_default;
    if (v.identity != Identity::none) os << " GENERATED " << (v.identity == Identity::always ? "ALWAYS" : "BY DEFAULT") << " AS IDENTITY";
    if (v.autoincrement) os << " AUTOINCREMENT";
    if (v.collation) os << " COLLATE " << *v.collation;
    if (v.generated) os << " GENERATED ALWAYS AS (" << *v.generated << (v.generated_stored ? ") STORED" : ") VIRTUAL");
    if (v.comment) os << " COMMENT " << Json(*v.comment).dump();
    return os;
}

std::ostream& operator<<(std::ostream& os, const PrimaryKey& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const ForeignKey& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const UniqueConstraint& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const CheckConstraint& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const IndexElement& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const Index& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const Table& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const EnumType& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const Sequence& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const View& v) { return as_json(os, v); }
std::ostream& operator<<(std::ostream& os, const MetaData& v) { return as_json(os, v); }

} // namespace migrate::schema

// Printing schema objects for messages and test failures: types and columns read like SQL,
// larger objects as their compact JSON form.
#pragma once

#include <ostream>

#include <migrate/schema/model.hpp>

namespace migrate::schema {

std::ostream& operator<<(std::ostream& os, const Type& v);       // varchar(20)
std::ostream& operator<<(std::ostream& os, FkAction v);          // set null
std::ostream& operator<<(std::ostream& os, Identity v);          // by default
std::ostream& operator<<(std::ostream& os, const Column& v);     // name varchar(20) NOT NULL DEFAULT 'x'
std::ostream& operator<<(std::ostream& os, const PrimaryKey& v);
std::ostream& operator<<(std::ostream& os, const ForeignKey& v);
std::ostream& operator<<(std::ostream& os, const UniqueConstraint& v);
std::ostream& operator<<(std::ostream& os, const CheckConstraint& v);
std::ostream& operator<<(std::ostream& os, const IndexElement& v);
std::ostream& operator<<(std::ostream& os, const Index& v);
std::ostream& operator<<(std::ostream& os, const Table& v);
std::ostream& operator<<(std::ostream& os, const EnumType& v);
std::ostream& operator<<(std::ostream& os, const Sequence& v);
std::ostream& operator<<(std::ostream& os, const View& v);
std::ostream& operator<<(std::ostream& os, const MetaData& v);

} // namespace migrate::schema

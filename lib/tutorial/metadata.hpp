// The tutorial's schema as its models declare it; migrations/ must create exactly this.
#pragma once

#include <migrate/schema/model.hpp>

namespace migrate::tutorial {

// authors, books, tags and the book_tags association table.
schema::MetaData metadata();
// book_tags alone: (book_id, tag_id) primary key, both foreign keys ON DELETE CASCADE.
schema::Table book_tags_table();

} // namespace migrate::tutorial

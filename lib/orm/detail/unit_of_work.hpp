// One flush of a Session: mapped types in the order their foreign keys need, relationship keys
// synchronised, and rows written in batches of one statement shape each. Private to lib/orm.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <migrate/db/error.hpp>
#include <migrate/orm/detail/session_core.hpp>

namespace migrate::orm::detail {

struct FlushWriter;

struct UnitOfWork {
    SessionCore& s;

    void run();

    // unit_of_work.cpp: order and relationships.
    void cascade(); // objects reachable through loaded relationships join the session
    void sync_many_to_one(void* o, const MapperBase& m);
    void sync_one_to_many(void* o, const MapperBase& m);
    void sync_associations(void* o, const MapperBase& m); // collects rows into `associations`

    // flush_writes.cpp: rows written in batches. Where the dialect's multi_row_writes holds, one
    // statement per batch (multi-row INSERT, UPDATE ... FROM (VALUES ...), DELETE ... IN (...));
    // elsewhere one prepared statement per row through Connection::execute_many.
    void insert_objects(MapperStore& store, const std::vector<std::size_t>& states);
    void update_objects(MapperStore& store, const std::vector<std::size_t>& states);
    // Association rows naming them first, on either side (`mappers`: every mapper of the flush).
    void delete_objects(MapperStore& store, const std::vector<std::size_t>& states,
                        const std::vector<const MapperBase*>& mappers);
    void write_associations();
    // DELETE of the rows whose `columns` hold `values` (row after row); with `checked` (the
    // flush's Writer for the table's mapper), each row must be found.
    void delete_rows(const std::string& table, const std::vector<std::string>& columns,
                     const std::vector<db::Value>& values, const FlushWriter* checked);

    // Association rows to add and remove, per relationship, as (local key, remote key).
    struct AssociationRows {
        const RelationshipBase* relationship;
        std::vector<db::Params> add, remove;
    };
    std::vector<AssociationRows> associations;
};

} // namespace migrate::orm::detail

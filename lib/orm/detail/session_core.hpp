// The Session's state behind its typed front: the identity map, object states, loading rows
// into objects, relationship loaders and the unit of work. Private to lib/orm.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <migrate/db/value.hpp>
#include <migrate/orm/detail/chunked_vector.hpp>
#include <migrate/orm/detail/flat_index.hpp>
#include <migrate/orm/detail/key_index.hpp>
#include <migrate/orm/engine.hpp>
#include <migrate/orm/mapper.hpp>
#include <migrate/orm/select.hpp>
#include <migrate/orm/statements.hpp>

namespace migrate::orm::detail {

// The session's objects of one mapped type: their identity map and INSERT statements.
struct MapperStore {
    MapperStore(const MapperBase& m, std::size_t position) : mapper(&m), position(position) {}

    const MapperBase* mapper;
    std::size_t position;                // in SessionCore::stores_
    KeyIndex identity;                   // primary key -> state index

    // Calls f with the key of a row of all the mapper's columns (a view into the row when the
    // key is one column).
    template <class F> decltype(auto) with_key(const db::Value* row, F&& f) const {
        const auto& columns = mapper->primary_key();
        if (columns.size() == 1) return f(KeyView(row + columns.front(), 1));
        Key key;
        key.reserve(columns.size());
        for (auto c : columns) key.push_back(row[c]);
        return f(KeyView(key));
    }
};

enum class Status { pending, persistent, deleted };

struct ObjectState {
    std::shared_ptr<void> object; // null: a free entry, reused by the next object
    MapperStore* store = nullptr;
    Status status = Status::pending;
    bool inserted_in_tx = false;  // expunged again if the transaction rolls back
    // Column values as last loaded or flushed, once persistent: the loaded row's own values, or
    // the INSERT's parameters, moved in (no copy, no allocation of its own).
    std::vector<db::Value> snapshot;

    const MapperBase& mapper() const { return *store->mapper; }
};

class SessionCore : public std::enable_shared_from_this<SessionCore> {
public:
    static constexpr std::size_t npos = FlatIndex::npos;

    SessionCore(Engine& engine, db::EchoSink echo_to) : engine_(engine), echo_to_(std::move(echo_to)) {}

    Engine& engine() { return engine_; }
    // The connection of this session's transaction: checked out of the engine's pool on first
    // use, given back when the transaction ends (commit, rollback, close). Every statement of the
    // session goes through it.
    Connection& connection();
    // Statements this session sent (all its transactions).
    std::size_t statement_count() const { return statements_ + (conn_ ? conn_->statements() : 0); }
    bool autoflush = true;
    std::size_t selectin_batch = 1000;

    // made_here: the object was made by Session::add from a value, so it cannot be in the
    // session already and is not looked up.
    void add(std::shared_ptr<void> object, const MapperBase& mapper, bool made_here = false);
    void remove(const void* object);
    bool contains(const void* object) { return state_of(object) != npos; }
    std::size_t size() const { return states_.size() - free_states_.size(); }
    std::shared_ptr<void> get(const MapperBase& mapper, const Key& key);
    void refresh(const void* object);

    // Runs an entity select (autoflush first), then its selectin options.
    std::vector<std::shared_ptr<void>> select_objects(const SelectCore& select);
    // Autoflushes and opens the transaction; then counted through the engine.
    std::vector<db::Row> query(const Rendered& statement);
    db::ExecResult execute(const Rendered& statement);
    std::int64_t execute_many(const std::string& sql, const std::vector<db::Params>& rows);
    void insert_objects(const MapperBase& mapper, const std::vector<const void*>& objects);

    // Loads relationship `r` of these owners (all of r.owner()'s type): one query per batch.
    void load_relationship(const RelationshipBase& r, const std::vector<void*>& owners);

    // Borrows the connection and begins the transaction when none is open.
    void begin();
    void flush();
    void commit();
    void rollback();
    void close(); // rolls back an open transaction without refreshing anything
    // At the session's end: forgets every object and breaks the relationship cycles among the
    // ones nothing outside the object graph holds, so they are freed.
    void release_graph();

private:
    friend struct UnitOfWork;
    static std::uint64_t address(const void* object) { return reinterpret_cast<std::uintptr_t>(object); }
    void return_connection();
    MapperStore& store_for(const MapperBase& mapper);
    // A new entry in states_ (a free one when there is one), indexed by address when an address
    // is next looked up (see unindexed_).
    std::size_t new_state(std::shared_ptr<void> object, MapperStore& store, Status status);
    // Takes an entry out of states_ (its snapshot and identity stay as they are).
    ObjectState take_state(std::size_t state);
    // The key in a persistent state's snapshot becomes its identity; false when it is taken.
    bool register_identity(std::size_t state);
    // The state of an object of this session, or npos.
    std::size_t state_of(const void* object) {
        std::size_t i = by_address_.find(address(object));
        if (i == npos && !unindexed_.empty()) {
            index_addresses();
            i = by_address_.find(address(object));
        }
        return i;
    }
    void index_addresses();
    void attach(void* object, const MapperBase& mapper, bool loaded_from_db);
    // Rows -> objects through the identity map, returning their states; `refresh` overwrites
    // objects already loaded. The rows' values move into the snapshots.
    std::vector<std::size_t> load(MapperStore& store, std::vector<db::Row>& rows, std::size_t offset, bool refresh);
    void refresh_all(MapperStore& store, const std::vector<std::size_t>& states);
    void expunge(std::size_t state);
    void recover_after_failure();

    Engine& engine_;
    db::EchoSink echo_to_;
    std::optional<Connection> conn_;
    std::size_t statements_ = 0; // by connections already returned
    bool owns_transaction_ = false;
    std::vector<std::unique_ptr<MapperStore>> stores_; // one per mapped type seen, stable addresses
    ChunkedVector<ObjectState> states_;
    std::vector<std::size_t> free_states_;
    FlatIndex by_address_;                   // object address -> state index
    // Objects not in by_address_ yet: a session that loads or adds objects and never looks one
    // up by address (no relationship links them) skips a cache miss per object.
    std::vector<std::size_t> unindexed_;
    std::vector<std::size_t> pending_;       // state indices, in add() order
    std::vector<ObjectState> deleted_in_tx_; // restored if the transaction rolls back
};

// Renders `select` keyed on `column IN (keys)` for one batch: the loaders' query shape.
Rendered render_in(const Engine& engine, const SelectCore& base, const std::string& table, const std::string& column,
                   const std::vector<db::Value>& keys);

} // namespace migrate::orm::detail

// The Session's state behind its typed front: the identity map, object states, loading rows
// into objects, relationship loaders and the unit of work. Private to lib/orm.
#pragma once

#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

#include <migrate/db/value.hpp>
#include <migrate/orm/engine.hpp>
#include <migrate/orm/mapper.hpp>
#include <migrate/orm/select.hpp>
#include <migrate/orm/statements.hpp>

namespace migrate::orm::detail {

using Key = std::vector<db::Value>;

struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
};

enum class Status { pending, persistent, deleted };

struct ObjectState {
    std::shared_ptr<void> object;
    const MapperBase* mapper = nullptr;
    Status status = Status::pending;
    Key key;                         // identity, once persistent
    std::vector<db::Value> snapshot; // column values as last loaded or flushed
    bool inserted_in_tx = false;     // expunged again if the transaction rolls back
};

class SessionCore : public std::enable_shared_from_this<SessionCore> {
public:
    explicit SessionCore(Engine& engine) : engine_(engine) {}

    Engine& engine() { return engine_; }
    bool autoflush = true;
    std::size_t selectin_batch = 1000;

    void add(std::shared_ptr<void> object, const MapperBase& mapper);
    void remove(const void* object);
    bool contains(const void* object) const;
    std::size_t size() const { return states_.size(); }
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

    void flush();
    void commit();
    void rollback();
    void close(); // rolls back an open transaction without refreshing anything
    // At the session's end: forgets every object and breaks the relationship cycles among the
    // ones nothing outside the object graph holds, so they are freed.
    void release_graph();

private:
    friend struct UnitOfWork;
    void begin();
    void attach(void* object, const MapperBase& mapper, bool loaded_from_db);
    void register_persistent(std::shared_ptr<void> object, const MapperBase& mapper, Key key);
    // Rows -> objects through the identity map; `refresh` overwrites objects already loaded.
    std::vector<std::shared_ptr<void>> load(const MapperBase& mapper, const std::vector<db::Row>& rows,
                                            std::size_t offset, bool refresh);
    Key key_of(const MapperBase& mapper, const void* object) const;
    std::vector<db::Value> values_of(const MapperBase& mapper, const void* object) const;
    void refresh_all(const MapperBase& mapper, const std::vector<void*>& objects);
    void expunge(const void* object);
    void recover_after_failure();

    Engine& engine_;
    bool owns_transaction_ = false;
    std::unordered_map<const void*, ObjectState> states_;
    std::unordered_map<const MapperBase*, std::unordered_map<Key, const void*, KeyHash>> identity_;
    std::vector<const void*> pending_;                 // in add() order
    std::vector<ObjectState> deleted_in_tx_;           // restored if the transaction rolls back
};

// Renders `select` keyed on `column IN (keys)` for one batch: the loaders' query shape.
Rendered render_in(const Engine& engine, const SelectCore& base, const std::string& table, const std::string& column,
                   const std::vector<db::Value>& keys);

} // namespace migrate::orm::detail

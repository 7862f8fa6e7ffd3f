// The Session: a unit of work over mapped objects. It keeps one object per primary key
// (identity map), writes changes at flush in foreign-key order, and runs selects and Core
// statements inside its transaction (opened on first use, closed by commit or rollback). For
// that transaction it borrows one connection of the Engine's pool, and gives it back at commit,
// rollback or close (its destructor), also when an exception ends it.
//
// Threads: a Session belongs to one thread (give each thread, or each request, its own Session
// on the shared Engine); so do the objects it loaded while it lives.
#pragma once

#include <memory>
#include <vector>

#include <migrate/orm/detail/session_core.hpp>
#include <migrate/orm/engine.hpp>
#include <migrate/orm/select.hpp>
#include <migrate/orm/statements.hpp>

namespace migrate::orm {

struct SessionOptions {
    // Where the echo lines of this session's statements and of its connection's checkouts go
    // (when the engine's echo is on): a web request's log, say. Default: stderr.
    db::EchoSink echo_to{};
};

class Session {
public:
    explicit Session(Engine& engine, SessionOptions options = {})
        : core_(std::make_shared<detail::SessionCore>(engine, std::move(options.echo_to))) {}
    ~Session() { // an uncommitted transaction rolls back
        core_->close();
        core_->release_graph();
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    Engine& engine() { return core_->engine(); }
    // The connection of the current transaction (borrowed from the pool and begun now if there
    // is none): for statements of your own inside the session's transaction.
    Connection& connection() {
        core_->begin();
        return core_->connection();
    }
    // Statements this session sent, all its transactions (a web request's count).
    std::size_t statement_count() const { return core_->statement_count(); }

    // A new object: inserted at the next flush; its generated key is set then.
    template <class T> std::shared_ptr<T> add(T object) {
        auto made = std::make_shared<T>(std::move(object));
        core_->add(made, mapper_of<T>(), true);
        return made;
    }
    template <class T> std::shared_ptr<T> add(std::shared_ptr<T> object) {
        core_->add(object, mapper_of<T>());
        return object;
    }
    // By primary key: from the identity map when loaded, else one SELECT; nullptr when absent.
    template <class T, class... K> std::shared_ptr<T> get(const K&... key) {
        return std::static_pointer_cast<T>(core_->get(mapper_of<T>(), detail::Key{db::Value(key)...}));
    }
    // Deleted at the next flush (a pending object just leaves the session).
    template <class T> void remove(const std::shared_ptr<T>& object) { core_->remove(object.get()); }
    template <class T> bool contains(const std::shared_ptr<T>& object) const { return core_->contains(object.get()); }
    // Reads the object's row again, dropping unsaved changes and unloading its relationships.
    template <class T> void refresh(const std::shared_ptr<T>& object) { core_->refresh(object.get()); }
    std::size_t size() const { return core_->size(); } // objects in the session

    void flush() { core_->flush(); }
    void commit() { core_->commit(); }
    // Rolls back the transaction: new objects leave the session, deleted ones return, loaded
    // ones are read again (their unsaved changes and loaded relationships are discarded).
    void rollback() { core_->rollback(); }

    // Selects (each autoflushes first).
    template <class T> std::vector<std::shared_ptr<T>> all(const Select<T>& select) {
        auto objects = core_->select_objects(select.core());
        std::vector<std::shared_ptr<T>> out;
        out.reserve(objects.size());
        for (auto& o : objects) out.push_back(std::static_pointer_cast<T>(std::move(o)));
        return out;
    }
    template <class T> std::shared_ptr<T> first(Select<T> select) {
        auto r = all(select.limit(1));
        return r.empty() ? nullptr : r.front();
    }
    std::vector<db::Row> rows(const Select<db::Row>& select) { return core_->query(render(select, dialect())); }
    std::vector<db::Row> rows(const Text& text) { return core_->query(render(text, dialect())); }
    // The first column of the first row: scalar<std::int64_t>(select(count()).from<Book>()).
    template <class V> V scalar(const Select<db::Row>& select) {
        auto r = rows(select);
        if (r.empty()) throw Error("scalar(): the select returned no rows");
        V v{};
        Field<V>::from_value(r.front()[0], v);
        return v;
    }

    // Core statements: insert / update / delete / text; returns the rows affected. They do not
    // touch objects already loaded (refresh them, or use a new session, to see the change).
    template <class S> std::int64_t execute(const S& statement) {
        return core_->execute(render(statement, dialect())).rows_affected;
    }
    // executemany: one prepared INSERT run once per row of parameters (columns(...) order),
    // pipelined on PostgreSQL; a failing row throws DatabaseError naming its index (row()).
    template <class T> std::int64_t execute_many(const Insert<T>& insert, const std::vector<db::Params>& rows) {
        return core_->execute_many(render(insert, dialect()).sql, rows);
    }
    // executemany from plain objects of a mapped type (they do not join the session).
    template <class T> void execute_many(const Insert<T>&, const std::vector<T>& objects) {
        std::vector<const void*> ptrs;
        ptrs.reserve(objects.size());
        for (auto& o : objects) ptrs.push_back(&o);
        core_->insert_objects(mapper_of<T>(), ptrs);
    }

    void set_autoflush(bool on) { core_->autoflush = on; }
    // Keys per `IN (...)` list of selectin and lazy loads (default 1000).
    void set_selectin_batch_size(std::size_t n) { core_->selectin_batch = n ? n : 1; }

private:
    const dialect::Dialect& dialect() { return core_->engine().dialect(); }
    std::shared_ptr<detail::SessionCore> core_;
};

} // namespace migrate::orm

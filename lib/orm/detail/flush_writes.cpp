// The flush's rows, written in batches: objects of one mapped type with the same columns to
// write share statements. Where the dialect says each statement is a round trip
// (Capabilities::multi_row_writes), a batch is one statement; elsewhere one prepared statement
// runs per row through Connection::execute_many. docs/architecture.md, "orm: the flush", says
// why the generated keys land on the right objects.
#include <migrate/orm/detail/unit_of_work.hpp>

#include <algorithm>

namespace migrate::orm::detail {

namespace {

// Rows per statement at most, below the dialect's parameter limit too: large enough that the
// round trips vanish, small enough that a statement's text and plan stay cheap.
constexpr std::size_t k_rows_per_statement = 1000;
// An UPDATE joins its VALUES list to the table, and the planner often reads the whole table once
// per statement (a hash join) where a batch is a good part of it: fewer, larger batches pay off
// there (100,000 rows in 5,000-row batches took 0.55x the time of 1,000-row ones).
constexpr std::size_t k_update_rows_per_statement = 5000;

// Objects (positions in the flush's list) that write the same columns.
struct Group {
    std::vector<std::size_t> columns; // indices into the mapper's columns, in their order
    std::vector<std::size_t> members;
};

Group& group_for(std::vector<Group>& groups, const std::vector<std::size_t>& columns) {
    for (auto& g : groups)
        if (g.columns == columns) return g;
    return groups.emplace_back(Group{columns, {}});
}

std::vector<std::string> names_of(const MapperBase& m, const std::vector<std::size_t>& columns) {
    std::vector<std::string> names;
    names.reserve(columns.size());
    for (std::size_t c : columns) names.push_back(m.columns()[c]->name());
    return names;
}

std::vector<TypedColumn> typed(const MapperBase& m, const std::vector<std::size_t>& columns) {
    std::vector<TypedColumn> out;
    for (std::size_t c : columns) out.push_back({m.columns()[c]->name(), &m.columns()[c]->schema().type});
    return out;
}

std::string describe(const MapperBase& m, const db::Value* row) {
    std::string out;
    for (std::size_t k : m.primary_key())
        out += (out.empty() ? "" : ", ") + m.columns()[k]->name() + " = " + row[k].to_string();
    return out;
}

} // namespace

// The parts of a flush every batch needs: where statements go, their limits, error wording.
struct FlushWriter {
    Engine& engine;   // the dialect
    Connection& conn; // the session's: the statements
    const MapperBase& m;

    bool batched() const { return engine.dialect().capabilities().multi_row_writes; }
    std::size_t rows_per_statement(std::size_t params_per_row, std::size_t most = k_rows_per_statement) const {
        std::size_t limit = engine.dialect().capabilities().max_parameters / std::max<std::size_t>(1, params_per_row);
        return std::max<std::size_t>(1, std::min(most, limit));
    }

    // Rows [0, count) in batches of one statement each, `width` parameters a row: body(sql, at,
    // end) per batch, with the text render(out, rows) gives, rendered once per batch size.
    template <class Render, class Body>
    void batches(std::size_t count, std::size_t width, std::size_t most, Render render, Body body) const {
        const std::size_t per = rows_per_statement(width, most);
        std::string sql;
        std::size_t sql_rows = 0;
        for (std::size_t at = 0; at < count; at += per) {
            const std::size_t end = std::min(count, at + per);
            if (sql_rows != end - at) {
                SqlWriter out(engine.dialect());
                render(out, end - at);
                sql = std::move(out.sql());
                sql_rows = end - at;
            }
            body(sql, at, end);
        }
    }

    // A failed statement of batch [at, end) of `members` (positions among the flush's `rows`
    // objects being `doing`, "inserting new"), its parameters `columns` wide: the object whose
    // value the database's message names, else the batch's range.
    DatabaseError failed(const DatabaseError& e, const char* doing, const std::vector<std::size_t>& members,
                         std::size_t at, std::size_t end, std::size_t rows, const std::vector<std::size_t>& columns,
                         const db::Params& params) const {
        std::optional<std::size_t> row;
        std::string which;
        for (std::size_t r = 0; r < end - at; ++r)
            for (std::size_t k = 0; k < columns.size(); ++k) {
                const db::Value& v = params[r * columns.size() + k];
                if (!engine.dialect().error_names_value(e.what(), m.columns()[columns[k]]->name(), v)) continue;
                if (row && *row != members[at + r]) return restate(e, doing, members[at], members[end - 1] + 1, rows, std::nullopt, "");
                row = members[at + r];
                which = ", " + m.columns()[columns[k]]->name() + " = " + v.to_string();
            }
        if (!row && end - at == 1) row = members[at];
        return restate(e, doing, members[at], members[end - 1] + 1, rows, row, which);
    }
    // A failed execute_many over `members`: the failing row is the one it names.
    DatabaseError restate_row(const DatabaseError& e, const char* doing, const std::vector<std::size_t>& members,
                              std::size_t rows) const {
        if (!e.row()) return restate(e, doing, members.front(), members.back() + 1, rows, std::nullopt, "");
        std::size_t n = members.at(*e.row());
        return restate(e, doing, n, n + 1, rows, n, "");
    }
    DatabaseError restate(const DatabaseError& e, const char* doing, std::size_t at, std::size_t end,
                          std::size_t rows, std::optional<std::size_t> row, const std::string& which) const {
        std::string where = row ? "object " + std::to_string(*row) + which
                                : "one of objects " + std::to_string(at) + " to " + std::to_string(end - 1);
        return e.restated("flush: " + std::string(doing) + " " + m.table_name() + " failed at " + where + " (of " +
                              std::to_string(rows) + "): ",
                          row);
    }

    // Rows that an UPDATE or DELETE of known rows did not find: someone else deleted them (or
    // changed their keys) since they were loaded. Names the first of them.
    [[noreturn]] void stale(const char* doing, std::size_t expected, std::int64_t found,
                            const db::Value* missing_row) const {
        std::string msg = "flush: " + std::string(doing) + " " + m.table_name() + " expected " +
                          std::to_string(expected) + " row(s) and found " + std::to_string(found);
        if (missing_row) msg += "; the row with " + describe(m, missing_row) + " is gone";
        throw Error(msg + " (deleted or changed by another transaction since it was loaded?)");
    }

    // The first of these snapshots whose row no longer exists (one SELECT, on the error path).
    const db::Value* first_missing(const std::vector<const db::Value*>& rows) const {
        if (m.primary_key().size() != 1) return nullptr;
        std::size_t key = m.primary_key().front();
        std::vector<db::Value> keys;
        for (auto* r : rows) keys.push_back(r[key]);
        SelectCore sel;
        sel.from = m.table_name();
        sel.columns.push_back(column_ref(m.table_name(), m.columns()[key]->name()));
        auto stmt = render_in(engine, sel, m.table_name(), m.columns()[key]->name(), keys);
        auto found = conn.query(stmt.sql, stmt.params);
        for (auto* r : rows)
            if (std::none_of(found.begin(), found.end(), [&](const db::Row& f) { return f[0] == r[key]; })) return r;
        return nullptr;
    }
};

void UnitOfWork::insert_objects(MapperStore& store, const std::vector<std::size_t>& states) {
    if (states.empty()) return;
    const MapperBase& m = *store.mapper;
    const auto& cols = m.columns();
    const auto gen = m.generated_key();
    FlushWriter w{s.engine_, s.connection(), m};
    const auto& caps = s.engine_.dialect().capabilities();
    // Columns an object writes: all but a key the database generates and, where the object holds
    // NULL, a column with a server default (the server fills it in; its value comes back).
    std::vector<Group> groups;
    std::vector<std::size_t> columns;
    for (std::size_t n = 0; n < states.size(); ++n) {
        const void* o = s.states_[states[n]].object.get();
        columns.clear();
        for (std::size_t c = 0; c < cols.size(); ++c) {
            if (gen && c == *gen && cols[c]->is_unset(o)) continue;
            if (cols[c]->schema().server_default && !cols[c]->primary_key() && cols[c]->get(o).is_null()) continue;
            columns.push_back(c);
        }
        group_for(groups, columns).members.push_back(n);
    }
    for (Group& g : groups) {
        const std::size_t count = g.members.size();
        auto object = [&](std::size_t k) { return s.states_[states[g.members[k]]].object.get(); };
        bool generate = gen && !std::binary_search(g.columns.begin(), g.columns.end(), *gen);
        bool allocated = false;
        // Keys from the column's sequence, assigned to the objects before their rows are written:
        // each value is this session's alone, so the INSERT carries every row's key itself.
        if (generate && w.batched()) {
            if (auto query = s.engine_.dialect().allocate_keys_query()) {
                auto keys = s.connection().query(*query, {s.engine_.dialect().quote(m.table_name()), cols[*gen]->name(),
                                                     static_cast<std::int64_t>(count)});
                if (keys.size() == count && !keys.front()[0].is_null()) {
                    for (std::size_t k = 0; k < count; ++k) {
                        cols[*gen]->set(object(k), keys[k][0]);
                        s.states_[states[g.members[k]]].inserted_in_tx = true; // a rollback takes the key back
                    }
                    g.columns.insert(std::lower_bound(g.columns.begin(), g.columns.end(), *gen), *gen);
                    generate = false;
                    allocated = true;
                }
            }
        }
        // Server-filled columns come back by RETURNING, with the key that says whose row it is.
        std::vector<std::size_t> returned;
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (!std::binary_search(g.columns.begin(), g.columns.end(), c) && !(generate && c == *gen))
                returned.push_back(c);
        const bool key_from_rows = generate && !caps.last_insert_id_is_key;
        if (!returned.empty() || key_from_rows) returned.insert(returned.begin(), m.primary_key().begin(), m.primary_key().end());
        const auto names = names_of(m, g.columns);
        const auto returning = names_of(m, returned);
        const std::size_t width = g.columns.size();

        // Each written row becomes its object's snapshot: its values, then what came back.
        auto persist = [&](std::size_t k, db::Value* values, const db::Value* back) {
            std::size_t i = states[g.members[k]];
            ObjectState& st = s.states_[i];
            std::vector<db::Value> snapshot(cols.size());
            for (std::size_t j = 0; j < width; ++j) snapshot[g.columns[j]] = std::move(values[j]);
            for (std::size_t j = 0; back && j < returned.size(); ++j) {
                cols[returned[j]]->set(st.object.get(), back[j]);
                snapshot[returned[j]] = back[j];
            }
            if (generate && returned.empty()) snapshot[*gen] = cols[*gen]->get(st.object.get()); // the last insert id
            st.snapshot = std::move(snapshot);
            st.status = Status::persistent;
            st.inserted_in_tx = true;
            if (!s.register_identity(i))
                throw UsageError("flush: two objects of " + m.table_name() + " have the same primary key");
        };

        if (w.batched() && !generate) {
            // One multi-row INSERT per batch; returned rows are matched to objects by their keys.
            auto render = [&](SqlWriter& out, std::size_t rows) {
                render_insert_rows(out, m.table_name(), names, rows,
                                   allocated ? s.engine_.dialect().allocated_keys_clause() : std::string_view{},
                                   returning);
            };
            w.batches(count, width, k_rows_per_statement, render,
                      [&](const std::string& sql, std::size_t at, std::size_t end) {
                db::Params params;
                params.reserve((end - at) * width);
                for (std::size_t k = at; k < end; ++k)
                    for (std::size_t c : g.columns) params.push_back(cols[c]->get(object(k)));
                std::vector<db::Row> back;
                try {
                    if (returning.empty()) s.connection().execute(sql, params);
                    else back = s.connection().query(sql, params);
                } catch (const DatabaseError& e) {
                    throw w.failed(e, "inserting new", g.members, at, end, states.size(), g.columns, params);
                }
                KeyIndex rows_by_key;
                for (std::size_t r = 0; r < back.size(); ++r)
                    rows_by_key.insert(KeyView(back[r].values().data(), m.primary_key().size()), r);
                for (std::size_t k = at; k < end; ++k) {
                    const db::Value* back_row = nullptr;
                    if (!back.empty()) {
                        db::Value* values = &params[(k - at) * width];
                        Key key;
                        for (std::size_t pk : m.primary_key())
                            key.push_back(values[std::lower_bound(g.columns.begin(), g.columns.end(), pk) - g.columns.begin()]);
                        std::size_t r = rows_by_key.find(key);
                        if (r == KeyIndex::npos)
                            throw Error("flush: the INSERT into " + m.table_name() + " returned no row for the key " +
                                        key.front().to_string());
                        back_row = back[r].values().data();
                    }
                    persist(k, &params[(k - at) * width], back_row);
                }
            });
        } else if (!generate && returned.empty()) {
            // A prepared statement per row (SQLite's in-process loop, or pipelined).
            SqlWriter out(s.engine_.dialect());
            render_insert_rows(out, m.table_name(), names, 1);
            std::vector<db::Params> rows(count);
            for (std::size_t k = 0; k < count; ++k) {
                rows[k].reserve(width);
                for (std::size_t c : g.columns) rows[k].push_back(cols[c]->get(object(k)));
            }
            try {
                s.connection().execute_many(out.sql(), rows);
            } catch (const DatabaseError& e) {
                throw w.restate_row(e, "inserting new", g.members, states.size());
            }
            for (std::size_t k = 0; k < count; ++k) persist(k, rows[k].data(), nullptr);
        } else {
            // One statement per row: the generated key from the last insert id or the returned row.
            SqlWriter out(s.engine_.dialect());
            render_insert_rows(out, m.table_name(), names, 1, {}, returning);
            std::vector<db::Value> back(returned.size());
            for (std::size_t k = 0; k < count; ++k) {
                db::Params params;
                params.reserve(width + 1);
                for (std::size_t c : g.columns) params.push_back(cols[c]->get(object(k)));
                try {
                    if (returning.empty()) {
                        auto result = s.connection().execute(out.sql(), params);
                        cols[*gen]->set(object(k), db::Value(result.last_insert_id));
                    } else {
                        back = std::move(s.connection().query(out.sql(), params).at(0).values());
                    }
                } catch (const DatabaseError& e) {
                    throw w.restate(e, "inserting new", g.members[k], g.members[k] + 1, states.size(), g.members[k], "");
                }
                persist(k, params.data(), returning.empty() ? nullptr : back.data());
            }
        }
    }
}

void UnitOfWork::update_objects(MapperStore& store, const std::vector<std::size_t>& states) {
    if (states.empty()) return;
    const MapperBase& m = *store.mapper;
    const auto& cols = m.columns();
    FlushWriter w{s.engine_, s.connection(), m};
    // Objects with the same changed columns share statements; their new values, per object.
    std::vector<Group> groups;
    std::vector<std::vector<db::Value>> changes(states.size());
    std::vector<std::size_t> columns;
    for (std::size_t n = 0; n < states.size(); ++n) {
        const ObjectState& st = s.states_[states[n]];
        columns.clear();
        for (std::size_t c = 0; c < cols.size(); ++c) {
            db::Value now = cols[c]->get(st.object.get());
            if (now == st.snapshot[c]) continue;
            if (cols[c]->primary_key())
                throw UsageError("flush: the primary key of a loaded " + m.table_name() + " was changed; that is not supported");
            columns.push_back(c);
            changes[n].push_back(std::move(now));
        }
        if (!columns.empty()) group_for(groups, columns).members.push_back(n);
    }
    const auto& key = m.primary_key();
    for (Group& g : groups) {
        const std::size_t count = g.members.size();
        auto snapshot = [&](std::size_t k) -> std::vector<db::Value>& { return s.states_[states[g.members[k]]].snapshot; };
        if (w.batched()) {
            // UPDATE ... FROM (VALUES (key, new values), ...): every row of the batch must match.
            const std::size_t width = key.size() + g.columns.size();
            auto render = [&](SqlWriter& out, std::size_t rows) {
                render_update_rows(out, m.table_name(), typed(m, key), typed(m, g.columns), rows);
            };
            w.batches(count, width, k_update_rows_per_statement, render,
                      [&](const std::string& sql, std::size_t at, std::size_t end) {
                db::Params params;
                params.reserve((end - at) * width);
                for (std::size_t k = at; k < end; ++k) {
                    for (std::size_t c : key) params.push_back(snapshot(k)[c]);
                    for (auto& v : changes[g.members[k]]) params.push_back(v);
                }
                std::int64_t found = 0;
                try {
                    found = s.connection().execute(sql, params).rows_affected;
                } catch (const DatabaseError& e) {
                    std::vector<std::size_t> written(key);
                    written.insert(written.end(), g.columns.begin(), g.columns.end());
                    throw w.failed(e, "updating", g.members, at, end, states.size(), written, params);
                }
                if (found != static_cast<std::int64_t>(end - at)) {
                    std::vector<const db::Value*> rows;
                    for (std::size_t k = at; k < end; ++k) rows.push_back(snapshot(k).data());
                    w.stale("updating", end - at, found, w.first_missing(rows));
                }
            });
        } else {
            // UPDATE ... WHERE key = ?, once per row; each must match its row.
            SqlWriter out(s.engine_.dialect());
            render_update_row(out, m.table_name(), names_of(m, key), names_of(m, g.columns));
            std::vector<db::Params> rows(count);
            for (std::size_t k = 0; k < count; ++k) {
                rows[k] = changes[g.members[k]];
                for (std::size_t c : key) rows[k].push_back(snapshot(k)[c]);
            }
            std::vector<std::int64_t> found;
            try {
                found = s.connection().execute_many(out.sql(), rows);
            } catch (const DatabaseError& e) {
                throw w.restate_row(e, "updating", g.members, states.size());
            }
            for (std::size_t k = 0; k < count; ++k)
                if (found[k] != 1) w.stale("updating", 1, found[k], snapshot(k).data());
        }
        for (std::size_t k = 0; k < count; ++k) {
            auto& values = changes[g.members[k]];
            for (std::size_t j = 0; j < g.columns.size(); ++j) snapshot(k)[g.columns[j]] = std::move(values[j]);
        }
    }
}

void UnitOfWork::delete_objects(MapperStore& store, const std::vector<std::size_t>& states,
                                const std::vector<const MapperBase*>& mappers) {
    if (states.empty()) return;
    const MapperBase& m = *store.mapper;
    FlushWriter w{s.engine_, s.connection(), m};
    const auto& key = m.primary_key();
    auto snapshot = [&](std::size_t k) -> const std::vector<db::Value>& { return s.states_[states[k]].snapshot; };
    // Association rows naming them, on either side, go first.
    for (auto* owner : mappers)
        for (auto& r : owner->relationships()) {
            if (r->kind() != RelationKind::many_to_many) continue;
            const std::string* column = owner == &m ? &r->local_key() : &r->target() == &m ? &r->remote_key() : nullptr;
            if (!column) continue;
            std::vector<db::Value> keys;
            for (std::size_t k = 0; k < states.size(); ++k) keys.push_back(snapshot(k)[key.front()]);
            delete_rows(r->association(), {*column}, keys, nullptr);
        }
    // Then the rows themselves, each of which must be found.
    std::vector<db::Value> keys;
    for (std::size_t k = 0; k < states.size(); ++k)
        for (std::size_t c : key) keys.push_back(snapshot(k)[c]);
    delete_rows(m.table_name(), names_of(m, key), keys, &w);
    for (std::size_t i : states) {
        ObjectState& st = s.states_[i];
        store.with_key(st.snapshot.data(), [&](KeyView k) { store.identity.erase(k); });
        s.deleted_in_tx_.push_back(s.take_state(i));
    }
}

// DELETE of the rows whose `columns` hold `values` (row after row): batched on one column where
// the dialect batches, else once per row. With `checked`, each row must be found.
void UnitOfWork::delete_rows(const std::string& table, const std::vector<std::string>& columns,
                             const std::vector<db::Value>& values, const FlushWriter* w) {
    const std::size_t width = columns.size(), count = values.size() / width;
    auto row_of = [&](std::size_t k) {
        // The snapshot-shaped row a stale-data message describes: key columns in key order.
        std::vector<db::Value> row(w->m.columns().size());
        for (std::size_t j = 0; j < width; ++j) row[w->m.primary_key()[j]] = values[k * width + j];
        return row;
    };
    if (s.engine_.dialect().capabilities().multi_row_writes && width == 1) {
        const std::size_t per = std::min(k_rows_per_statement, s.engine_.dialect().capabilities().max_parameters);
        for (std::size_t at = 0; at < count; at += per) {
            const std::size_t end = std::min(count, at + per);
            SqlWriter out(s.engine_.dialect());
            render_delete_rows(out, table, columns, end - at, w ? columns : std::vector<std::string>{});
            db::Params params(values.begin() + static_cast<std::ptrdiff_t>(at), values.begin() + static_cast<std::ptrdiff_t>(end));
            if (!w) {
                s.connection().execute(out.sql(), params);
                continue;
            }
            // The keys it deleted come back: a key missing among them is a row that was gone.
            auto deleted = s.connection().query(out.sql(), params);
            if (deleted.size() == end - at) continue;
            for (std::size_t k = at; k < end; ++k)
                if (std::none_of(deleted.begin(), deleted.end(), [&](const db::Row& r) { return r[0] == values[k]; }))
                    w->stale("deleting", end - at, static_cast<std::int64_t>(deleted.size()), row_of(k).data());
            w->stale("deleting", end - at, static_cast<std::int64_t>(deleted.size()), nullptr);
        }
        return;
    }
    SqlWriter out(s.engine_.dialect());
    render_delete_rows(out, table, columns);
    std::vector<db::Params> rows(count);
    for (std::size_t k = 0; k < count; ++k)
        rows[k].assign(values.begin() + static_cast<std::ptrdiff_t>(k * width),
                       values.begin() + static_cast<std::ptrdiff_t>((k + 1) * width));
    auto found = s.connection().execute_many(out.sql(), rows);
    for (std::size_t k = 0; w && k < count; ++k)
        if (found[k] != 1) w->stale("deleting", 1, found[k], row_of(k).data());
}

void UnitOfWork::write_associations() {
    for (auto& a : associations) {
        const RelationshipBase& r = *a.relationship;
        const std::vector<std::string> columns{r.local_key(), r.remote_key()};
        if (!a.remove.empty()) {
            SqlWriter out(s.engine_.dialect());
            render_delete_rows(out, r.association(), columns);
            s.connection().execute_many(out.sql(), a.remove);
        }
        if (a.add.empty()) continue;
        if (!s.engine_.dialect().capabilities().multi_row_writes) {
            SqlWriter out(s.engine_.dialect());
            render_insert_rows(out, r.association(), columns, 1);
            s.connection().execute_many(out.sql(), a.add);
            continue;
        }
        const std::size_t per = std::min(k_rows_per_statement, s.engine_.dialect().capabilities().max_parameters / 2);
        for (std::size_t at = 0; at < a.add.size(); at += per) {
            const std::size_t end = std::min(a.add.size(), at + per);
            SqlWriter out(s.engine_.dialect());
            render_insert_rows(out, r.association(), columns, end - at);
            db::Params params;
            for (std::size_t k = at; k < end; ++k) params.insert(params.end(), a.add[k].begin(), a.add[k].end());
            s.connection().execute(out.sql(), params);
        }
    }
    associations.clear();
}

} // namespace migrate::orm::detail

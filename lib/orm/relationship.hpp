// Relationship members of mapped structs: ToOne<T> (many-to-one) and ToMany<T> (one-to-many,
// many-to-many). Loaded on first access (lazy) or ahead of time by a selectin option.
#pragma once

#include <algorithm>
#include <memory>
#include <vector>

namespace migrate::orm {

class RelationshipBase;

namespace detail {
class SessionCore;

// What a relationship member knows about its session: whether it is loaded, how to load it,
// and (collections) what it held when last loaded or flushed, so a flush can tell what changed.
// A copy is a new, detached value: it keeps the targets but not the session link.
struct RelationState {
    bool loaded = true;   // a new object has nothing to load
    bool assigned = false; // ToOne: set by the user since the last flush
    std::weak_ptr<SessionCore> session;
    void* owner = nullptr;
    const RelationshipBase* relationship = nullptr;
    std::vector<std::shared_ptr<void>> snapshot;

    RelationState() = default;
    RelationState(const RelationState& o) : loaded(o.loaded), assigned(o.assigned) {}
    RelationState& operator=(const RelationState& o) {
        loaded = o.loaded;
        assigned = o.assigned;
        return *this;
    }
    // Loads through the session (one query) when not loaded; throws Error when detached.
    void ensure_loaded();
};
} // namespace detail

template <class T> class ToOne {
public:
    using element_type = T;
    ToOne() = default;
    ToOne(std::nullptr_t) { state_.assigned = true; }
    ToOne(std::shared_ptr<T> target) : target_(std::move(target)) { state_.assigned = true; }
    ToOne& operator=(std::shared_ptr<T> target) {
        target_ = std::move(target);
        state_.loaded = true;
        state_.assigned = true;
        return *this;
    }

    const std::shared_ptr<T>& get() const {
        if (!state_.loaded) state_.ensure_loaded();
        return target_;
    }
    T* operator->() const { return get().get(); }
    T& operator*() const { return *get(); }
    explicit operator bool() const { return get() != nullptr; }
    bool loaded() const { return state_.loaded; }

    // For the session: the member without triggering a load.
    detail::RelationState& state() const { return state_; }
    std::shared_ptr<T>& raw() { return target_; }

private:
    std::shared_ptr<T> target_;
    mutable detail::RelationState state_;
};

template <class T> class ToMany {
public:
    using element_type = T;
    using value_type = std::shared_ptr<T>;
    using const_iterator = typename std::vector<std::shared_ptr<T>>::const_iterator;

    ToMany() = default;
    ToMany(std::initializer_list<std::shared_ptr<T>> items) : items_(items) {}

    const std::vector<std::shared_ptr<T>>& items() const {
        if (!state_.loaded) state_.ensure_loaded();
        return items_;
    }
    const_iterator begin() const { return items().begin(); }
    const_iterator end() const { return items().end(); }
    std::size_t size() const { return items().size(); }
    bool empty() const { return items().empty(); }
    const std::shared_ptr<T>& operator[](std::size_t i) const { return items().at(i); }

    void add(std::shared_ptr<T> item) {
        items();
        if (std::find(items_.begin(), items_.end(), item) == items_.end()) items_.push_back(std::move(item));
    }
    void remove(const std::shared_ptr<T>& item) {
        items();
        std::erase(items_, item);
    }
    void clear() {
        items();
        items_.clear();
    }
    bool loaded() const { return state_.loaded; }

    detail::RelationState& state() const { return state_; }
    std::vector<std::shared_ptr<T>>& raw() { return items_; }

private:
    std::vector<std::shared_ptr<T>> items_;
    mutable detail::RelationState state_;
};

} // namespace migrate::orm

// Mapping a plain C++ struct to a table: columns by member pointer, keys, relationships. One
// declaration gives both the ORM's SQL and the table's schema::Table (the model IS a MetaData).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/base/error.hpp>
#include <migrate/orm/expression.hpp>
#include <migrate/orm/field.hpp>
#include <migrate/orm/relationship.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::orm {

class MapperBase;

// One mapped column: reads and writes its member on an object of the mapped type.
class ColumnBase {
public:
    virtual ~ColumnBase() = default;
    virtual db::Value get(const void* object) const = 0;
    virtual void set(void* object, const db::Value& value) const = 0;
    virtual bool is_unset(const void* object) const = 0; // 0 / empty / nullopt: a key to generate
    const std::string& name() const { return schema_.name; }
    const schema::Column& schema() const { return schema_; }
    bool primary_key() const { return primary_key_; }

protected:
    friend class MapperBase;
    schema::Column schema_;
    bool primary_key_ = false;
};

enum class RelationKind { many_to_one, one_to_many, many_to_many };

// One relationship: which member, what kind, which keys join the two sides.
class RelationshipBase {
public:
    virtual ~RelationshipBase() = default;
    RelationKind kind() const { return kind_; }
    const MapperBase& owner() const { return owner_(); }
    const MapperBase& target() const { return target_(); }
    // many_to_one: the owner's foreign-key column; one_to_many: the target's foreign-key column.
    virtual std::size_t fk_column() const = 0;
    // many_to_many: the association table and its columns pointing at owner and target.
    const std::string& association() const { return association_; }
    const std::string& local_key() const { return local_key_; }
    const std::string& remote_key() const { return remote_key_; }

    // Type-erased access to the member of an owner object (never triggers a load).
    virtual detail::RelationState& state(void* owner) const = 0;
    virtual std::vector<std::shared_ptr<void>> targets(void* owner) const = 0;
    // Sets the member as loaded with these targets (a ToOne takes the first or null).
    virtual void set_loaded(void* owner, std::vector<std::shared_ptr<void>> targets) const = 0;

protected:
    RelationKind kind_ = RelationKind::many_to_one;
    // Mappings refer to each other through functions: each is built on first use, in any order.
    const MapperBase& (*owner_)() = nullptr;
    const MapperBase& (*target_)() = nullptr;
    std::string association_, local_key_, remote_key_;
};

class MapperBase {
public:
    MapperBase() = default;
    MapperBase(MapperBase&&) = default; // built by chained calls, then moved into place
    MapperBase& operator=(MapperBase&&) = default;
    virtual ~MapperBase() = default;
    const std::string& table_name() const { return table_.name; }
    // The table as the schema model sees it: columns, keys, indexes.
    const schema::Table& table() const { return table_; }
    const std::vector<std::unique_ptr<ColumnBase>>& columns() const { return columns_; }
    const std::vector<std::unique_ptr<RelationshipBase>>& relationships() const { return relationships_; }
    const std::vector<std::size_t>& primary_key() const { return key_; }
    // The primary-key column whose value the database generates, if any.
    std::optional<std::size_t> generated_key() const { return generated_; }
    std::size_t column_index(std::string_view name) const; // throws UsageError
    virtual std::shared_ptr<void> create() const = 0;

protected:
    void add_column(std::unique_ptr<ColumnBase> column, std::string name, const std::string& type, bool nullable,
                    bool primary_key, bool generated, std::optional<std::string> server_default);
    schema::Table table_;
    std::vector<std::unique_ptr<ColumnBase>> columns_;
    std::vector<std::unique_ptr<RelationshipBase>> relationships_;
    std::vector<std::size_t> key_;
    std::optional<std::size_t> generated_;
};

struct ColumnOptions {
    bool primary_key = false;
    bool generated = false;                 // the database assigns it (integer primary key)
    std::optional<bool> nullable{};         // default: nullable iff the member is std::optional
    std::optional<std::string> server_default{};
};

template <class T> class Mapper;

// Users specialise this beside their struct:
//   template <> struct migrate::orm::Mapped<Author> { static const Mapper<Author>& mapper(); };
template <class T> struct Mapped;

template <class T> const Mapper<T>& mapper_of() { return Mapped<T>::mapper(); }

namespace detail {
template <class T, class M> class MemberColumn final : public ColumnBase {
public:
    explicit MemberColumn(M T::*member) : member_(member) {}
    db::Value get(const void* o) const override { return Field<M>::to_value(static_cast<const T*>(o)->*member_); }
    void set(void* o, const db::Value& v) const override { Field<M>::from_value(v, static_cast<T*>(o)->*member_); }
    bool is_unset(const void* o) const override { return Field<M>::is_unset(static_cast<const T*>(o)->*member_); }
    M T::*member() const { return member_; }

private:
    M T::*member_;
};

template <class U> const MapperBase& erased_mapper() { return mapper_of<U>(); }

// The member side of a relationship: Member is ToOne<U> or ToMany<U>.
template <class T, class Member> class RelationshipOn : public RelationshipBase {
public:
    using U = typename Member::element_type;
    RelationshipOn(RelationKind kind, Member T::*member) : member_(member) {
        kind_ = kind;
        owner_ = &erased_mapper<T>;
        target_ = &erased_mapper<U>;
    }
    void set_association(std::string table, std::string local, std::string remote) {
        association_ = std::move(table);
        local_key_ = std::move(local);
        remote_key_ = std::move(remote);
    }
    detail::RelationState& state(void* o) const override { return (static_cast<T*>(o)->*member_).state(); }
    std::vector<std::shared_ptr<void>> targets(void* o) const override {
        auto& m = static_cast<T*>(o)->*member_;
        if constexpr (std::is_same_v<Member, ToOne<U>>) {
            if (!m.raw()) return {};
            return {m.raw()};
        } else {
            return {m.raw().begin(), m.raw().end()};
        }
    }
    void set_loaded(void* o, std::vector<std::shared_ptr<void>> targets) const override {
        auto& m = static_cast<T*>(o)->*member_;
        if constexpr (std::is_same_v<Member, ToOne<U>>) {
            m.raw() = targets.empty() ? nullptr : std::static_pointer_cast<U>(targets.front());
        } else {
            auto& items = m.raw();
            items.clear();
            items.reserve(targets.size());
            for (auto& t : targets) items.push_back(std::static_pointer_cast<U>(t));
        }
        auto& st = m.state();
        st.loaded = true;
        st.assigned = false;
        st.snapshot = std::move(targets);
    }
    bool matches(Member T::*member) const { return member == member_; }

private:
    Member T::*member_;
};

// K: many_to_one: the owner's fk member (M T::*); one_to_many: the target's (M U::*);
// many_to_many: std::nullptr_t.
template <class T, class Member, class K> class MemberRelationship final : public RelationshipOn<T, Member> {
public:
    MemberRelationship(RelationKind kind, Member T::*member, K fk)
        : RelationshipOn<T, Member>(kind, member), fk_(fk) {}
    std::size_t fk_column() const override;

private:
    K fk_;
};
} // namespace detail

template <class T> class Mapper final : public MapperBase {
public:
    explicit Mapper(std::string table) { table_.name = std::move(table); }
    std::shared_ptr<void> create() const override { return std::make_shared<T>(); }

    // A column: member, column name, portable type ("integer", "varchar(200)", "numeric(10,2)").
    template <class M> Mapper& column(M T::*member, std::string name, const std::string& type, ColumnOptions o = {}) {
        add_column(std::make_unique<detail::MemberColumn<T, M>>(member), std::move(name), type,
                   o.nullable.value_or(Field<M>::nullable), o.primary_key, o.generated, o.server_default);
        return *this;
    }
    // Constraints and indexes of the table, as the schema model spells them.
    Mapper& foreign_key(schema::ForeignKey fk) { table_.foreign_keys.push_back(std::move(fk)); return *this; }
    Mapper& unique(schema::UniqueConstraint u) { table_.unique_constraints.push_back(std::move(u)); return *this; }
    Mapper& index(schema::Index i) { table_.indexes.push_back(std::move(i)); return *this; }
    Mapper& primary_key_name(std::string name) { table_.primary_key->name = std::move(name); return *this; }

    // book.author: the owner holds the foreign key (`fk`, a mapped member of T).
    template <class U, class K> Mapper& many_to_one(ToOne<U> T::*member, K T::*fk) {
        relationships_.push_back(std::make_unique<detail::MemberRelationship<T, ToOne<U>, K T::*>>(
            RelationKind::many_to_one, member, fk));
        return *this;
    }
    // author.books: the target holds the foreign key (`fk`, a mapped member of U).
    template <class U, class K> Mapper& one_to_many(ToMany<U> T::*member, K U::*fk) {
        relationships_.push_back(std::make_unique<detail::MemberRelationship<T, ToMany<U>, K U::*>>(
            RelationKind::one_to_many, member, fk));
        return *this;
    }
    // book.tags through book_tags(book_id -> books, tag_id -> tags).
    template <class U> Mapper& many_to_many(ToMany<U> T::*member, std::string association, std::string local_key,
                                            std::string remote_key) {
        auto r = std::make_unique<detail::MemberRelationship<T, ToMany<U>, std::nullptr_t>>(
            RelationKind::many_to_many, member, nullptr);
        r->set_association(std::move(association), std::move(local_key), std::move(remote_key));
        relationships_.push_back(std::move(r));
        return *this;
    }

    template <class M> const ColumnBase& column_for(M T::*member) const {
        for (auto& c : columns_) {
            if (auto mc = dynamic_cast<const detail::MemberColumn<T, M>*>(c.get()); mc && mc->member() == member)
                return *c;
        }
        throw UsageError("a member of " + table_.name + " used in a query is not a mapped column");
    }
    template <class M> std::size_t index_of(M T::*member) const {
        const ColumnBase* c = &column_for(member);
        for (std::size_t i = 0; i < columns_.size(); ++i)
            if (columns_[i].get() == c) return i;
        return 0;
    }
    template <class Member> const RelationshipBase& relationship_for(Member T::*member) const {
        for (auto& r : relationships_) {
            if (auto mr = dynamic_cast<const detail::RelationshipOn<T, Member>*>(r.get()); mr && mr->matches(member))
                return *r;
        }
        throw UsageError("a member of " + table_.name + " is not a mapped relationship");
    }
};

namespace detail {
template <class T, class Member, class K> std::size_t MemberRelationship<T, Member, K>::fk_column() const {
    using U = typename Member::element_type;
    if constexpr (std::is_same_v<K, std::nullptr_t>) {
        throw UsageError("a many-to-many relationship has no foreign-key column of its own");
    } else if constexpr (std::is_same_v<Member, ToOne<U>>) {
        return mapper_of<T>().index_of(fk_);
    } else {
        return mapper_of<U>().index_of(fk_);
    }
}
} // namespace detail

// A typed column expression from a member pointer: col(&Book::price) -> Typed<double>.
template <class T, class M> Typed<value_of_t<M>> col(M T::*member) {
    const auto& m = mapper_of<T>();
    return Typed<value_of_t<M>>(detail::column_ref(m.table_name(), m.column_for(member).name()));
}

} // namespace migrate::orm

#include <migrate/runtime/detail/revision_errors.hpp>

#include <migrate/base/error.hpp>

namespace migrate::runtime::detail {

std::string name_of(const std::string& revision, const std::string& file) {
    return "revision " + revision + (file.empty() ? "" : " (" + file + ")");
}

std::string name_of(const revision::Revision& rev) {
    return name_of(rev.id, rev.path.empty() ? std::string() : rev.path.filename().string());
}

void rethrow_in(const std::string& where) {
    try {
        throw;
    } catch (const DatabaseError& e) {
        throw DatabaseError(where + ": " + e.what(), e.code(), e.statement(), e.sqlite_code());
    } catch (const NotSupported& e) {
        throw NotSupported(where + ": " + e.what());
    } catch (const UsageError& e) {
        throw UsageError(where + ": " + e.what());
    } catch (const RevisionError&) {
        throw; // names its file already
    } catch (const Interrupted&) {
        throw; // the run names where it stopped
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
}

} // namespace migrate::runtime::detail

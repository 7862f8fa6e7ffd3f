#include "read_file.hpp"

#include <migrate/base/error.hpp>
#include <migrate/base/read_file.hpp>

namespace migrate::revision::detail {

std::string read_file(const std::filesystem::path& path) {
    try {
        return base::read_file(path);
    } catch (const base::UnreadableFile& e) {
        throw RevisionError(path.generic_string(), "", "cannot be read: " + e.reason());
    }
}

} // namespace migrate::revision::detail

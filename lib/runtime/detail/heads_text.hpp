// Version-table heads as the runner's messages and the offline script's comments write them.
#pragma once

#include <string>
#include <vector>

#include <migrate/base/join.hpp>

namespace migrate::runtime::detail {

// "a1, b2", or "<base>" for none.
inline std::string heads_text(const std::vector<std::string>& heads) {
    return heads.empty() ? std::string("<base>") : base::join(heads);
}

} // namespace migrate::runtime::detail

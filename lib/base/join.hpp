// Lists in messages: "a1, b2". The one joiner for ids, labels and names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migrate::base {

// `items` separated by `separator` ("" for none).
inline std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

} // namespace migrate::base

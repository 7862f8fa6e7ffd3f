// The ops of one direction of a revision, as the revision layer holds them: the one seam
// between revision files and lib/ops, so that errors name the file and the op's field.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace migrate::revision {

// Until lib/ops exposes its JSON parser, an op is kept as its JSON object, checked for shape
// (an object with a string "op"). Switching to std::vector<ops::Op> changes only this file.
using OpList = std::vector<nlohmann::json>;

// Parses the array `value` found at `field` ("upgrade") of `file`. Throws RevisionError
// naming the element, e.g. `versions/ab12_add.json: upgrade[2].op: missing field`.
OpList parse_op_list(const nlohmann::json& value, const std::string& file, const std::string& field);

// The JSON array form of `ops`, each op's "op" key first, for writing revision files.
nlohmann::ordered_json op_list_to_json(const OpList& ops);

} // namespace migrate::revision

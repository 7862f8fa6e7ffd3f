// The ops of one direction of a revision, as the revision layer holds them: the one seam
// between revision files and lib/ops, so that errors name the file and the op's field.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <migrate/ops/op.hpp>

namespace migrate::revision {

using OpList = std::vector<ops::Op>;

// Parses the array `value` found at `field` ("upgrade") of `file`. Throws RevisionError
// naming the file and the op's field, e.g.
// `versions/ab12_add.json: upgrade[2].op: unknown op "create_tabel"`.
OpList parse_op_list(const nlohmann::json& value, const std::string& file, const std::string& field);

// The JSON array form of `ops` ("op" first in each), for writing revision files.
nlohmann::ordered_json op_list_to_json(const OpList& ops);

} // namespace migrate::revision

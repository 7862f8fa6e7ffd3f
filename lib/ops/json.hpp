// The JSON form of ops, as written in revision files (docs/revision-format.md, "Operations").
// Strict on the way in: unknown ops, unknown keys and missing fields are errors naming the path.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <migrate/ops/op.hpp>
#include <migrate/schema/json.hpp>

namespace migrate::ops {

// One op from its JSON object. `path` is where the object sits in the larger document
// ("upgrade[3]"); errors are schema::JsonFieldError (a migrate::Error) whose field() is the
// full path of the offending field ("upgrade[3].columns[1].type") and reason() the problem
// ("missing required field", "unknown op \"create_tabel\"").
Op op_from_json(const nlohmann::json& j, const std::string& path = {});

// The "lint" field an op (or a whole revision) may carry: {"ignore": {"RULE": "REASON", ...}},
// silencing lint rules with the reason written down. `object` is the op's (or revision's) JSON
// and `path` where it sits ("upgrade[2]"); absent or null gives nothing. Each reason must be a
// non-empty string; any other shape is a JsonFieldError naming the field. The rule names are
// lib/lint's to check. op_from_json accepts the field and leaves it out of the op.
std::map<std::string, std::string> lint_ignores(const nlohmann::json& object, const std::string& path = {});

// The JSON object of an op, keys in reading order ("op" first), defaults left out, so that
// op_from_json(op_to_json(op)) == op.
nlohmann::ordered_json op_to_json(const Op& op);

// Every op name op_from_json accepts, in documentation order.
const std::vector<std::string>& op_names();

// For nlohmann's j.get<Op>() and `json j = op`.
void to_json(nlohmann::json& j, const Op& op);
void to_json(nlohmann::ordered_json& j, const Op& op);
void from_json(const nlohmann::json& j, Op& op);

} // namespace migrate::ops

// SPDX-License-Identifier: MIT
// Small builders of OpenAPI 3.0 JSON, shared by the document's paths (openapi.cpp) and its
// components (openapi_components.cpp).
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string_view>

namespace eventcollab::http::openapi {

using oj = nlohmann::ordered_json;

inline oj ref(std::string_view kind, std::string_view name) {
  return {{"$ref", fmt::format("#/components/{}/{}", kind, name)}};
}
inline oj schema(std::string_view name) { return ref("schemas", name); }
inline oj array_of(oj items) { return {{"type", "array"}, {"items", std::move(items)}}; }
inline oj json_body(oj s) { return {{"application/json", {{"schema", std::move(s)}}}}; }

/// A string, with length bounds where given (>= 0).
inline oj str(long long min = -1, long long max = -1) {
  oj s = {{"type", "string"}};
  if (min >= 0) s["minLength"] = min;
  if (max >= 0) s["maxLength"] = max;
  return s;
}
inline oj nullable(oj s) {
  s["nullable"] = true;
  return s;
}
inline oj integer() { return {{"type", "integer"}, {"format", "int64"}}; }
inline oj time() { return {{"type", "string"}, {"format", "date-time"}}; }
inline oj with(oj o, const char* key, oj value) {
  o[key] = std::move(value);
  return o;
}

/// The document's components: schemas, responses, headers, security schemes.
oj components();

}  // namespace eventcollab::http::openapi

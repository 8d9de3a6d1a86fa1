// SPDX-License-Identifier: MIT
// Checks real HTTP responses against the server's own /openapi.json: the operation of a
// method and path, the status among its documented responses, and the JSON body against the
// response's schema. A small checker of the OpenAPI 3.0 schema subset the document uses:
// $ref, type, nullable, enum, required, properties, additionalProperties: false, items.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace eventcollab::test {

class OpenApiChecker {
 public:
  explicit OpenApiChecker(nlohmann::json document) : doc_(std::move(document)) {}

  /// The problems of one exchange; empty when it matches the document (or names no route).
  std::vector<std::string> check(std::string method, std::string_view target, int status,
                                 const nlohmann::json& body, bool body_is_json) const {
    std::vector<std::string> problems;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (method == "head") method = "get";
    const std::string path(target.substr(0, target.find('?')));
    const nlohmann::json* op = operation(method, path);
    if (op == nullptr) return problems;  // an unknown route or another method: not documented
    const auto& responses = op->at("responses");
    const std::string code = std::to_string(status);
    if (!responses.contains(code)) {
      problems.push_back(method + " " + path + ": status " + code + " is not documented");
      return problems;
    }
    const nlohmann::json response = resolve(responses.at(code));
    if (!response.contains("content")) {
      if (body_is_json) problems.push_back(method + " " + path + ": documented without a body");
      return problems;
    }
    if (!body_is_json) {
      problems.push_back(method + " " + path + " " + code + ": the body is not JSON");
      return problems;
    }
    check_value(response.at("content").at("application/json").at("schema"), body,
                method + " " + path + " " + code + " body", problems);
    return problems;
  }

 private:
  static bool positive_id(std::string_view s) {
    if (s.empty() || s.size() > 18 || s.front() == '0') return false;
    return s.find_first_not_of("0123456789") == std::string_view::npos;
  }

  static std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    if (path.empty() || path.front() != '/') return out;
    path.remove_prefix(1);
    while (true) {
      const auto slash = path.find('/');
      out.push_back(path.substr(0, slash));
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
    return out;
  }

  // True when the path item documents `{name}` as a string (any segment) rather than an id.
  static bool text_parameter(const nlohmann::json& item, std::string_view placeholder) {
    const std::string name(placeholder.substr(1, placeholder.size() - 2));
    for (const auto& p : item.value("parameters", nlohmann::json::array())) {
      if (p.value("name", "") == name) return p.at("schema").value("type", "") == "string";
    }
    return false;
  }

  const nlohmann::json* operation(const std::string& method, const std::string& path) const {
    const auto actual = segments(path);
    for (const auto& [pattern, item] : doc_.at("paths").items()) {
      const auto wanted = segments(pattern);
      if (wanted.size() != actual.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < wanted.size() && same; ++i) {
        if (wanted[i].front() != '{') {
          same = wanted[i] == actual[i];
        } else {
          same = text_parameter(item, wanted[i]) ? !actual[i].empty() : positive_id(actual[i]);
        }
      }
      if (same && item.contains(method)) return &item.at(method);
    }
    return nullptr;
  }

  nlohmann::json resolve(const nlohmann::json& node) const {
    if (!node.is_object() || !node.contains("$ref")) return node;
    std::string ref = node.at("$ref").get<std::string>();  // "#/components/schemas/Event"
    return resolve(doc_.at(nlohmann::json::json_pointer(ref.substr(1))));
  }

  void check_value(const nlohmann::json& schema_node, const nlohmann::json& v,
                   const std::string& where, std::vector<std::string>& problems) const {
    const nlohmann::json s = resolve(schema_node);
    if (v.is_null()) {
      // A schema without `type` allows any value, null included (OpenAPI 3.0.3).
      const bool any = !s.contains("type") && !s.contains("enum") && !s.contains("$ref");
      if (!s.value("nullable", false) && !any) {
        problems.push_back(where + ": null is not allowed");
      }
      return;
    }
    const std::string type = s.value("type", "");
    const bool ok = type.empty() || (type == "object" && v.is_object()) ||
                    (type == "array" && v.is_array()) || (type == "string" && v.is_string()) ||
                    (type == "integer" && v.is_number_integer()) ||
                    (type == "number" && v.is_number()) || (type == "boolean" && v.is_boolean());
    if (!ok) {
      problems.push_back(where + ": expected " + type + ", got " + v.dump().substr(0, 80));
      return;
    }
    if (s.contains("enum")) {
      bool listed = false;
      for (const auto& e : s.at("enum")) listed = listed || e == v;
      if (!listed) problems.push_back(where + ": " + v.dump() + " is not in the enum");
    }
    if (type == "array" && s.contains("items")) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        check_value(s.at("items"), v[i], where + "[" + std::to_string(i) + "]", problems);
      }
    }
    if (type == "object") {
      for (const auto& r : s.value("required", nlohmann::json::array())) {
        if (!v.contains(r.get<std::string>())) {
          problems.push_back(where + ": required '" + r.get<std::string>() + "' is missing");
        }
      }
      const auto properties = s.value("properties", nlohmann::json::object());
      for (const auto& [key, value] : v.items()) {
        if (properties.contains(key)) {
          check_value(properties.at(key), value, where + "." + key, problems);
        } else if (s.contains("additionalProperties") && s.at("additionalProperties") == false) {
          problems.push_back(where + ": '" + key + "' is not documented");
        }
      }
    }
  }

  nlohmann::json doc_;
};

}  // namespace eventcollab::test

// SPDX-License-Identifier: MIT
// The adapter's own request and response: what the transport hands to the routes and takes
// back. Plain strings, so no route, Exchange or error mapping depends on the HTTP library.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace eventcollab::http {

class StreamChannel;

/// Orders header names without regard to ASCII case (`content-type` == `Content-Type`).
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept;
};

/// True when `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b) noexcept;

using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method{};  ///< as sent: "GET", "POST", …
  std::string target{};  ///< as sent: path and query
  std::string path{};    ///< the target up to `?`, not decoded (ids are plain digits)
  /// The query's parameters, decoded (`%XX`, `+` is a space).
  std::multimap<std::string, std::string> query{};
  bool query_malformed = false;  ///< a broken `%`-escape: any read of the query is a 400
  Headers headers{};
  std::string body{};

  /// The first value of header `name`, or nullptr when absent (an empty value is present).
  const std::string* header(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers{};
  std::string body{};
  /// When set, the response is a stream: status and headers are sent (no Content-Length,
  /// `Connection: close`), then whatever the channel receives until it ends; `body` is ignored.
  std::shared_ptr<StreamChannel> stream{};

  /// Replaces every value of `name`.
  void set_header(std::string name, std::string value);
  /// Status, `Content-Type: application/json` and a body that is already JSON text.
  void set_json(int code, std::string json_text);
};

/// Splits `r.target` into `r.path` and the decoded `r.query`.
void parse_target(Request& r);

/// Decodes application/x-www-form-urlencoded text: `+` is a space, `%XX` a byte. nullopt when
/// a `%` is not followed by two hex digits.
std::optional<std::string> form_decode(std::string_view s);

/// The media type of a Content-Type value, lowercased, without parameters
/// ("Application/JSON; charset=utf-8" -> "application/json").
std::string media_type(std::string_view content_type);

}  // namespace eventcollab::http

// Router: the route table of the API as data (method, path pattern, access, handler) and
// the matching of a request against it. Patterns are OpenAPI path templates
// ("/api/v1/customers/{id}"); a "{name}" segment matches any one non-empty segment.
// Tests enumerate routes() to walk every route (401 without credentials, the OpenAPI
// document, organisation isolation).
//
// Thread-safety: routes are added during set-up only; afterwards the router is read-only
// and match() may run on every worker thread at once.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/permissions.hpp"
#include "app/use_cases.hpp"
#include "http/message.hpp"

namespace turnus::http {

// Everything a handler gets: the request, the response, the authenticated actor (set for
// every route that requires authentication), the language and the path parameters.
struct RequestContext {
  const Request& req;
  Response& res;
  bool english = false;
  std::vector<std::string> params;  // values of the pattern's {…} segments, in order
  std::optional<app::Actor> actor;
  std::string session_secret;  // set when the request was authenticated by the session cookie

  const app::Actor& who() const { return actor.value(); }
  // The i-th path parameter as an id; a value that is no positive integer is an unknown id
  // (404), exactly like an id that does not exist.
  domain::Id id(std::size_t i = 0) const;
};

using Handler = std::function<void(RequestContext&)>;

enum class Access { open, authenticated };

// What a route's request body may be: buffered (JSON; ServerConfig::max_json_bytes at most, read into
// Request::body) or a multipart upload (streamed into spool files, Request::files).
enum class RouteBody { buffered, upload };

// What the server checks on the request's header, before it reads a byte of the body.
struct RouteRules {
  // The permission the route's use case requires of every caller; checked right after
  // authentication, so a body nobody may send is never read. The use case checks again.
  std::optional<app::Permission> permission;
  RouteBody body = RouteBody::buffered;
  // A smaller body limit than the server's (0: the server's), e.g. for the open login.
  std::size_t max_body_bytes = 0;
};

struct Route {
  std::string method;   // GET, POST, PATCH, PUT, DELETE
  std::string pattern;  // OpenAPI path template
  Access access = Access::authenticated;
  Handler handler;
  RouteRules rules;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, Handler handler, RouteRules rules = {});
  const std::vector<Route>& routes() const { return routes_; }

  struct Match {
    const Route* route = nullptr;      // null: no route for this method and path
    std::vector<std::string> params;   // of the matched route
    std::vector<std::string> allowed;  // methods the path has (for 405 and Allow); empty = unknown path
  };
  Match match(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> split_;  // each route's pattern, split into segments
};

}  // namespace turnus::http

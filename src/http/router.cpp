#include "http/router.hpp"

#include <algorithm>
#include <charconv>

#include "domain/error.hpp"

namespace turnus::http {

namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 1;  // paths start with '/'
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::vector<std::string>& params) {
  if (pattern.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      params.push_back(path[i]);
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

domain::Id RequestContext::id(std::size_t i) const {
  const std::string& text = params.at(i);
  domain::Id value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    throw domain::Error::not_found("Eintrag", "Entry");
  }
  return value;
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler, RouteRules rules) {
  split_.push_back(segments(pattern));
  routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler), rules});
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match result;
  if (path.empty() || path.front() != '/') return result;
  const std::vector<std::string> parts = segments(path);
  std::vector<std::string> params;
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const Route& route = routes_[r];
    if (!matches(split_[r], parts, params)) continue;
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) == result.allowed.end()) {
      result.allowed.push_back(route.method);
    }
    const bool same = route.method == method || (method == "HEAD" && route.method == "GET");
    if (same && result.route == nullptr) {
      result.route = &route;
      result.params = params;
    }
  }
  return result;
}

}  // namespace turnus::http

#include "http/problem.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

namespace turnus::http {

using domain::ErrorKind;
using domain::Text;

namespace {

struct StatusInfo {
  int status;
  const char* slug;
  Text title;
};

const StatusInfo& info(int status) {
  static const std::vector<StatusInfo> known = {
      {400, "bad-request", {"Ungültige Anfrage", "Bad request"}},
      {401, "unauthenticated", {"Nicht angemeldet", "Not authenticated"}},
      {403, "forbidden", {"Nicht erlaubt", "Forbidden"}},
      {404, "not-found", {"Nicht gefunden", "Not found"}},
      {405, "method-not-allowed", {"Methode nicht erlaubt", "Method not allowed"}},
      {409, "conflict", {"Konflikt", "Conflict"}},
      {413, "payload-too-large", {"Zu groß", "Payload too large"}},
      {414, "uri-too-long", {"Adresse zu lang", "URI too long"}},
      {415, "unsupported-media-type", {"Nicht unterstützter Inhaltstyp", "Unsupported media type"}},
      {417, "expectation-failed", {"Erwartung nicht erfüllbar", "Expectation failed"}},
      {422, "validation", {"Ungültige Eingaben", "Validation failed"}},
      {429, "rate-limited", {"Zu viele Anfragen", "Too many requests"}},
      {431, "header-too-large", {"Kopfzeilen zu groß", "Request header fields too large"}},
      {500, "internal", {"Interner Fehler", "Internal error"}},
      {501, "not-implemented", {"Nicht unterstützt", "Not implemented"}},
      {503, "unavailable", {"Vorübergehend nicht verfügbar", "Service unavailable"}},
      {505, "http-version-not-supported", {"HTTP-Version nicht unterstützt", "HTTP version not supported"}},
  };
  for (const StatusInfo& i : known) {
    if (i.status == status) return i;
  }
  static const StatusInfo other{0, "error", {"Fehler", "Error"}};
  return other;
}

// One language range of Accept-Language with its weight.
double weight_of(std::string_view header, std::string_view language) {
  double best = -1.0;
  std::size_t pos = 0;
  while (pos <= header.size()) {
    std::size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end + 1;
    double q = 1.0;
    if (const std::size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (const std::size_t qpos = params.find("q="); qpos != std::string_view::npos) {
        const std::string number(params.substr(qpos + 2));
        char* stop = nullptr;
        q = std::strtod(number.c_str(), &stop);
        if (stop == number.c_str()) q = 0.0;
      }
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string lower;
    for (const char c : item) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == language ||
        (lower.size() > language.size() && lower.starts_with(language) && lower[language.size()] == '-')) {
      best = std::max(best, q);
    }
    if (end == header.size()) break;
  }
  return best;
}

}  // namespace

HttpError bad_parameter(const std::string& field, Text message) {
  return HttpError(400, {"Ein Parameter der Anfrage ist ungültig.", "A parameter of the request is invalid."},
                   {{field, std::move(message)}});
}

bool prefers_english(const std::string& accept_language) {
  const double en = weight_of(accept_language, "en");
  const double de = weight_of(accept_language, "de");
  return en > 0.0 && en > de;
}

int status_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::validation: return 422;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::unauthenticated: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

void write_problem(Response& res, int status, const Text& detail, bool english,
                   const std::vector<domain::FieldError>& fields) {
  const StatusInfo& i = info(status);
  nlohmann::json body{{"type", std::string("urn:turnus:problem:") + i.slug},
                      {"title", i.title.in(english)},
                      {"status", status},
                      {"detail", detail.in(english)}};
  if (!fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const domain::FieldError& f : fields)
      errors.push_back({{"field", f.field}, {"message", f.message.in(english)}});
    body["errors"] = std::move(errors);
  }
  res.status = status;
  res.set_header("Content-Language", english ? "en" : "de");
  res.set_content(body.dump(), "application/problem+json");
}

void write_problem(Response& res, const domain::Error& error, bool english) {
  const int status = status_of(error.kind());
  if (error.kind() == ErrorKind::internal) {
    spdlog::error("internal error: {}", error.what());
    write_problem(res, 500, {"Ein unerwarteter Fehler ist aufgetreten.", "An unexpected error occurred."}, english);
    return;
  }
  if (error.kind() == ErrorKind::unavailable) {
    // The store's message names hosts, ports, SQL or the driver's words: the log gets it,
    // the client a plain sentence.
    spdlog::warn("unavailable: {}", error.what());
    res.set_header("Retry-After", "5");
    write_problem(res, 503,
                  {"Die Datenbank ist vorübergehend nicht erreichbar. Bitte gleich noch einmal versuchen.",
                   "The database is temporarily unavailable. Please try again in a moment."},
                  english);
    return;
  }
  if (error.kind() == ErrorKind::rate_limited) {
    res.set_header("Retry-After", std::to_string(std::max<std::int64_t>(1, error.retry_after_seconds())));
  }
  if (error.kind() == ErrorKind::unauthenticated) res.set_header("WWW-Authenticate", "Bearer realm=\"turnus\"");
  write_problem(res, status, error.message(), english, error.fields());
}

void write_problem(Response& res, const HttpError& error, bool english) {
  write_problem(res, error.status(), error.detail(), english, error.fields());
}

void write_problem(Response& res, const std::exception_ptr& thrown, bool english, const std::string& where) {
  try {
    std::rethrow_exception(thrown);
  } catch (const domain::Error& e) {
    write_problem(res, e, english);
  } catch (const HttpError& e) {
    write_problem(res, e, english);
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception in {}: {}", where, e.what());
    write_problem(res, 500, {"Ein unerwarteter Fehler ist aufgetreten.", "An unexpected error occurred."}, english);
  } catch (...) {
    spdlog::error("unhandled non-standard exception in {}", where);
    write_problem(res, 500, {"Ein unerwarteter Fehler ist aufgetreten.", "An unexpected error occurred."}, english);
  }
}

}  // namespace turnus::http

// problem+json (RFC 9457): the ONE place that maps errors to HTTP status codes and bodies,
// and the choice of language from Accept-Language.
//
// Status codes: validation 422 (field errors in "errors"), malformed JSON and unparseable
// query parameters 400 (HttpError, also with "errors" naming the parameter), not_found 404,
// conflict 409, unauthenticated 401, forbidden 403, rate_limited 429 (+ Retry-After),
// unavailable 503 (+ Retry-After; a fixed sentence: the message, which may name hosts and
// drivers, is logged, never sent), internal 500 (the message is logged, never sent).
//
// Thread-safety: free functions without shared state; safe from any worker thread.
#pragma once

#include "http/message.hpp"

#include <string>
#include <vector>

#include "domain/error.hpp"

namespace turnus::http {

// An error that only the HTTP edge knows (malformed JSON, a bad query parameter, an
// unsupported media type, a payload too large, a wrong method). Thrown by handlers and
// parsers, turned into a problem by write_problem like domain::Error.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, domain::Text detail, std::vector<domain::FieldError> fields = {})
      : std::runtime_error(detail.en), status_(status), detail_(std::move(detail)), fields_(std::move(fields)) {}
  int status() const { return status_; }
  const domain::Text& detail() const { return detail_; }
  const std::vector<domain::FieldError>& fields() const { return fields_; }

 private:
  int status_;
  domain::Text detail_;
  std::vector<domain::FieldError> fields_;
};

// 400 naming one query parameter or body field.
HttpError bad_parameter(const std::string& field, domain::Text message);

// True when the client prefers English over German (highest q-value wins; German when the
// header is missing, names neither, or ties).
bool prefers_english(const std::string& accept_language);

int status_of(domain::ErrorKind kind);

void write_problem(Response& res, int status, const domain::Text& detail, bool english,
                   const std::vector<domain::FieldError>& fields = {});
void write_problem(Response& res, const domain::Error& error, bool english);
void write_problem(Response& res, const HttpError& error, bool english);
// Whatever a handler threw: Error, HttpError, or anything else (500, logged with `where`).
void write_problem(Response& res, const std::exception_ptr& thrown, bool english, const std::string& where);

}  // namespace turnus::http

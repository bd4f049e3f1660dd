// Error: the one error type of turnus. Every layer throws it; the HTTP layer maps it to a
// problem+json response in one place and the CLI to one line on stderr.
//
// Messages are carried in German (the product's default language) and English, because
// the language is chosen by whoever presents the error, not by whoever raises it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace turnus::domain {

struct Text {
  std::string de;
  std::string en;
  const std::string& in(bool english) const { return english ? en : de; }
};

struct FieldError {
  std::string field;  // dotted JSON path as the API names it, e.g. "interval.every"
  Text message;
};

enum class ErrorKind {
  validation,       // input breaks a rule; `fields` says which
  not_found,        // unknown id, or one that belongs to another organisation
  conflict,         // lifecycle refusal or stale version
  unauthenticated,  // no or bad credentials
  forbidden,        // authenticated, but the role does not allow it
  rate_limited,     // too many attempts; retry_after_seconds says when to try again
  unavailable,      // the database is unreachable or busy beyond our patience
  internal,         // a bug or broken invariant
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, Text message, std::vector<FieldError> fields = {})
      : std::runtime_error(message.en), kind_(kind), message_(std::move(message)), fields_(std::move(fields)) {}

  static Error validation(std::vector<FieldError> fields) {
    return Error(ErrorKind::validation, {"Die Eingaben sind ungültig.", "The input is invalid."}, std::move(fields));
  }
  static Error not_found(std::string what_de, std::string what_en) {
    return Error(ErrorKind::not_found, {what_de + " nicht gefunden.", what_en + " not found."});
  }
  static Error conflict(Text message) { return Error(ErrorKind::conflict, std::move(message)); }

  static Error rate_limited(std::int64_t retry_after_seconds) {
    Error error(ErrorKind::rate_limited,
                {"Zu viele Versuche. Bitte später erneut versuchen.", "Too many attempts. Please try again later."});
    error.retry_after_seconds_ = retry_after_seconds;
    return error;
  }

  ErrorKind kind() const { return kind_; }
  std::int64_t retry_after_seconds() const { return retry_after_seconds_; }
  const Text& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }

 private:
  ErrorKind kind_;
  Text message_;
  std::vector<FieldError> fields_;
  std::int64_t retry_after_seconds_ = 0;
};

// Collects every problem of one input, so a user sees all of them at once.
class Violations {
 public:
  void add(std::string field, std::string de, std::string en) {
    items_.push_back({std::move(field), {std::move(de), std::move(en)}});
  }
  void append(const Violations& other) { items_.insert(items_.end(), other.items_.begin(), other.items_.end()); }
  bool empty() const { return items_.empty(); }
  const std::vector<FieldError>& items() const { return items_; }
  void throw_if_any() const {
    if (!items_.empty()) throw Error::validation(items_);
  }

 private:
  std::vector<FieldError> items_;
};

}  // namespace turnus::domain

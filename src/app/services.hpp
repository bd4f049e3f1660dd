// Outside services the use cases need besides storage: the clock, the time-zone database,
// and secrets (password hashing, random tokens). src/platform implements them for a real
// system; tests pass fakes. Implementations must be thread-safe.
#pragma once

#include "app/byte_source.hpp"

#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/records.hpp"

namespace turnus::app {

// The only source of "now" in the product: no code reads the system time directly.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual domain::Timestamp now() const = 0;  // seconds since the epoch, UTC
};

class TimeZones {
 public:
  virtual ~TimeZones() = default;
  virtual bool is_known(std::string_view zone) const = 0;
  // The calendar date at `instant` in `zone`.
  virtual domain::Date local_date(domain::Timestamp instant, std::string_view zone) const = 0;
  // The instant of 00:00 on `date` in `zone` (the first instant of that day when midnight
  // does not exist because of a daylight-saving change).
  virtual domain::Timestamp start_of_day(domain::Date date, std::string_view zone) const = 0;
};

class Secrets {
 public:
  virtual ~Secrets() = default;
  virtual std::string hash_password(std::string_view password) const = 0;  // argon2id
  virtual bool verify_password(std::string_view hash, std::string_view password) const = 0;
  // A fresh random secret, URL-safe, printable (API tokens, demo passwords).
  virtual std::string random_secret(std::size_t bytes) const = 0;
  // Hex SHA-256, for storing token secrets without the secrets themselves.
  virtual std::string sha256_hex(std::string_view data) const = 0;
  // The same over every byte of `data`, read in pieces from its start (leaves it at its end).
  virtual std::string sha256_hex(ByteSource& data) const = 0;
};

// Told after a use case committed a change to a contract's schedule or status, so a
// sleeping scheduler can recompute when to wake up. Called on the request's thread;
// implementations must be cheap and thread-safe and must not throw.
class ChangeNotifier {
 public:
  virtual ~ChangeNotifier() = default;
  virtual void contracts_changed() noexcept = 0;
};

}  // namespace turnus::app

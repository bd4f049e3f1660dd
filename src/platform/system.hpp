// The real implementations of the application's outside services: the system clock, the
// operating system's time-zone database (/usr/share/zoneinfo via howardhinnant-date), and
// libsodium for argon2id password hashing, random secrets and SHA-256.
// All are thread-safe; construct them once in the composition root.
#pragma once

#include "app/services.hpp"

namespace turnus::platform {

// Raises this process's soft limit of open files to its hard limit (a server holds a socket
// per connection; the usual soft limit of 1,024 would refuse connections long before the
// server's own limits). Returns the limit now in force.
unsigned long raise_open_file_limit();

class SystemClock final : public app::Clock {
 public:
  domain::Timestamp now() const override;
};

// A clock that always answers the same instant: `turnus tick --now`, tests.
class FixedClock final : public app::Clock {
 public:
  explicit FixedClock(domain::Timestamp instant) : instant_(instant) {}
  domain::Timestamp now() const override { return instant_; }

 private:
  domain::Timestamp instant_;
};

class OsTimeZones final : public app::TimeZones {
 public:
  bool is_known(std::string_view zone) const override;
  domain::Date local_date(domain::Timestamp instant, std::string_view zone) const override;
  domain::Timestamp start_of_day(domain::Date date, std::string_view zone) const override;
};

class SodiumSecrets final : public app::Secrets {
 public:
  SodiumSecrets();  // initialises libsodium; throws when it cannot
  std::string hash_password(std::string_view password) const override;
  bool verify_password(std::string_view hash, std::string_view password) const override;
  std::string random_secret(std::size_t bytes) const override;
  std::string sha256_hex(std::string_view data) const override;
  std::string sha256_hex(app::ByteSource& data) const override;
};

}  // namespace turnus::platform

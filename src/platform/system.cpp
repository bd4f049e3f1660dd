#include "platform/system.hpp"

#include <sys/resource.h>

#include <sodium.h>

#include <date/tz.h>
#include <chrono>
#include <stdexcept>
#include <string>

#include "domain/error.hpp"

namespace turnus::platform {

unsigned long raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<unsigned long>(limit.rlim_cur);
}

using domain::Error;
using domain::ErrorKind;

domain::Timestamp SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(std::string(zone));
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

const date::time_zone& zone_or_throw(std::string_view zone) {
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) {
    throw Error(ErrorKind::validation,
                {"Unbekannte Zeitzone: " + std::string(zone), "Unknown time zone: " + std::string(zone)},
                {{"time_zone", {"Unbekannte Zeitzone.", "Unknown time zone."}}});
  }
  return *tz;
}
}  // namespace

bool OsTimeZones::is_known(std::string_view zone) const { return !zone.empty() && find_zone(zone) != nullptr; }

domain::Date OsTimeZones::local_date(domain::Timestamp instant, std::string_view zone) const {
  const date::time_zone& tz = zone_or_throw(zone);
  const auto local = tz.to_local(date::sys_seconds{std::chrono::seconds{instant}});
  const auto day = date::floor<date::days>(local);
  return domain::Date::from_days(static_cast<std::int32_t>(day.time_since_epoch().count()));
}

domain::Timestamp OsTimeZones::start_of_day(domain::Date day, std::string_view zone) const {
  const date::time_zone& tz = zone_or_throw(zone);
  const date::local_seconds midnight{date::local_days{date::days{day.days()}}};
  const date::local_info info = tz.get_info(midnight);
  date::sys_seconds instant;
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // midnight happens twice: the first one counts
      instant = date::sys_seconds{midnight.time_since_epoch() - info.first.offset};
      break;
    case date::local_info::nonexistent:  // midnight skipped: the day starts when the gap ends
      instant = info.second.begin;
      break;
  }
  return instant.time_since_epoch().count();
}

SodiumSecrets::SodiumSecrets() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string SodiumSecrets::hash_password(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  // Interactive limits: about 64 MiB and well under a second per login on a small server.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error(ErrorKind::internal, {"Passwort-Hash fehlgeschlagen.", "Password hashing failed (out of memory)."});
  }
  return out;
}

bool SodiumSecrets::verify_password(std::string_view hash, std::string_view password) const {
  const std::string stored(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

std::string SodiumSecrets::random_secret(std::size_t bytes) const {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string SodiumSecrets::sha256_hex(std::string_view data) const {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string SodiumSecrets::sha256_hex(app::ByteSource& data) const {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  data.rewind();
  std::string piece(std::size_t{64} * 1024, '\0');
  while (const std::size_t n = data.read(piece.data(), piece.size())) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(piece.data()), n);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace turnus::platform

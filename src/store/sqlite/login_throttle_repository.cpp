#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

std::vector<domain::Timestamp> times(Statement& s) {
  std::vector<domain::Timestamp> out;
  while (s.step()) out.push_back(s.int64(0));
  return out;
}

}  // namespace

void SqliteLoginThrottleRepository::record_failure(const std::string& account, const std::string& address,
                                                   domain::Timestamp at) {
  conn_.prepare("INSERT INTO login_failures (account, address, failed_at) VALUES (?, ?, ?)")
      .bind_all(account, address, at)
      .run();
}

std::vector<domain::Timestamp> SqliteLoginThrottleRepository::pair_failures(const std::string& account,
                                                                            const std::string& address,
                                                                            domain::Timestamp since) {
  Statement s = conn_.prepare(
      "SELECT failed_at FROM login_failures WHERE account = ? AND address = ? AND failed_at > ? ORDER BY failed_at");
  s.bind_all(account, address, since);
  return times(s);
}

std::vector<domain::Timestamp> SqliteLoginThrottleRepository::account_failures(const std::string& account,
                                                                               domain::Timestamp since) {
  Statement s =
      conn_.prepare("SELECT failed_at FROM login_failures WHERE account = ? AND failed_at > ? ORDER BY failed_at");
  s.bind_all(account, since);
  return times(s);
}

std::vector<domain::Timestamp> SqliteLoginThrottleRepository::address_failures(const std::string& address,
                                                                               domain::Timestamp since) {
  Statement s =
      conn_.prepare("SELECT failed_at FROM login_failures WHERE address = ? AND failed_at > ? ORDER BY failed_at");
  s.bind_all(address, since);
  return times(s);
}

void SqliteLoginThrottleRepository::clear_pair(const std::string& account, const std::string& address) {
  conn_.prepare("DELETE FROM login_failures WHERE account = ? AND address = ?").bind_all(account, address).run();
}

void SqliteLoginThrottleRepository::remember_pair(const std::string& pair, domain::Timestamp expires_at) {
  conn_
      .prepare(
          "INSERT INTO login_known_pairs (pair, expires_at) VALUES (?, ?) "
          "ON CONFLICT (pair) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)")
      .bind_all(pair, expires_at)
      .run();
}

bool SqliteLoginThrottleRepository::is_known_pair(const std::string& pair, domain::Timestamp now) {
  Statement s = conn_.prepare("SELECT 1 FROM login_known_pairs WHERE pair = ? AND expires_at > ?");
  s.bind_all(pair, now);
  return s.step();
}

void SqliteLoginThrottleRepository::prune(domain::Timestamp failures_before, domain::Timestamp now) {
  conn_.prepare("DELETE FROM login_failures WHERE failed_at <= ?").bind(failures_before).run();
  conn_.prepare("DELETE FROM login_known_pairs WHERE expires_at <= ?").bind(now).run();
}

}  // namespace turnus::store::sqlite

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

void SqliteLoginThrottleRepository::record_failure(const std::string& account, const std::string& address,
                                                   domain::Timestamp at) {
  conn_.prepare("INSERT INTO login_failures (account, address, failed_at) VALUES (?, ?, ?)")
      .bind_all(account, address, at)
      .run();
}

std::vector<domain::Timestamp> SqliteLoginThrottleRepository::account_failures(const std::string& account,
                                                                               domain::Timestamp since) {
  Statement s =
      conn_.prepare("SELECT failed_at FROM login_failures WHERE account = ? AND failed_at > ? ORDER BY failed_at");
  s.bind_all(account, since);
  std::vector<domain::Timestamp> out;
  while (s.step()) out.push_back(s.int64(0));
  return out;
}

std::vector<domain::Timestamp> SqliteLoginThrottleRepository::address_failures(const std::string& address,
                                                                               domain::Timestamp since) {
  Statement s =
      conn_.prepare("SELECT failed_at FROM login_failures WHERE address = ? AND failed_at > ? ORDER BY failed_at");
  s.bind_all(address, since);
  std::vector<domain::Timestamp> out;
  while (s.step()) out.push_back(s.int64(0));
  return out;
}

void SqliteLoginThrottleRepository::clear_account(const std::string& account) {
  conn_.prepare("DELETE FROM login_failures WHERE account = ?").bind(account).run();
}

void SqliteLoginThrottleRepository::prune(domain::Timestamp before) {
  conn_.prepare("DELETE FROM login_failures WHERE failed_at <= ?").bind(before).run();
}

}  // namespace turnus::store::sqlite

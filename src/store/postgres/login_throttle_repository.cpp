#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

std::vector<domain::Timestamp> times(const Result& r) {
  std::vector<domain::Timestamp> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (const Row row : r) out.push_back(row.int64(0));
  return out;
}

}  // namespace

void PgLoginThrottleRepository::record_failure(const std::string& account, const std::string& address,
                                               domain::Timestamp at) {
  conn_.query("INSERT INTO login_failures (account, address, failed_at) VALUES ($1, $2, $3)")
      .bind_all(account, address, at)
      .run();
}

std::vector<domain::Timestamp> PgLoginThrottleRepository::account_failures(const std::string& account,
                                                                           domain::Timestamp since) {
  return times(
      conn_.query("SELECT failed_at FROM login_failures WHERE account = $1 AND failed_at > $2 ORDER BY failed_at")
          .bind_all(account, since)
          .run());
}

std::vector<domain::Timestamp> PgLoginThrottleRepository::address_failures(const std::string& address,
                                                                           domain::Timestamp since) {
  return times(
      conn_.query("SELECT failed_at FROM login_failures WHERE address = $1 AND failed_at > $2 ORDER BY failed_at")
          .bind_all(address, since)
          .run());
}

void PgLoginThrottleRepository::clear_account(const std::string& account) {
  conn_.query("DELETE FROM login_failures WHERE account = $1").bind(account).run();
}

void PgLoginThrottleRepository::prune(domain::Timestamp before) {
  conn_.query("DELETE FROM login_failures WHERE failed_at <= $1").bind(before).run();
}

}  // namespace turnus::store::postgres

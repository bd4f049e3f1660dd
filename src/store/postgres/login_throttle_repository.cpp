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

std::vector<domain::Timestamp> PgLoginThrottleRepository::pair_failures(const std::string& account,
                                                                        const std::string& address,
                                                                        domain::Timestamp since) {
  return times(conn_
                   .query("SELECT failed_at FROM login_failures WHERE account = $1 AND address = $2 AND failed_at > $3 "
                          "ORDER BY failed_at")
                   .bind_all(account, address, since)
                   .run());
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

void PgLoginThrottleRepository::clear_pair(const std::string& account, const std::string& address) {
  conn_.query("DELETE FROM login_failures WHERE account = $1 AND address = $2").bind_all(account, address).run();
}

void PgLoginThrottleRepository::remember_pair(const std::string& pair, domain::Timestamp expires_at) {
  conn_
      .query(
          "INSERT INTO login_known_pairs (pair, expires_at) VALUES ($1, $2) "
          "ON CONFLICT (pair) DO UPDATE SET expires_at = greatest(login_known_pairs.expires_at, excluded.expires_at)")
      .bind_all(pair, expires_at)
      .run();
}

bool PgLoginThrottleRepository::is_known_pair(const std::string& pair, domain::Timestamp now) {
  return !conn_.query("SELECT 1 FROM login_known_pairs WHERE pair = $1 AND expires_at > $2")
              .bind_all(pair, now)
              .run()
              .empty();
}

void PgLoginThrottleRepository::prune(domain::Timestamp failures_before, domain::Timestamp now) {
  conn_.query("DELETE FROM login_failures WHERE failed_at <= $1").bind(failures_before).run();
  conn_.query("DELETE FROM login_known_pairs WHERE expires_at <= $1").bind(now).run();
}

}  // namespace turnus::store::postgres

// Password logins, browser sessions and the current user.
//
// Rate limit: a failed login is recorded in the database (LoginThrottleRepository), so every
// server instance on it counts the same failures. The attempt is recorded as a failure
// before the password is checked and taken back on success, so concurrent attempts cannot
// slip past the count while the (slow) password check of the others is still running.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "app/rules.hpp"
#include "app/use_cases.hpp"

namespace turnus::app {

using domain::Error;
using domain::ErrorKind;
using domain::Timestamp;

namespace {

constexpr Timestamp kMinute = 60;
constexpr Timestamp kHour = 60 * kMinute;
// A session lasts this long after its last use…
constexpr Timestamp kSessionIdle = 12 * kHour;
// …but never longer than this after the login.
constexpr Timestamp kSessionMax = kHour * 24 * 7;
// Use is written at most this often: not one write per request.
constexpr Timestamp kTouchInterval = kMinute;

constexpr Timestamp kFailureWindow = 15 * kMinute;
constexpr std::size_t kMaxAccountFailures = 5;
constexpr std::size_t kMaxAddressFailures = 20;

constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxSecretLength = 200;

Error wrong_credentials() {
  return Error(ErrorKind::unauthenticated,
               {"E-Mail-Adresse oder Passwort ist falsch.", "The e-mail address or the password is wrong."});
}

// Seconds until enough of `failures` (oldest first, all inside the window) have left the
// window for one more attempt; nullopt when an attempt is allowed now.
std::optional<Timestamp> retry_after(const std::vector<Timestamp>& failures, std::size_t limit, Timestamp now) {
  if (failures.size() < limit) return std::nullopt;
  const Timestamp leaves = failures[failures.size() - limit] + kFailureWindow;
  return std::max<Timestamp>(1, leaves - now);
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// The throttle's keys: hashes, so the table holds neither e-mail addresses nor client
// addresses. The e-mail is folded like the users table compares it (ASCII, NOCASE), so
// "Chef@…" and "chef@…" are one account.
std::string account_key(const Secrets& secrets, const std::string& email) {
  return secrets.sha256_hex("account:" + ascii_lower(rules::trimmed(email)));
}
std::string address_key(const Secrets& secrets, const std::string& address) {
  return secrets.sha256_hex("address:" + address);
}

// A valid argon2id hash of nothing anyone knows: checking a password against it for an
// unknown e-mail takes as long as a real check, so the answer's timing does not tell which
// addresses have an account. Computed once, with the first Secrets that asks (every
// implementation produces the same format).
const std::string& dummy_hash(const Secrets& secrets) {
  static const std::string hash = secrets.hash_password(secrets.random_secret(kSecretBytes));
  return hash;
}

bool expired(const domain::Session& session, Timestamp now) {
  return now >= session.expires_at || now >= session.created_at + kSessionMax;
}

}  // namespace

SessionStart UseCases::login(const std::string& email, const std::string& password, const std::string& client_address) {
  const Timestamp now = s_.clock.now();
  const std::string login_email = rules::trimmed(email);
  const std::string account = account_key(s_.secrets, login_email);
  const std::string address = address_key(s_.secrets, client_address);

  struct Gate {
    std::optional<Timestamp> retry_after;
    std::optional<domain::User> user;
  };
  const Gate gate = write(s_.db, [&](Tx& tx) {
    Gate g;
    LoginThrottleRepository& throttle = tx.login_throttle();
    const Timestamp since = now - kFailureWindow;
    const std::optional<Timestamp> by_account =
        retry_after(throttle.account_failures(account, since), kMaxAccountFailures, now);
    const std::optional<Timestamp> by_address =
        retry_after(throttle.address_failures(address, since), kMaxAddressFailures, now);
    if (by_account || by_address) {
      // Refused attempts are not recorded: the window ends when it said it would.
      g.retry_after = std::max(by_account.value_or(0), by_address.value_or(0));
      return g;
    }
    throttle.prune(since);
    throttle.record_failure(account, address, now);
    if (!login_email.empty() && login_email.size() <= rules::kMaxEmail) g.user = tx.users().find_by_email(login_email);
    return g;
  });
  if (gate.retry_after) throw Error::rate_limited(*gate.retry_after);

  // Outside any transaction: argon2id is deliberately slow.
  const bool has_password = gate.user && !gate.user->password_hash.empty();
  const bool verified =
      password.size() <= rules::kMaxPassword &&
      s_.secrets.verify_password(has_password ? gate.user->password_hash : dummy_hash(s_.secrets), password);
  if (!verified || !has_password || !gate.user->active) throw wrong_credentials();

  SessionStart start;
  start.secret = s_.secrets.random_secret(kSecretBytes);
  start.csrf_token = s_.secrets.random_secret(kSecretBytes);
  start.expires_at = now + kSessionIdle;
  const std::string secret_hash = s_.secrets.sha256_hex(start.secret);
  start.user = write(s_.db, [&](Tx& tx) {
    // Deactivated while the password was being checked: no session.
    const std::optional<domain::User> user = tx.users().find(gate.user->organisation_id, gate.user->id);
    if (!user || !user->active) throw wrong_credentials();
    tx.login_throttle().clear_account(account);
    tx.sessions().remove_expired(now);
    const domain::Session session = tx.sessions().add(
        {0, user->organisation_id, user->id, secret_hash, start.csrf_token, now, start.expires_at, now});
    tx.audit().add({0, user->organisation_id, user->id, "session.create", "session", session.id, "{}", now});
    return *user;
  });
  return start;
}

std::optional<SessionInfo> UseCases::authenticate_session(const std::string& secret) {
  if (secret.empty() || secret.size() > kMaxSecretLength) return std::nullopt;
  const std::string hash = s_.secrets.sha256_hex(secret);
  const Timestamp now = s_.clock.now();

  struct Found {
    domain::Session session;
    domain::User user;
  };
  const std::optional<Found> found = read(s_.db, [&](Tx& tx) -> std::optional<Found> {
    std::optional<domain::Session> session = tx.sessions().find_by_hash(hash);
    if (!session) return std::nullopt;
    std::optional<domain::User> user = tx.users().find(session->organisation_id, session->user_id);
    if (!user) return std::nullopt;
    return Found{std::move(*session), std::move(*user)};
  });
  if (!found || expired(found->session, now) || !found->user.active) return std::nullopt;

  const domain::Session& session = found->session;
  if (now - session.last_seen_at >= kTouchInterval) {
    const Timestamp expires_at = std::min(now + kSessionIdle, session.created_at + kSessionMax);
    write(s_.db, [&](Tx& tx) { tx.sessions().touch(session.organisation_id, session.id, now, expires_at); });
  }
  return SessionInfo{Actor{found->user.organisation_id, found->user.id, found->user.role}, session.csrf_token};
}

void UseCases::logout(const std::string& secret) {
  if (secret.empty() || secret.size() > kMaxSecretLength) return;
  const std::string hash = s_.secrets.sha256_hex(secret);
  const Timestamp now = s_.clock.now();
  write(s_.db, [&](Tx& tx) {
    const std::optional<domain::Session> removed = tx.sessions().remove_by_hash(hash);
    if (removed) {
      tx.audit().add(
          {0, removed->organisation_id, removed->user_id, "session.delete", "session", removed->id, "{}", now});
    }
  });
}

domain::User UseCases::me(const Actor& actor) {
  if (!actor.user_id) throw Error::not_found("Benutzer", "User");
  return read(s_.db, [&](Tx& tx) {
    std::optional<domain::User> user = tx.users().find(actor.organisation_id, *actor.user_id);
    if (!user) throw Error::not_found("Benutzer", "User");
    return std::move(*user);
  });
}

}  // namespace turnus::app

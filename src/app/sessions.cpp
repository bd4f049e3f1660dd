// Password logins, browser sessions and the current user.
//
// The login throttle (docs/api.md, "Login throttle") is built so that a stranger cannot
// lock the owner out of an account, while guessing stays slow:
// - Failures are counted per (account, address) pair: the e-mail address as typed (folded)
//   and the client's network (its IPv4 address, or the /64 of an IPv6 address, which one
//   host can change at will). A pair's first kFreePairFailures failures cost nothing;
//   after that each further attempt of the pair waits kFirstDelay, doubling with every
//   failure up to kMaxDelay, counted from the pair's last failure (429 + Retry-After in
//   the meantime). Nothing is ever refused outright for longer than kMaxDelay.
// - A pair that logged in successfully before (remembered, hashed, for kKnownPairLifetime
//   after its last success) is held back only by its own failures: the ceilings below,
//   which other people's failures fill, never apply to it.
// - Against spraying: an address with kMaxAddressFailures failures within kAddressWindow
//   (over all accounts), or an account with kMaxAccountFailures failures within
//   kAccountWindow (from all addresses), makes pairs that are not known wait until the
//   oldest of those failures leaves the window.
// The attempt is recorded as a failure before the password is checked and taken back on
// success, so concurrent attempts cannot slip past the count while the (slow) password
// checks of the others are still running. Every refusal is logged (spdlog warn) with the
// client address and the start of the account's hash, never the e-mail or the password.
//
// E-mail addresses are unique per organisation only (docs/adr/0010): the login checks the
// password against every account with the address and starts a session when exactly one
// active account matches. When accounts of several organisations match, it asks for
// `organisation` and names those organisations — what the right password already proves.
// Every login runs at least kPasswordChecks argon2id checks (against a dummy hash where
// there are fewer accounts), so the answer takes as long whether the address has no
// account, one, or one in each of two organisations.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdio>
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
constexpr Timestamp kDay = 24 * kHour;
// A session lasts this long after its last use…
constexpr Timestamp kSessionIdle = 12 * kHour;
// …but never longer than this after the login.
constexpr Timestamp kSessionMax = kHour * 24 * 7;
// Use is written at most this often: not one write per request.
constexpr Timestamp kTouchInterval = kMinute;

// The throttle's numbers (see the top of the file).
constexpr std::size_t kFreePairFailures = 3;
constexpr Timestamp kFirstDelay = 5;
constexpr Timestamp kMaxDelay = 15 * kMinute;
constexpr Timestamp kPairWindow = kDay;
constexpr std::size_t kMaxAddressFailures = 100;
constexpr Timestamp kAddressWindow = 15 * kMinute;
constexpr std::size_t kMaxAccountFailures = 100;
constexpr Timestamp kAccountWindow = kHour;
constexpr Timestamp kKnownPairLifetime = 90 * kDay;
constexpr std::size_t kPasswordChecks = 2;

constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxSecretLength = 200;

Error wrong_credentials() {
  return Error(ErrorKind::unauthenticated,
               {"E-Mail-Adresse oder Passwort ist falsch.", "The e-mail address or the password is wrong."});
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// The parts of an IPv6 address (without zone or brackets), or nullopt when it is none.
std::optional<std::array<unsigned, 8>> parse_ipv6(const std::string& text) {
  std::array<unsigned, 8> groups{};
  std::vector<unsigned> head, tail;
  const std::size_t gap = text.find("::");
  if (gap != std::string::npos && text.find("::", gap + 1) != std::string::npos) return std::nullopt;
  const auto parse_groups = [](const std::string& part, std::vector<unsigned>& out) {
    if (part.empty()) return true;
    std::size_t start = 0;
    while (start <= part.size()) {
      const std::size_t colon = std::min(part.find(':', start), part.size());
      const std::string group = part.substr(start, colon - start);
      if (group.empty() || group.size() > 4 || group.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        return false;
      }
      out.push_back(static_cast<unsigned>(std::stoul(group, nullptr, 16)));
      start = colon + 1;
    }
    return true;
  };
  if (gap == std::string::npos) {
    if (!parse_groups(text, head) || head.size() != 8) return std::nullopt;
  } else if (!parse_groups(text.substr(0, gap), head) || !parse_groups(text.substr(gap + 2), tail) ||
             head.size() + tail.size() > 7) {
    return std::nullopt;
  }
  std::copy(head.begin(), head.end(), groups.begin());
  std::copy(tail.begin(), tail.end(), groups.end() - static_cast<std::ptrdiff_t>(tail.size()));
  return groups;
}

// What the throttle counts as one client: an IPv4 address as it is, an IPv6 address by its
// /64 (one host can pick any address in its network), an IPv4-mapped IPv6 address as the
// IPv4 address; anything else as given.
std::string network_of(std::string address) {
  if (address.size() > 2 && address.front() == '[' && address.back() == ']')
    address = address.substr(1, address.size() - 2);
  if (const std::size_t zone = address.find('%'); zone != std::string::npos) address.resize(zone);
  if (address.find(':') == std::string::npos) return address;
  const std::string lower = ascii_lower(address);
  if (lower.starts_with("::ffff:") && lower.find('.') != std::string::npos) return lower.substr(7);
  const std::optional<std::array<unsigned, 8>> groups = parse_ipv6(lower);
  if (!groups) return address;
  char out[48];
  std::snprintf(out, sizeof out, "%x:%x:%x:%x::/64", (*groups)[0], (*groups)[1], (*groups)[2], (*groups)[3]);
  return out;
}

// The throttle's keys: hashes, so the tables hold neither e-mail addresses nor client
// addresses. The e-mail is folded like the users table compares it (ASCII, NOCASE), so
// "Chef@…" and "chef@…" are one account.
std::string account_key(const Secrets& secrets, const std::string& email) {
  return secrets.sha256_hex("account:" + ascii_lower(rules::trimmed(email)));
}
std::string address_key(const Secrets& secrets, const std::string& network) {
  return secrets.sha256_hex("address:" + network);
}
std::string pair_key(const Secrets& secrets, const std::string& account, const std::string& address) {
  return secrets.sha256_hex("pair:" + account + ":" + address);
}

// How long a pair with `failures` recent failures waits after its last one.
Timestamp pair_delay(std::size_t failures) {
  if (failures < kFreePairFailures) return 0;
  Timestamp delay = kFirstDelay;
  for (std::size_t n = kFreePairFailures; n < failures && delay < kMaxDelay; ++n) delay *= 2;
  return std::min(delay, kMaxDelay);
}

struct Refusal {
  Timestamp retry_after = 0;
  const char* reason = "";
};

// Seconds until the oldest failure that holds the ceiling leaves its window, or nothing.
std::optional<Timestamp> over_ceiling(const std::vector<Timestamp>& failures, std::size_t limit, Timestamp window,
                                      Timestamp now) {
  if (failures.size() < limit) return std::nullopt;
  return std::max<Timestamp>(1, failures[failures.size() - limit] + window - now);
}

std::optional<Refusal> throttled(LoginThrottleRepository& throttle, bool known_pair, const std::string& account,
                                 const std::string& address, Timestamp now) {
  std::optional<Refusal> refusal;
  const auto consider = [&](std::optional<Timestamp> wait, const char* reason) {
    if (wait && (!refusal || *wait > refusal->retry_after)) refusal = Refusal{*wait, reason};
  };
  const std::vector<Timestamp> own = throttle.pair_failures(account, address, now - kPairWindow);
  if (!own.empty()) {
    const Timestamp ready = own.back() + pair_delay(own.size());
    if (now < ready) consider(ready - now, "the pair's own failures");
  }
  if (!known_pair) {
    consider(over_ceiling(throttle.address_failures(address, now - kAddressWindow), kMaxAddressFailures, kAddressWindow,
                          now),
             "the address's failures over all accounts");
    consider(over_ceiling(throttle.account_failures(account, now - kAccountWindow), kMaxAccountFailures, kAccountWindow,
                          now),
             "the account's failures from all addresses");
  }
  return refusal;
}

// A valid argon2id hash of nothing anyone knows: checking a password against it where an
// account is missing takes as long as a real check, so the answer's timing does not tell
// which addresses have an account. Computed once, with the first Secrets that asks (every
// implementation produces the same format).
const std::string& dummy_hash(const Secrets& secrets) {
  static const std::string hash = secrets.hash_password(secrets.random_secret(kSecretBytes));
  return hash;
}

bool expired(const domain::Session& session, Timestamp now) {
  return now >= session.expires_at || now >= session.created_at + kSessionMax;
}

bool same_name(const std::string& a, const std::string& b) {
  return ascii_lower(rules::trimmed(a)) == ascii_lower(rules::trimmed(b));
}

struct Candidate {
  domain::User user;
  std::string organisation;  // its name
};

}  // namespace

SessionStart UseCases::login(const std::string& email, const std::string& password, const std::string& client_address,
                             const std::string& organisation) {
  const Timestamp now = s_.clock.now();
  const std::string login_email = rules::trimmed(email);
  const std::string account = account_key(s_.secrets, login_email);
  const std::string address = address_key(s_.secrets, network_of(client_address));
  const std::string pair = pair_key(s_.secrets, account, address);

  struct Gate {
    std::optional<Refusal> refusal;
    std::vector<Candidate> candidates;
  };
  const Gate gate = write(s_.db, [&](Tx& tx) {
    Gate g;
    LoginThrottleRepository& throttle = tx.login_throttle();
    g.refusal = throttled(throttle, throttle.is_known_pair(pair, now), account, address, now);
    // Refused attempts are not recorded: the wait ends when it said it would.
    if (g.refusal) return g;
    throttle.prune(now - kPairWindow, now);
    throttle.record_failure(account, address, now);
    if (login_email.empty() || login_email.size() > rules::kMaxEmail) return g;
    for (domain::User& user : tx.users().with_email(login_email)) {
      const std::optional<domain::Organisation> org = tx.organisations().find(user.organisation_id);
      if (!org || (!organisation.empty() && !same_name(org->name, organisation))) continue;
      g.candidates.push_back({std::move(user), org->name});
    }
    return g;
  });
  if (gate.refusal) {
    spdlog::warn("login throttled by {}: account {}… from {}, retry after {} s", gate.refusal->reason,
                 account.substr(0, 12), client_address, gate.refusal->retry_after);
    throw Error::rate_limited(gate.refusal->retry_after);
  }

  // Outside any transaction: argon2id is deliberately slow.
  std::vector<const Candidate*> matches;
  const bool checkable = password.size() <= rules::kMaxPassword;
  std::size_t checks = 0;
  for (const Candidate& c : gate.candidates) {
    if (c.user.password_hash.empty()) continue;
    ++checks;
    if (checkable && s_.secrets.verify_password(c.user.password_hash, password) && c.user.active) {
      matches.push_back(&c);
    }
  }
  for (; checks < kPasswordChecks; ++checks) {
    if (checkable) s_.secrets.verify_password(dummy_hash(s_.secrets), password);
  }
  if (matches.empty()) throw wrong_credentials();

  if (matches.size() > 1) {
    // The right password: no failure to count, but no session before the choice.
    write(s_.db, [&](Tx& tx) { tx.login_throttle().clear_pair(account, address); });
    std::string de, en;
    for (const Candidate* c : matches) {
      de += (de.empty() ? "" : ", ") + c->organisation;
    }
    en = de;
    throw Error::validation(
        {{"organisation",
          {"Diese Anmeldedaten gehören zu mehreren Organisationen (" + de + "). Bitte die Organisation angeben.",
           "These credentials belong to several organisations (" + en + "). Please name the organisation."}}});
  }
  const domain::User& matched = matches.front()->user;

  SessionStart start;
  start.secret = s_.secrets.random_secret(kSecretBytes);
  start.csrf_token = s_.secrets.random_secret(kSecretBytes);
  start.expires_at = now + kSessionIdle;
  const std::string secret_hash = s_.secrets.sha256_hex(start.secret);
  start.user = write(s_.db, [&](Tx& tx) {
    // Deactivated while the password was being checked: no session.
    const std::optional<domain::User> user = tx.users().find(matched.organisation_id, matched.id);
    if (!user || !user->active) throw wrong_credentials();
    tx.login_throttle().clear_pair(account, address);
    tx.login_throttle().remember_pair(pair, now + kKnownPairLifetime);
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

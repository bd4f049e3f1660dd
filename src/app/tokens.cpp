// API tokens: created by the command line or by an admin, listed without their secrets,
// revoked for good. A token authenticates as its user while that user is active, until it
// expires or is revoked; deactivating the user revokes every token of theirs (reactivating
// brings none back). The secret is shown once: only its SHA-256 is stored.
#include <string>
#include <vector>

#include "app/permissions.hpp"
#include "app/rules.hpp"
#include "app/use_cases.hpp"

namespace turnus::app {

using domain::Error;
using domain::Timestamp;

namespace {

constexpr Timestamp kDay = Timestamp{24} * 60 * 60;
// last_used_at is written at most this often, not on every request.
constexpr Timestamp kTouchInterval = 60;
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxSecretLength = 200;
constexpr std::size_t kMaxLabel = 200;

void check_token_input(domain::Violations& v, const std::string& label, std::optional<int> expires_in_days,
                       const char* days_field) {
  rules::check_optional_text(v, "label", label, "Die Bezeichnung", "The label", kMaxLabel, false);
  if (expires_in_days && (*expires_in_days < kMinTokenDays || *expires_in_days > kMaxTokenDays)) {
    v.add(days_field, "Die Gültigkeit muss 1 bis 3650 Tage betragen.", "The lifetime must be 1 to 3650 days.");
  }
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

Error token_not_found() { return Error::not_found("API-Token", "API token"); }

TokenInfo info_of(Tx& tx, const domain::ApiToken& token) {
  TokenInfo info{token, "", ""};
  if (const std::optional<domain::User> user = tx.users().find(token.organisation_id, token.user_id)) {
    info.user_name = user->name;
    info.user_email = user->email;
  }
  return info;
}

// The user the command line means by an e-mail address and, where the address is in
// several organisations, an organisation name.
domain::User user_by_email(Tx& tx, const std::string& email, const std::string& organisation) {
  const std::string address = rules::trimmed(email);
  std::vector<domain::User> found;
  std::string names;
  for (domain::User& user : tx.users().with_email(address)) {
    const std::optional<domain::Organisation> org = tx.organisations().find(user.organisation_id);
    if (!org) continue;
    if (!organisation.empty() && ascii_lower(rules::trimmed(org->name)) != ascii_lower(rules::trimmed(organisation))) {
      continue;
    }
    names += (names.empty() ? "" : ", ") + org->name;
    found.push_back(std::move(user));
  }
  if (found.empty()) throw Error::not_found("Benutzer " + address, "User " + address);
  if (found.size() > 1) {
    throw Error::validation(
        {{"org",
          {"Die E-Mail-Adresse gehört zu Benutzern mehrerer Organisationen (" + names +
               "); bitte eine mit --org nennen.",
           "The e-mail address belongs to users of several organisations (" + names + "); name one with --org."}}});
  }
  return std::move(found.front());
}

}  // namespace

CreatedToken UseCases::issue_token(Tx& tx, const domain::User& user, const std::string& label,
                                   std::optional<int> expires_in_days, std::optional<Id> by, Timestamp now,
                                   const std::string& secret) const {
  domain::ApiToken token{0, user.organisation_id, user.id, label, s_.secrets.sha256_hex(secret), now};
  if (expires_in_days) token.expires_at = now + Timestamp{*expires_in_days} * kDay;
  token = tx.tokens().add(token);
  tx.audit().add({0, user.organisation_id, by, "token.create", "api_token", token.id,
                  R"({"user_id":)" + std::to_string(user.id) + "}", now});
  return {TokenInfo{token, user.name, user.email}, secret};
}

CreatedToken UseCases::create_token(const TokenRequest& request) {
  domain::Violations v;
  check_token_input(v, request.label, request.expires_in_days, "expires_in_days");
  v.throw_if_any();
  const std::string secret = "tn_" + s_.secrets.random_secret(kSecretBytes);
  const Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    const domain::User user = user_by_email(tx, request.email, request.organisation);
    if (!user.active) throw Error::not_found("Benutzer " + user.email, "User " + user.email);
    return issue_token(tx, user, request.label, request.expires_in_days, std::nullopt, now, secret);
  });
}

std::string UseCases::create_token(const std::string& email, const std::string& label) {
  return create_token(TokenRequest{email, "", label, std::nullopt}).secret;
}

std::vector<TokenInfo> UseCases::user_tokens(const std::string& email, const std::string& organisation) {
  return read(s_.db, [&](Tx& tx) {
    const domain::User user = user_by_email(tx, email, organisation);
    std::vector<TokenInfo> out;
    for (const domain::ApiToken& t : tx.tokens().list(user.organisation_id, user.id)) {
      out.push_back({t, user.name, user.email});
    }
    return out;
  });
}

void UseCases::revoke_token(Id id) {
  const Timestamp now = s_.clock.now();
  write(s_.db, [&](Tx& tx) {
    const std::optional<domain::ApiToken> token = tx.tokens().find_any(id);
    if (!token || !tx.tokens().revoke(token->organisation_id, id, now)) throw token_not_found();
    tx.audit().add({0, token->organisation_id, std::nullopt, "token.revoke", "api_token", id, "{}", now});
  });
}

std::vector<TokenInfo> UseCases::list_tokens(const Actor& actor) {
  require(actor, Permission::manage_people);
  return read(s_.db, [&](Tx& tx) {
    std::vector<TokenInfo> out;
    for (const domain::ApiToken& t : tx.tokens().list(actor.organisation_id, std::nullopt)) {
      out.push_back(info_of(tx, t));
    }
    return out;
  });
}

TokenInfo UseCases::get_token(const Actor& actor, Id id) {
  require(actor, Permission::manage_people);
  return read(s_.db, [&](Tx& tx) {
    const std::optional<domain::ApiToken> token = tx.tokens().find(actor.organisation_id, id);
    if (!token || token->revoked_at) throw token_not_found();
    return info_of(tx, *token);
  });
}

CreatedToken UseCases::create_token(const Actor& actor, Id user_id, const std::string& label,
                                    std::optional<int> expires_in_days) {
  require(actor, Permission::manage_people);
  const std::string trimmed_label = rules::trimmed(label);
  domain::Violations v;
  check_token_input(v, trimmed_label, expires_in_days, "expires_in_days");
  v.throw_if_any();
  const std::string secret = "tn_" + s_.secrets.random_secret(kSecretBytes);
  const Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    const std::optional<domain::User> user = tx.users().find(actor.organisation_id, user_id);
    if (!user || !user->active) {
      throw Error::validation({{"user_id", {"Diesen Mitarbeiter gibt es nicht.", "This employee does not exist."}}});
    }
    return issue_token(tx, *user, trimmed_label, expires_in_days, actor.user_id, now, secret);
  });
}

void UseCases::revoke_token(const Actor& actor, Id id) {
  require(actor, Permission::manage_people);
  const Timestamp now = s_.clock.now();
  write(s_.db, [&](Tx& tx) {
    if (!tx.tokens().revoke(actor.organisation_id, id, now)) throw token_not_found();
    tx.audit().add({0, actor.organisation_id, actor.user_id, "token.revoke", "api_token", id, "{}", now});
  });
}

std::optional<Actor> UseCases::authenticate_token(const std::string& secret) {
  if (secret.empty() || secret.size() > kMaxSecretLength) return std::nullopt;
  const std::string hash = s_.secrets.sha256_hex(secret);
  const Timestamp now = s_.clock.now();
  struct Found {
    domain::ApiToken token;
    Actor actor;
  };
  const std::optional<Found> found = read(s_.db, [&](Tx& tx) -> std::optional<Found> {
    const std::optional<domain::ApiToken> token = tx.tokens().find_by_hash(hash);
    if (!token || token->revoked_at || (token->expires_at && now >= *token->expires_at)) return std::nullopt;
    const std::optional<domain::User> user = tx.users().find(token->organisation_id, token->user_id);
    if (!user || !user->active) return std::nullopt;
    return Found{*token, Actor{user->organisation_id, user->id, user->role}};
  });
  if (!found) return std::nullopt;
  if (!found->token.last_used_at || now - *found->token.last_used_at >= kTouchInterval) {
    write(s_.db, [&](Tx& tx) { tx.tokens().touch(found->token.organisation_id, found->token.id, now); });
  }
  return found->actor;
}

}  // namespace turnus::app

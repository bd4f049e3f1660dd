#include <algorithm>
#include <cctype>

#include "app/rules.hpp"
#include "app/use_cases.hpp"

namespace turnus::app {

using domain::Error;
using domain::ErrorKind;

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// Deliberately simple: one '@', something on both sides, a dot in the domain, no spaces or
// control characters. Deliverability is the mail server's business.
bool plausible_email(const std::string& email) {
  const auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) return false;
  const std::string domain_part = email.substr(at + 1);
  if (domain_part.size() < 3 || domain_part.find('.') == std::string::npos || domain_part.front() == '.' ||
      domain_part.back() == '.') {
    return false;
  }
  return std::none_of(email.begin(), email.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

}  // namespace

UserAdded UseCases::add_user(const NewUser& input) {
  domain::Violations v;
  const std::string org_name = trimmed(input.organisation);
  const std::string email = trimmed(input.email);
  const std::string name = trimmed(input.name);
  rules::check_name(v, "organisation", org_name, "Der Organisationsname", "The organisation name");
  if (!plausible_email(email) || email.size() > 254) {
    v.add("email", "Bitte eine gültige E-Mail-Adresse angeben.", "Please give a valid e-mail address.");
  }
  rules::check_name(v, "name", name, "Der Name", "The name");
  if (!s_.zones.is_known(input.time_zone)) {
    v.add("time_zone", "Unbekannte Zeitzone: " + input.time_zone, "Unknown time zone: " + input.time_zone);
  }
  if (input.password) rules::check_password(v, "password", *input.password, email, s_.common_passwords);
  v.throw_if_any();

  // Hashing is deliberately slow (argon2id); do it before the transaction holds the writer.
  const std::string hash = input.password ? s_.secrets.hash_password(*input.password) : std::string();
  const domain::Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    UserAdded result;
    std::optional<domain::Organisation> org = tx.organisations().find_by_name(org_name);
    if (!org) {
      org = tx.organisations().add({0, org_name, input.time_zone, now});
      result.organisation_created = true;
    }
    result.organisation = *org;
    domain::User user;
    user.organisation_id = org->id;
    user.email = email;
    user.name = name;
    user.role = input.role;
    user.password_hash = hash;
    user.created_at = now;
    result.user = tx.users().add(user);
    tx.audit().add({0, org->id, std::nullopt, "user.create", "user", result.user.id,
                    R"({"role":")" + std::string(domain::to_string(input.role)) + R"("})", now});
    return result;
  });
}

std::optional<Actor> UseCases::authenticate_password(const std::string& email, const std::string& password) {
  const std::vector<domain::User> users = read(s_.db, [&](Tx& tx) { return tx.users().with_email(trimmed(email)); });
  std::optional<Actor> found;
  for (const domain::User& user : users) {
    if (!user.active || user.password_hash.empty() || !s_.secrets.verify_password(user.password_hash, password)) {
      continue;
    }
    if (found) return std::nullopt;  // several organisations: the caller has to name one (login())
    found = Actor{user.organisation_id, user.id, user.role};
  }
  return found;
}

std::optional<DemoLogin> UseCases::ensure_demo_organisation() {
  const bool empty = read(s_.db, [&](Tx& tx) { return tx.organisations().list().empty(); });
  if (!empty) return std::nullopt;
  DemoLogin login{"Demo Heizung & Sanitär GmbH", "admin@demo.turnus.local", s_.secrets.random_secret(12)};
  UserAdded added;
  try {
    added =
        add_user({login.organisation, "Europe/Berlin", login.email, "Demo Admin", domain::Role::admin, login.password});
  } catch (const Error& e) {
    // Another instance starting on the same database created it first.
    if (e.kind() == ErrorKind::conflict) return std::nullopt;
    throw;
  }
  seed_demo_data(Actor{added.user.organisation_id, added.user.id, domain::Role::admin});
  return login;
}

}  // namespace turnus::app

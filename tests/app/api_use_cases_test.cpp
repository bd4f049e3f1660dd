// The use cases behind the HTTP API against real databases (every backend of
// test::test_backends()): sessions and the login rate limit, customers, projects, employees,
// tasks, orders, notifications and documents — their validation, roles, and organisation
// isolation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "app/use_cases.hpp"
#include "platform/password_list.hpp"
#include "platform/system.hpp"
#include "support/temp_database.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using turnus::app::Actor;
using turnus::app::PageRequest;
using turnus::app::Tx;
using turnus::domain::Date;
using turnus::domain::Error;
using turnus::domain::ErrorKind;
using turnus::domain::Id;
using turnus::domain::Role;
using turnus::domain::Timestamp;
using turnus::domain::WorkStatus;

constexpr Timestamp kHour = 3600;
constexpr Timestamp kDay = 24 * kHour;
const std::string kPassword = "correct horse battery";

Date d(const char* text) { return *Date::parse(text); }

// Debian's python3-zxcvbn list, read once for every test, as `turnus serve` reads it.
const turnus::app::PasswordList* common_passwords() {
  static const std::optional<turnus::app::PasswordList> list =
      turnus::platform::read_password_list(turnus::platform::kDebianPasswordList);
  return list ? &*list : nullptr;
}

// A clock the test moves; the use cases read nothing else.
class TestClock final : public turnus::app::Clock {
 public:
  Timestamp now() const override { return now_.load(); }
  void set(Timestamp t) { now_ = t; }
  void advance(Timestamp seconds) { now_ += seconds; }

 private:
  std::atomic<Timestamp> now_{0};
};

template <class F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an Error";
  return Error(ErrorKind::internal, {"none", "none"});
}

template <class F>
ErrorKind error_kind_of(F&& f) {
  return error_of(std::forward<F>(f)).kind();
}

// The fields a validation error names, in order.
template <class F>
std::vector<std::string> fields_of(F&& f) {
  const Error e = error_of(std::forward<F>(f));
  EXPECT_EQ(e.kind(), ErrorKind::validation) << e.what();
  std::vector<std::string> out;
  for (const auto& field : e.fields()) {
    EXPECT_FALSE(field.message.de.empty());
    EXPECT_FALSE(field.message.en.empty());
    out.push_back(field.field);
  }
  return out;
}

template <class T>
std::vector<Id> ids(const turnus::app::Page<T>& page) {
  std::vector<Id> out;
  for (const T& item : page.items) out.push_back(item.id);
  return out;
}

// Password hashing without argon2id, for tests that log in hundreds of times: the hash is
// a SHA-256, and every check is counted (the login's timing is its number of checks).
class FastSecrets final : public turnus::app::Secrets {
 public:
  std::string hash_password(std::string_view password) const override { return "fast$" + real_.sha256_hex(password); }
  bool verify_password(std::string_view hash, std::string_view password) const override {
    ++checks;
    return hash == "fast$" + real_.sha256_hex(password);
  }
  std::string random_secret(std::size_t bytes) const override { return real_.random_secret(bytes); }
  std::string sha256_hex(std::string_view data) const override { return real_.sha256_hex(data); }
  std::string sha256_hex(turnus::app::ByteSource& data) const override { return real_.sha256_hex(data); }
  mutable std::atomic<int> checks{0};

 private:
  turnus::platform::SodiumSecrets real_;
};

FastSecrets& fast_secrets() {
  static FastSecrets secrets;
  return secrets;
}

class ApiUseCasesTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiUseCasesTest() : ApiUseCasesTest(nullptr) {}
  // `secrets`: instead of libsodium's (which the real server uses).
  explicit ApiUseCasesTest(const turnus::app::Secrets* secrets)
      : database_(GetParam()),
        use_cases_({database_.db(), clock_, zones_, secrets != nullptr ? *secrets : secrets_, common_passwords()}) {
    clock_.set(zones_.start_of_day(d("2026-03-02"), "Europe/Berlin") + 9 * kHour);
    admin_ = add("Heizung A", "admin@a.example", Role::admin);
    office_ = add("Heizung A", "office@a.example", Role::office);
    tech_ = add("Heizung A", "tech@a.example", Role::technician);
    tech2_ = add("Heizung A", "tech2@a.example", Role::technician);
    admin_b_ = add("Garage B", "admin@b.example", Role::admin);
  }

  Actor add(const std::string& org, const std::string& email, Role role,
            std::optional<std::string> password = std::nullopt) {
    const auto added = use_cases_.add_user({org, "Europe/Berlin", email, "Name " + email, role, std::move(password)});
    return Actor{added.user.organisation_id, added.user.id, role};
  }
  Id uid(const Actor& a) const { return a.user_id.value(); }

  Id add_task(const Actor& owner, const std::string& title, std::optional<Date> due) {
    return turnus::app::write(database_.db(), [&](Tx& tx) {
      turnus::domain::Task t;
      t.organisation_id = owner.organisation_id;
      t.title = title;
      t.assignee_id = uid(owner);
      t.due_date = due;
      t.created_at = clock_.now();
      return tx.tasks().add(t).id;
    });
  }
  Id add_order(const Actor& owner, const std::string& title, std::optional<Date> due, std::optional<Id> customer) {
    return turnus::app::write(database_.db(), [&](Tx& tx) {
      turnus::domain::Order o;
      o.organisation_id = owner.organisation_id;
      o.title = title;
      o.assignee_id = uid(owner);
      o.due_date = due;
      o.customer_id = customer;
      o.created_at = clock_.now();
      return tx.orders().add(o).id;
    });
  }
  Id add_notification(const Actor& recipient, const std::string& text) {
    return turnus::app::write(database_.db(), [&](Tx& tx) {
      turnus::domain::Notification n;
      n.organisation_id = recipient.organisation_id;
      n.recipient_id = uid(recipient);
      n.text = text;
      n.created_at = clock_.now();
      return tx.notifications().add(n).id;
    });
  }
  Id add_contract(const Actor& actor, std::optional<Id> customer) {
    turnus::domain::ContractDraft x;
    x.name = "Thermenwartung";
    x.customer_id = customer;
    x.start_date = d("2026-03-15");
    x.interval = {turnus::domain::IntervalUnit::year, 1, {}};
    x.action = {turnus::domain::ActionType::notify, uid(actor)};
    return use_cases_.create_contract(actor, x).id();
  }
  std::vector<std::string> audit_actions(Id org) {
    return turnus::app::read(database_.db(), [&](Tx& tx) {
      std::vector<std::string> out;
      for (const auto& entry : tx.audit().recent(org, 100)) out.push_back(entry.action);
      return out;
    });
  }

  turnus::test::TempDatabase database_;
  TestClock clock_;
  turnus::platform::OsTimeZones zones_;
  turnus::platform::SodiumSecrets secrets_;
  turnus::app::UseCases use_cases_;
  Actor admin_, office_, tech_, tech2_, admin_b_;
};

// --- Sessions --------------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, LoginStartsASessionThatAuthenticatesUntilLogout) {
  const Actor pw = add("Heizung A", "pw@a.example", Role::office, kPassword);
  const auto start = use_cases_.login("  PW@a.example ", kPassword, "192.0.2.1");
  EXPECT_EQ(start.user.id, uid(pw));
  EXPECT_GE(start.secret.size(), 32U);
  EXPECT_GE(start.csrf_token.size(), 32U);
  EXPECT_NE(start.secret, start.csrf_token);
  EXPECT_EQ(start.expires_at, clock_.now() + 12 * kHour);

  const auto session = use_cases_.authenticate_session(start.secret);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->actor.user_id, uid(pw));
  EXPECT_EQ(session->actor.organisation_id, pw.organisation_id);
  EXPECT_EQ(session->actor.role, Role::office);
  EXPECT_EQ(session->csrf_token, start.csrf_token);
  EXPECT_EQ(use_cases_.me(session->actor).email, "pw@a.example");
  EXPECT_FALSE(use_cases_.authenticate_session(start.secret + "x"));
  EXPECT_FALSE(use_cases_.authenticate_session(""));
  // The secret is never stored, only its hash.
  EXPECT_EQ(database_.execute("SELECT count(*) FROM sessions WHERE secret_hash = '" + start.secret + "'"), "0");

  use_cases_.logout(start.secret);
  EXPECT_FALSE(use_cases_.authenticate_session(start.secret));
  use_cases_.logout(start.secret);  // twice is fine
  use_cases_.logout("");
  EXPECT_THAT(audit_actions(pw.organisation_id), ::testing::IsSupersetOf({"session.create", "session.delete"}));
}

TEST_P(ApiUseCasesTest, WrongPasswordUnknownEmailAndNoPasswordLookTheSame) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  const Error wrong = error_of([&] { use_cases_.login("pw@a.example", "wrong horse battery", "192.0.2.1"); });
  const Error unknown = error_of([&] { use_cases_.login("nobody@a.example", kPassword, "192.0.2.1"); });
  const Error none = error_of([&] { use_cases_.login("office@a.example", "", "192.0.2.1"); });
  for (const Error& e : {wrong, unknown, none}) {
    EXPECT_EQ(e.kind(), ErrorKind::unauthenticated);
    EXPECT_EQ(e.message().de, wrong.message().de);
    EXPECT_EQ(e.message().en, wrong.message().en);
  }
}

// --- The login throttle (sessions.cpp, docs/api.md "Login throttle") -------------------------

// The same as ApiUseCasesTest, with FastSecrets: the throttle's tests log in hundreds of
// times, which would take argon2id minutes.
class LoginTest : public ApiUseCasesTest {
 protected:
  LoginTest() : ApiUseCasesTest(&fast_secrets()) { fast_secrets().checks = 0; }
};

// Wrong passwords from one address slow down that (account, address) pair only: the owner
// at another address logs in at once, even for the first time.
TEST_P(LoginTest, AStrangersWrongPasswordsDoNotKeepTheOwnerOut) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  int refused = 0;
  for (int i = 0; i < 40; ++i) {
    const ErrorKind kind = error_kind_of([&] { use_cases_.login("pw@a.example", "falsch-falsch", "203.0.113.5"); });
    EXPECT_TRUE(kind == ErrorKind::unauthenticated || kind == ErrorKind::rate_limited);
    if (kind == ErrorKind::rate_limited) ++refused;
    clock_.advance(3);
  }
  EXPECT_GT(refused, 20);                                                        // the stranger was slowed down…
  EXPECT_NO_THROW(use_cases_.login("PW@a.example", kPassword, "198.51.100.7"));  // …the owner was not
  // The stranger is still held back, by their own pair only.
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", kPassword, "203.0.113.5"); }),
            ErrorKind::rate_limited);
}

// Three failures of a pair are free; then each attempt waits 5 s after the last failure,
// doubling with every further failure up to 15 minutes. Nothing is refused for longer.
TEST_P(LoginTest, APairsDelaysGrowExponentiallyUpToFifteenMinutes) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  const auto wrong = [&] { return error_of([&] { use_cases_.login("pw@a.example", "falsch-falsch", "192.0.2.9"); }); };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(wrong().kind(), ErrorKind::unauthenticated) << i;
  std::vector<Timestamp> waits;
  for (int i = 0; i < 10; ++i) {
    const Error held = wrong();
    ASSERT_EQ(held.kind(), ErrorKind::rate_limited) << i;
    waits.push_back(held.retry_after_seconds());
    clock_.advance(held.retry_after_seconds() - 1);
    EXPECT_EQ(wrong().kind(), ErrorKind::rate_limited) << "one second early, " << i;
    clock_.advance(1);
    EXPECT_EQ(wrong().kind(), ErrorKind::unauthenticated) << "on time, " << i;
  }
  EXPECT_THAT(waits, ElementsAre(5, 10, 20, 40, 80, 160, 320, 640, 900, 900));
  // The right password, once the pair may try again, logs in and forgets the pair's failures.
  clock_.advance(900);
  EXPECT_NO_THROW(use_cases_.login("pw@a.example", kPassword, "192.0.2.9"));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(wrong().kind(), ErrorKind::unauthenticated) << i;
  EXPECT_EQ(wrong().retry_after_seconds(), 5);
}

// Who was held back is logged (spdlog warn): the rule, the client address and the start of
// the account's hash — never the e-mail address or the password.
TEST_P(LoginTest, EveryRefusalIsLoggedWithTheAddressButNeverTheEmailOrThePassword) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  const auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
  spdlog::default_logger()->sinks().push_back(sink);
  for (int i = 0; i < 4; ++i) error_of([&] { use_cases_.login("pw@a.example", "geheim-geheim", "192.0.2.44"); });
  spdlog::default_logger()->sinks().pop_back();
  const std::vector<std::string> lines = sink->last_formatted();
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_THAT(lines[0], ::testing::HasSubstr("warning"));
  EXPECT_THAT(lines[0], ::testing::HasSubstr("192.0.2.44"));
  EXPECT_THAT(lines[0], ::testing::HasSubstr("own failures"));
  EXPECT_THAT(lines[0], ::testing::HasSubstr("retry after 5 s"));
  EXPECT_THAT(lines[0], ::testing::Not(::testing::HasSubstr("pw@a.example")));
  EXPECT_THAT(lines[0], ::testing::Not(::testing::HasSubstr("geheim")));
}

// An IPv6 host can take any address of its /64: they all count as one client.
TEST_P(LoginTest, AnIpv6NetworkCountsAsOneAddress) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  for (const char* address : {"2001:db8:1:2::1", "2001:db8:1:2:ffff::7", "[2001:DB8:1:2::abcd]"}) {
    EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", "falsch-falsch", address); }),
              ErrorKind::unauthenticated);
  }
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", "falsch-falsch", "2001:db8:1:2:0:0:0:42"); }),
            ErrorKind::rate_limited);
  EXPECT_NO_THROW(use_cases_.login("pw@a.example", kPassword, "2001:db8:1:3::1"));  // another network
  // An IPv4-mapped address is the IPv4 address.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", "falsch-falsch", "::ffff:192.0.2.77"); }),
              ErrorKind::unauthenticated);
  }
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", kPassword, "192.0.2.77"); }), ErrorKind::rate_limited);
}

// Spraying many accounts from one address: after 100 failures in 15 minutes the address
// waits for every account it has not logged in to before — but a pair that logged in
// before passes.
TEST_P(LoginTest, AKnownPairPassesWhileItsAddressIsThrottledForOtherAccounts) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  add("Heizung A", "other@a.example", Role::office, kPassword);
  use_cases_.login("pw@a.example", kPassword, "203.0.113.5");  // from now on a known pair
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(error_kind_of([&] { use_cases_.login("guess" + std::to_string(i) + "@a.example", "x", "203.0.113.5"); }),
              ErrorKind::unauthenticated)
        << i;
  }
  clock_.advance(60);
  const Error spraying = error_of([&] { use_cases_.login("other@a.example", kPassword, "203.0.113.5"); });
  EXPECT_EQ(spraying.kind(), ErrorKind::rate_limited);
  EXPECT_EQ(spraying.retry_after_seconds(), 15 * 60 - 60);  // until the oldest failure leaves the window
  EXPECT_NO_THROW(use_cases_.login("pw@a.example", kPassword, "203.0.113.5"));
  EXPECT_NO_THROW(use_cases_.login("other@a.example", kPassword, "203.0.113.6"));  // another address
  clock_.advance(15 * 60);
  EXPECT_NO_THROW(use_cases_.login("other@a.example", kPassword, "203.0.113.5"));
}

// Many addresses against one account: past 100 failures in an hour, addresses the owner
// never logged in from wait; the owner's known address does not.
TEST_P(LoginTest, AnAccountUnderAttackFromManyAddressesStillLetsItsKnownPairsIn) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  use_cases_.login("pw@a.example", kPassword, "198.51.100.7");
  for (int i = 0; i < 100; ++i) {
    const std::string address = "203.0." + std::to_string(i / 3) + "." + std::to_string(i % 3 + 1);
    EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", "falsch-falsch", address); }),
              ErrorKind::unauthenticated)
        << i;
  }
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", kPassword, "192.0.2.200"); }),
            ErrorKind::rate_limited);
  EXPECT_NO_THROW(use_cases_.login("pw@a.example", kPassword, "198.51.100.7"));
  clock_.advance(kHour);
  EXPECT_NO_THROW(use_cases_.login("pw@a.example", kPassword, "192.0.2.200"));
}

// A known pair stays known for 90 days after its last success.
TEST_P(LoginTest, AKnownPairIsForgottenNinetyDaysAfterItsLastLogin) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  use_cases_.login("pw@a.example", kPassword, "203.0.113.5");
  clock_.advance(90 * kDay);
  for (int i = 0; i < 100; ++i) {
    error_of([&] { use_cases_.login("guess" + std::to_string(i) + "@a.example", "x", "203.0.113.5"); });
  }
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", kPassword, "203.0.113.5"); }),
            ErrorKind::rate_limited);
  // The throttle's tables name neither the e-mail nor the address.
  EXPECT_EQ(database_.execute("SELECT count(*) FROM login_failures WHERE account LIKE '%@%' OR address LIKE '%.%'"),
            "0");
}

// --- One address in several organisations (docs/adr/0010-email-across-organisations.md) ------

TEST_P(LoginTest, AnAddressInSeveralOrganisationsLogsInWhereThePasswordFitsAndAsksWhenSeveralFit) {
  const Actor in_a = add("Heizung A", "same@x.example", Role::office, kPassword);
  const Actor in_b = add("Garage B", "Same@X.example", Role::technician, std::string("another horse battery"));
  EXPECT_EQ(use_cases_.login("same@x.example", kPassword, "192.0.2.1").user.id, uid(in_a));
  EXPECT_EQ(use_cases_.login("same@x.example", "another horse battery", "192.0.2.1").user.id, uid(in_b));

  const Actor in_c = add("Dritte GmbH", "same@x.example", Role::admin, kPassword);
  const Error ask = error_of([&] { use_cases_.login("same@x.example", kPassword, "192.0.2.1"); });
  ASSERT_EQ(ask.kind(), ErrorKind::validation);
  ASSERT_EQ(ask.fields().size(), 1U);
  EXPECT_EQ(ask.fields()[0].field, "organisation");
  // It names the organisations the password fits — what the password proves — and no other.
  EXPECT_THAT(ask.fields()[0].message.en, ::testing::HasSubstr("Heizung A"));
  EXPECT_THAT(ask.fields()[0].message.en, ::testing::HasSubstr("Dritte GmbH"));
  EXPECT_THAT(ask.fields()[0].message.en, ::testing::Not(::testing::HasSubstr("Garage B")));
  EXPECT_THAT(ask.fields()[0].message.de, ::testing::HasSubstr("Organisation"));
  const auto session = use_cases_.login("same@x.example", kPassword, "192.0.2.1", " dritte gmbh ");
  EXPECT_EQ(session.user.id, uid(in_c));
  EXPECT_EQ(use_cases_.authenticate_session(session.secret)->actor.organisation_id, in_c.organisation_id);
  // An organisation the password does not fit, or none of them: wrong credentials as always.
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("same@x.example", kPassword, "192.0.2.1", "Garage B"); }),
            ErrorKind::unauthenticated);
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("same@x.example", kPassword, "192.0.2.1", "Nirgendwo"); }),
            ErrorKind::unauthenticated);
  // A deactivated account does not count as a match: the other one logs in without asking.
  const Actor boss_c = add("Dritte GmbH", "chef@dritte.example", Role::admin);
  turnus::app::EmployeePatch off;
  off.active = false;
  use_cases_.update_employee(boss_c, uid(in_c), off);
  EXPECT_EQ(use_cases_.login("same@x.example", kPassword, "192.0.2.1").user.id, uid(in_a));
}

// argon2id is the slow part of a login; every login runs the same number of checks, so the
// answer takes as long for an unknown address as for one with an account in one or in
// two organisations.
TEST_P(LoginTest, EveryLoginChecksTwoHashesWhetherTheAddressHasNoAccountOneOrTwo) {
  add("Heizung A", "one@x.example", Role::office, kPassword);
  add("Heizung A", "two@x.example", Role::office, kPassword);
  add("Garage B", "two@x.example", Role::office, std::string("another horse battery"));
  const auto checks_of = [&](const std::string& email, const std::string& password) {
    fast_secrets().checks = 0;
    error_of([&] { use_cases_.login(email, password, "192.0.2.1"); });
    return fast_secrets().checks.load();
  };
  EXPECT_EQ(checks_of("nobody@x.example", "falsch-falsch"), 2);
  EXPECT_EQ(checks_of("one@x.example", "falsch-falsch"), 2);
  EXPECT_EQ(checks_of("two@x.example", "falsch-falsch"), 2);
  EXPECT_EQ(checks_of("office@a.example", "falsch-falsch"), 2);  // an account without a password
}

TEST_P(ApiUseCasesTest, EmployeesMayShareAnAddressWithAnotherOrganisationWithoutLearningOfIt) {
  // admin@b.example is Garage B's admin; Heizung A may have its own employee of that address.
  const auto created = use_cases_.create_employee(admin_, {"ADMIN@b.example", "Nachbar", Role::office, kPassword});
  EXPECT_EQ(created.organisation_id, admin_.organisation_id);
  turnus::app::EmployeePatch move;
  move.email = "admin@B.example";
  EXPECT_EQ(use_cases_.update_employee(admin_, created.id, move).email, "admin@B.example");
  move.email = "office@a.example";  // this organisation's own: taken
  EXPECT_THAT(fields_of([&] { use_cases_.update_employee(admin_, created.id, move); }), ElementsAre("email"));
  // Both log in, each in their own organisation, by their own password.
  add("Garage B", "chef@b.example", Role::admin, std::string("garage b passwort"));
  EXPECT_EQ(use_cases_.login("admin@b.example", kPassword, "192.0.2.1").user.id, created.id);
  // The command line names the organisation where the address is in several.
  add("Garage B", "zwei@x.example", Role::office);
  add("Heizung A", "zwei@x.example", Role::office);
  const Error ambiguous = error_of([&] { use_cases_.create_token("zwei@x.example", "Skript"); });
  ASSERT_EQ(ambiguous.kind(), ErrorKind::validation);
  EXPECT_EQ(ambiguous.fields().at(0).field, "org");
  const auto token = use_cases_.create_token({"zwei@x.example", "garage b", "Skript", std::nullopt});
  EXPECT_EQ(use_cases_.authenticate_token(token.secret)->organisation_id, admin_b_.organisation_id);
  EXPECT_EQ(error_kind_of([&] {
              use_cases_.create_token({"zwei@x.example", "Nirgendwo", "x", std::nullopt});
            }),
            ErrorKind::not_found);
}

TEST_P(ApiUseCasesTest, SessionsSlideWhileUsedAndEndAfterTwelveIdleHoursOrSevenDays) {
  add("Heizung A", "pw@a.example", Role::office, kPassword);
  const Timestamp start = clock_.now();
  const auto login = use_cases_.login("pw@a.example", kPassword, "192.0.2.1");
  const auto last_seen = [&] { return database_.execute("SELECT last_seen_at FROM sessions"); };

  // Used again within the minute: nothing is written.
  clock_.set(start + 30);
  ASSERT_TRUE(use_cases_.authenticate_session(login.secret));
  EXPECT_EQ(last_seen(), std::to_string(start));
  clock_.set(start + 61);
  ASSERT_TRUE(use_cases_.authenticate_session(login.secret));
  EXPECT_EQ(last_seen(), std::to_string(start + 61));
  EXPECT_EQ(database_.execute("SELECT expires_at FROM sessions"), std::to_string(start + 61 + 12 * kHour));

  // Used every 11 hours it lives on, but never past 7 days after the login.
  Timestamp t = start + 61;
  while (t + 11 * kHour < start + 7 * kDay) {
    t += 11 * kHour;
    clock_.set(t);
    ASSERT_TRUE(use_cases_.authenticate_session(login.secret)) << (t - start) / kHour << " h";
  }
  clock_.set(start + 7 * kDay - 1);
  EXPECT_TRUE(use_cases_.authenticate_session(login.secret));
  clock_.set(start + 7 * kDay);
  EXPECT_FALSE(use_cases_.authenticate_session(login.secret));

  // Twelve idle hours end a session.
  const auto second = use_cases_.login("pw@a.example", kPassword, "192.0.2.1");
  clock_.advance(12 * kHour - 1);
  EXPECT_TRUE(use_cases_.authenticate_session(second.secret));
  clock_.advance(12 * kHour);
  EXPECT_FALSE(use_cases_.authenticate_session(second.secret));
  // The next login clears expired sessions away.
  use_cases_.login("pw@a.example", kPassword, "192.0.2.1");
  EXPECT_EQ(database_.execute("SELECT count(*) FROM sessions"), "1");
}

TEST_P(ApiUseCasesTest, ADeactivatedEmployeeCannotLogInAndTheirSessionsAndTokensStop) {
  const Actor pw = add("Heizung A", "pw@a.example", Role::technician, kPassword);
  const auto login = use_cases_.login("pw@a.example", kPassword, "192.0.2.1");
  const std::string token = use_cases_.create_token("pw@a.example", "Handy");
  ASSERT_TRUE(use_cases_.authenticate_session(login.secret));

  turnus::app::EmployeePatch off;
  off.active = false;
  EXPECT_FALSE(use_cases_.update_employee(admin_, uid(pw), off).active);
  EXPECT_FALSE(use_cases_.authenticate_session(login.secret));
  EXPECT_FALSE(use_cases_.authenticate_token(token));
  EXPECT_EQ(error_kind_of([&] { use_cases_.login("pw@a.example", kPassword, "192.0.2.1"); }),
            ErrorKind::unauthenticated);

  turnus::app::EmployeePatch on;
  on.active = true;
  use_cases_.update_employee(admin_, uid(pw), on);
  EXPECT_FALSE(use_cases_.authenticate_session(login.secret));  // ended, not just paused
  EXPECT_FALSE(use_cases_.authenticate_token(token));           // revoked for good
  EXPECT_THAT(use_cases_.user_tokens("pw@a.example", ""), IsEmpty());
  EXPECT_TRUE(use_cases_.authenticate_session(use_cases_.login("pw@a.example", kPassword, "192.0.2.1").secret));

  // A new password ends the sessions too.
  const auto before = use_cases_.login("pw@a.example", kPassword, "192.0.2.1");
  turnus::app::EmployeePatch password;
  password.password = "another horse battery";
  use_cases_.update_employee(admin_, uid(pw), password);
  EXPECT_FALSE(use_cases_.authenticate_session(before.secret));
  EXPECT_NO_THROW(use_cases_.login("pw@a.example", "another horse battery", "192.0.2.1"));
}

// --- API tokens ------------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, TokensExpireAreRevokedAtOnceAndRecordTheirUseAtMostOnceAMinute) {
  const Timestamp start = clock_.now();
  const auto created = use_cases_.create_token(admin_, uid(tech_), " Tablet Lager ", 2);
  EXPECT_EQ(created.secret.rfind("tn_", 0), 0U);
  EXPECT_EQ(created.info.token.label, "Tablet Lager");
  EXPECT_EQ(created.info.token.expires_at, start + 2 * kDay);
  EXPECT_EQ(created.info.user_name, "Name tech@a.example");
  const Id id = created.info.token.id;
  const auto last_used = [&] { return use_cases_.get_token(admin_, id).token.last_used_at; };
  EXPECT_FALSE(last_used());

  ASSERT_TRUE(use_cases_.authenticate_token(created.secret));
  EXPECT_EQ(last_used(), start);
  clock_.advance(59);
  ASSERT_TRUE(use_cases_.authenticate_token(created.secret));
  EXPECT_EQ(last_used(), start);  // not written again within the minute
  clock_.advance(1);
  ASSERT_TRUE(use_cases_.authenticate_token(created.secret));
  EXPECT_EQ(last_used(), start + 60);

  clock_.set(start + 2 * kDay - 1);
  EXPECT_TRUE(use_cases_.authenticate_token(created.secret));
  clock_.set(start + 2 * kDay);
  EXPECT_FALSE(use_cases_.authenticate_token(created.secret));  // expired
  EXPECT_EQ(use_cases_.list_tokens(admin_).size(), 1U);         // still listed, with its expiry

  // Revoked: refused at once, gone from the lists, not revocable twice.
  const auto forever = use_cases_.create_token(admin_, uid(office_), "", std::nullopt);
  EXPECT_FALSE(forever.info.token.expires_at);
  ASSERT_TRUE(use_cases_.authenticate_token(forever.secret));
  use_cases_.revoke_token(admin_, forever.info.token.id);
  EXPECT_FALSE(use_cases_.authenticate_token(forever.secret));
  EXPECT_EQ(use_cases_.list_tokens(admin_).size(), 1U);
  EXPECT_EQ(error_kind_of([&] { use_cases_.revoke_token(admin_, forever.info.token.id); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_token(admin_, forever.info.token.id); }), ErrorKind::not_found);
  EXPECT_THAT(audit_actions(admin_.organisation_id), ::testing::IsSupersetOf({"token.create", "token.revoke"}));
  // Neither the secret nor anything but its hash is stored.
  EXPECT_EQ(database_.execute("SELECT count(*) FROM api_tokens WHERE token_hash = '" + forever.secret + "'"), "0");
}

TEST_P(ApiUseCasesTest, OnlyAdminsManageTheTokensOfTheirOwnOrganisation) {
  const auto created = use_cases_.create_token(admin_, uid(office_), "Buchhaltung", std::nullopt);
  const Id id = created.info.token.id;
  for (const Actor& who : {office_, tech_}) {
    EXPECT_EQ(error_kind_of([&] { use_cases_.list_tokens(who); }), ErrorKind::forbidden);
    EXPECT_EQ(error_kind_of([&] { use_cases_.create_token(who, uid(who), "x", std::nullopt); }), ErrorKind::forbidden);
    EXPECT_EQ(error_kind_of([&] { use_cases_.revoke_token(who, id); }), ErrorKind::forbidden);
  }
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_token(admin_b_, id); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.revoke_token(admin_b_, id); }), ErrorKind::not_found);
  EXPECT_TRUE(use_cases_.list_tokens(admin_b_).empty());
  EXPECT_TRUE(use_cases_.authenticate_token(created.secret));  // untouched by the foreign admin
  // Another organisation's employee, an unknown one, lifetimes out of range, a long label.
  EXPECT_THAT(fields_of([&] { use_cases_.create_token(admin_, uid(admin_b_), "x", std::nullopt); }),
              ElementsAre("user_id"));
  EXPECT_THAT(fields_of([&] { use_cases_.create_token(admin_, 999999, "x", std::nullopt); }), ElementsAre("user_id"));
  EXPECT_THAT(fields_of([&] { use_cases_.create_token(admin_, uid(office_), "x", 0); }),
              ElementsAre("expires_in_days"));
  EXPECT_THAT(fields_of([&] { use_cases_.create_token(admin_, uid(office_), "x", 3651); }),
              ElementsAre("expires_in_days"));
  EXPECT_THAT(fields_of([&] { use_cases_.create_token(admin_, uid(office_), std::string(201, 'x'), 30); }),
              ElementsAre("label"));
  EXPECT_NO_THROW(use_cases_.create_token(admin_, uid(office_), "x", 3650));
  // The command line's view: a user's tokens by address, any organisation's by id.
  EXPECT_EQ(use_cases_.user_tokens("OFFICE@a.example", "").size(), 2U);  // "Buchhaltung" and "x"
  use_cases_.revoke_token(id);
  EXPECT_FALSE(use_cases_.authenticate_token(created.secret));
  EXPECT_EQ(error_kind_of([&] { use_cases_.revoke_token(id); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.revoke_token(999999); }), ErrorKind::not_found);
}

// --- Customers -------------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, CustomersAreCreatedChangedListedAndDeleted) {
  const auto created = use_cases_.create_customer(
      office_, {"  Bäckerei Weiß ", "info@weiss.example", "+49 30 1234", "Hauptstr. 1\n10115 Berlin"});
  EXPECT_EQ(created.name, "Bäckerei Weiß");
  EXPECT_EQ(created.address, "Hauptstr. 1\n10115 Berlin");
  use_cases_.create_customer(admin_, {"Autohaus Berg", "", "", ""});
  use_cases_.create_customer(admin_b_, {"Bäckerei Fremd", "", "", ""});

  const auto all = use_cases_.list_customers(tech_, "", {1, 50});  // every role reads customers
  EXPECT_EQ(all.total, 2);
  ASSERT_EQ(all.items.size(), 2U);
  EXPECT_EQ(all.items[0].name, "Autohaus Berg");
  EXPECT_EQ(use_cases_.list_customers(office_, "BÄCKEREI", {1, 50}).total, 1);
  const auto paged = use_cases_.list_customers(office_, "", {2, 1});
  EXPECT_EQ(paged.total, 2);
  EXPECT_EQ(paged.page, 2);
  EXPECT_EQ(paged.per_page, 1);
  EXPECT_THAT(ids(paged), ElementsAre(created.id));

  turnus::app::CustomerPatch patch;
  patch.phone = "+49 30 9999";
  const auto changed = use_cases_.update_customer(office_, created.id, patch);
  EXPECT_EQ(changed.phone, "+49 30 9999");
  EXPECT_EQ(changed.name, "Bäckerei Weiß");
  EXPECT_EQ(use_cases_.get_customer(office_, created.id).phone, "+49 30 9999");

  use_cases_.delete_customer(office_, created.id);
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_customer(office_, created.id); }), ErrorKind::not_found);
  EXPECT_THAT(audit_actions(office_.organisation_id),
              ::testing::IsSupersetOf({"customer.create", "customer.update", "customer.delete"}));
}

TEST_P(ApiUseCasesTest, CustomerInputIsValidatedWithAllProblemsAtOnce) {
  EXPECT_THAT(fields_of([&] {
                use_cases_.create_customer(office_, {"", "not-an-email", std::string("a\x01"), std::string(501, 'x')});
              }),
              ElementsAre("name", "email", "phone", "address"));
  EXPECT_THAT(fields_of([&] {
                use_cases_.create_customer(office_, {std::string(201, 'x'), "", "", ""});
              }),
              ElementsAre("name"));
  EXPECT_THAT(fields_of([&] { use_cases_.create_customer(office_, {"Tab\tName", "", "", ""}); }), ElementsAre("name"));
  // 200 umlauts are 200 characters, not 400.
  std::string umlauts;
  for (int i = 0; i < 200; ++i) umlauts += "ü";
  EXPECT_NO_THROW(use_cases_.create_customer(office_, {umlauts, "", "", ""}));
  const Id id = use_cases_.create_customer(office_, {"Alt", "", "", ""}).id;
  turnus::app::CustomerPatch patch;
  patch.name = " ";
  EXPECT_THAT(fields_of([&] { use_cases_.update_customer(office_, id, patch); }), ElementsAre("name"));
  EXPECT_THAT(fields_of([&] { use_cases_.list_customers(office_, "", {0, 500}); }), ElementsAre("page", "per_page"));
}

TEST_P(ApiUseCasesTest, CustomersAreManagedByOfficeAndAdminWithinTheirOrganisationOnly) {
  const Id id = use_cases_.create_customer(office_, {"Schmidt", "", "", ""}).id;
  EXPECT_EQ(error_kind_of([&] { use_cases_.create_customer(tech_, {"X", "", "", ""}); }), ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_customer(tech_, id, {}); }), ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.delete_customer(tech_, id); }), ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_customer(admin_b_, id); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_customer(admin_b_, id, {}); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.delete_customer(admin_b_, id); }), ErrorKind::not_found);
  EXPECT_EQ(use_cases_.list_customers(admin_b_, "", {1, 50}).total, 0);
  const Error missing = error_of([&] { use_cases_.get_customer(office_, 987654); });
  EXPECT_EQ(missing.kind(), ErrorKind::not_found);
  EXPECT_EQ(missing.message().de, "Kunde nicht gefunden.");
  EXPECT_EQ(missing.message().en, "Customer not found.");
}

TEST_P(ApiUseCasesTest, ACustomerInUseCannotBeDeleted) {
  const Id with_contract = use_cases_.create_customer(office_, {"Mit Vertrag", "", "", ""}).id;
  add_contract(office_, with_contract);
  const Error e = error_of([&] { use_cases_.delete_customer(office_, with_contract); });
  EXPECT_EQ(e.kind(), ErrorKind::conflict);
  EXPECT_THAT(e.message().de, ::testing::HasSubstr("1 Wartungsvertrag"));
  EXPECT_THAT(e.message().en, ::testing::HasSubstr("1 maintenance contract"));

  const Id with_project = use_cases_.create_customer(office_, {"Mit Projekt", "", "", ""}).id;
  use_cases_.create_project(office_, {with_project, "Neubau", std::nullopt, std::nullopt});
  EXPECT_EQ(error_kind_of([&] { use_cases_.delete_customer(office_, with_project); }), ErrorKind::conflict);
  const Id with_order = use_cases_.create_customer(office_, {"Mit Auftrag", "", "", ""}).id;
  add_order(tech_, "Reparatur", std::nullopt, with_order);
  EXPECT_EQ(error_kind_of([&] { use_cases_.delete_customer(office_, with_order); }), ErrorKind::conflict);
  EXPECT_EQ(use_cases_.list_customers(office_, "", {1, 50}).total, 3);
}

// --- Projects --------------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, ProjectsStartInTheFirstStageAndMoveThroughThePipeline) {
  const auto stages = use_cases_.pipeline_stages(tech_);
  ASSERT_GE(stages.size(), 2U);
  EXPECT_EQ(stages.front().name, "Neu - Erstkontakt");
  const Id customer = use_cases_.create_customer(office_, {"Schmidt", "", "", ""}).id;
  const auto created = use_cases_.create_project(office_, {customer, " Heizungstausch ", std::nullopt, uid(tech_)});
  EXPECT_EQ(created.name, "Heizungstausch");
  EXPECT_EQ(created.stage_id, stages.front().id);
  EXPECT_EQ(created.main_contact_employee_id, uid(tech_));

  turnus::app::ProjectPatch move;
  move.stage_id = stages[1].id;
  move.main_contact_employee_id = std::optional<Id>();  // remove the main contact
  const auto moved = use_cases_.update_project(office_, created.id, move);
  EXPECT_EQ(moved.stage_id, stages[1].id);
  EXPECT_EQ(moved.main_contact_employee_id, std::nullopt);
  EXPECT_EQ(use_cases_.get_project(admin_, created.id).stage_id, stages[1].id);

  clock_.advance(10);
  const Id second = use_cases_.create_project(office_, {customer, "Badsanierung", stages[1].id, uid(tech2_)}).id;
  clock_.advance(10);
  const Id third = use_cases_.create_project(office_, {customer, "Wartung Bad", std::nullopt, uid(tech_)}).id;
  EXPECT_THAT(ids(use_cases_.list_projects(office_, {}, {1, 50})), ElementsAre(third, second, created.id));
  turnus::app::ProjectFilter by_stage;
  by_stage.stage_id = stages[1].id;
  EXPECT_THAT(ids(use_cases_.list_projects(office_, by_stage, {1, 50})), ElementsAre(second, created.id));
  turnus::app::ProjectFilter by_text;
  by_text.query = "BAD";
  EXPECT_THAT(ids(use_cases_.list_projects(office_, by_text, {1, 50})), ElementsAre(third, second));
  // A technician sees the projects they are the main contact of, nothing else.
  EXPECT_THAT(ids(use_cases_.list_projects(tech_, {}, {1, 50})), ElementsAre(third));
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_project(tech_, second); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] {
              use_cases_.create_project(tech_, {customer, "X", std::nullopt, std::nullopt});
            }),
            ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_project(tech_, third, {}); }), ErrorKind::forbidden);
  EXPECT_THAT(audit_actions(office_.organisation_id), ::testing::IsSupersetOf({"project.create", "project.update"}));
}

TEST_P(ApiUseCasesTest, ProjectReferencesMustBelongToTheOrganisation) {
  const Id customer = use_cases_.create_customer(office_, {"Schmidt", "", "", ""}).id;
  const Id foreign_customer = use_cases_.create_customer(admin_b_, {"Fremd", "", "", ""}).id;
  const Id foreign_stage = use_cases_.pipeline_stages(admin_b_).front().id;
  EXPECT_THAT(fields_of([&] {
                use_cases_.create_project(office_, {foreign_customer, "", foreign_stage, uid(admin_b_)});
              }),
              ElementsAre("name", "customer_id", "stage_id", "main_contact_employee_id"));
  const Id project = use_cases_.create_project(office_, {customer, "Heizung", std::nullopt, std::nullopt}).id;
  turnus::app::ProjectPatch patch;
  patch.customer_id = foreign_customer;
  patch.main_contact_employee_id = std::optional<Id>(uid(admin_b_));
  EXPECT_THAT(fields_of([&] { use_cases_.update_project(office_, project, patch); }),
              ElementsAre("customer_id", "main_contact_employee_id"));
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_project(admin_b_, project); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_project(admin_b_, project, {}); }), ErrorKind::not_found);
  EXPECT_EQ(use_cases_.list_projects(admin_b_, {}, {1, 50}).total, 0);
}

// --- Employees -------------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, OnlyAdminsManageEmployees) {
  const auto created = use_cases_.create_employee(admin_, {" neu@a.example ", "Neu", Role::office, kPassword});
  EXPECT_EQ(created.email, "neu@a.example");
  EXPECT_EQ(created.role, Role::office);
  EXPECT_TRUE(created.active);
  EXPECT_TRUE(created.password_hash.empty() == false);
  EXPECT_NO_THROW(use_cases_.login("neu@a.example", kPassword, "192.0.2.1"));
  EXPECT_EQ(use_cases_.get_employee(tech_, created.id).name, "Neu");

  EXPECT_EQ(error_kind_of([&] {
              use_cases_.create_employee(office_, {"x@a.example", "X", Role::admin, {}});
            }),
            ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_employee(office_, created.id, {}); }), ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_employee(admin_b_, created.id); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_employee(admin_b_, created.id, {}); }), ErrorKind::not_found);

  turnus::app::EmployeePatch promote;
  promote.role = Role::admin;
  promote.name = "Neu Chefin";
  const auto promoted = use_cases_.update_employee(admin_, created.id, promote);
  EXPECT_EQ(promoted.role, Role::admin);
  EXPECT_EQ(promoted.name, "Neu Chefin");

  const auto page = use_cases_.list_employees(office_, {1, 2});
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(page.items.size(), 2U);
  EXPECT_EQ(use_cases_.list_employees(admin_b_, {1, 50}).total, 1);
  EXPECT_THAT(audit_actions(admin_.organisation_id), ::testing::IsSupersetOf({"user.create", "user.update"}));
}

TEST_P(ApiUseCasesTest, EmployeeInputIsValidated) {
  EXPECT_THAT(fields_of([&] {
                use_cases_.create_employee(admin_, {"kein-at", "", Role::office, "kurz"});
              }),
              ElementsAre("email", "name", "password"));
  // Taken in this organisation, in any case: a field error, not a crash.
  EXPECT_THAT(fields_of([&] {
                use_cases_.create_employee(admin_, {"OFFICE@a.example", "X", Role::office, {}});
              }),
              ElementsAre("email"));
  turnus::app::EmployeePatch patch;
  patch.email = "office@a.example";
  EXPECT_THAT(fields_of([&] { use_cases_.update_employee(admin_, uid(tech_), patch); }), ElementsAre("email"));
  patch.email = "TECH@a.example";  // the employee's own address in other letters is fine
  EXPECT_EQ(use_cases_.update_employee(admin_, uid(tech_), patch).email, "TECH@a.example");
}

// --- Passwords (docs/adr/0009-passwords.md) ---------------------------------------------------

TEST(CommonPasswords, DebiansListIsInstalledAndReadWhole) {
  ASSERT_NE(common_passwords(), nullptr) << "python3-zxcvbn is missing (scripts/install-deps.sh installs it)";
  EXPECT_EQ(common_passwords()->size(), 30000U);
  EXPECT_TRUE(common_passwords()->contains("qwerty123456"));
  EXPECT_TRUE(common_passwords()->contains("QWERTY123456"));  // case does not make it rarer
  EXPECT_FALSE(common_passwords()->contains(kPassword));      // what the fixtures use is fine
  EXPECT_FALSE(common_passwords()->contains("another horse battery"));
}

TEST(CommonPasswords, EitherFileFormatIsRead) {
  const turnus::app::PasswordList zxcvbn = turnus::platform::parse_password_list(
      "# generated by build_frequency_lists\nFREQUENCY_LISTS = {\n    \"passwords\": \"123456,password,leavemealone\","
      "\n    \"surnames\": \"smith,johnson\",\n}\n");
  EXPECT_EQ(zxcvbn.size(), 3U);
  EXPECT_TRUE(zxcvbn.contains("LeaveMeAlone"));
  EXPECT_FALSE(zxcvbn.contains("smith"));
  const turnus::app::PasswordList lines =
      turnus::platform::parse_password_list("erstes-passwort\r\n\nzweites passwort\n");
  EXPECT_EQ(lines.size(), 2U);
  EXPECT_TRUE(lines.contains("zweites passwort"));
  EXPECT_FALSE(turnus::platform::read_password_list("/nonexistent/list.txt"));
}

TEST_P(ApiUseCasesTest, NewPasswordsNeedTwelveCharactersAndMustNotBeCommonOrTheEmailAddress) {
  const auto refused = [&](const std::string& email, const std::string& password) {
    return fields_of([&] { use_cases_.create_employee(admin_, {email, "Neu", Role::office, password}); });
  };
  const auto message = [&](const std::string& email, const std::string& password) {
    return error_of([&] {
             use_cases_.create_employee(admin_, {email, "Neu", Role::office, password});
           })
        .fields()
        .at(0)
        .message.en;
  };
  EXPECT_THAT(refused("neu@a.example", "elf-zeichen"), ElementsAre("password"));  // 11
  EXPECT_THAT(message("neu@a.example", "elf-zeichen"), ::testing::HasSubstr("at least 12 characters"));
  // Characters, not bytes: eleven umlauts are eleven characters.
  EXPECT_THAT(refused("neu@a.example", "äöüäöüäöüäö"), ElementsAre("password"));
  EXPECT_THAT(refused("neu@a.example", "qwerty123456"), ElementsAre("password"));
  EXPECT_THAT(refused("neu@a.example", "LeaveMeAlone"), ElementsAre("password"));
  EXPECT_THAT(message("neu@a.example", "1qaz2wsx3edc"), ::testing::HasSubstr("too common"));
  EXPECT_THAT(refused("heizung.mueller@a.example", "Heizung.Mueller@A.example"), ElementsAre("password"));
  EXPECT_THAT(refused("heizung.mueller@a.example", "HEIZUNG.MUELLER"), ElementsAre("password"));
  EXPECT_THAT(message("heizung.mueller@a.example", "heizung.mueller"), ::testing::HasSubstr("e-mail address"));
  // Passphrases of plain words, without digits or capitals, are what we want.
  EXPECT_NO_THROW(use_cases_.create_employee(admin_, {"neu@a.example", "Neu", Role::office, "zwölf zeichen"}));
  EXPECT_NO_THROW(use_cases_.login("neu@a.example", "zwölf zeichen", "192.0.2.1"));

  // The same rule when a password is changed (against the address the employee keeps or
  // gets), and for `turnus user add`.
  turnus::app::EmployeePatch patch;
  patch.password = "tech@a.example";
  EXPECT_THAT(fields_of([&] { use_cases_.update_employee(admin_, uid(tech_), patch); }), ElementsAre("password"));
  patch.password = "qazwsxedcrfv";
  EXPECT_THAT(fields_of([&] { use_cases_.update_employee(admin_, uid(tech_), patch); }), ElementsAre("password"));
  patch.email = "technik.team@a.example";
  patch.password = "technik.team";
  EXPECT_THAT(fields_of([&] { use_cases_.update_employee(admin_, uid(tech_), patch); }), ElementsAre("password"));
  EXPECT_THAT(fields_of([&] {
                use_cases_.add_user({"Heizung A", "Europe/Berlin", "x@a.example", "X", Role::office,
                                     std::string("123456789987654321")});
              }),
              ElementsAre("password"));
}

TEST_P(ApiUseCasesTest, PasswordsSetBeforeTheRuleKeepWorking) {
  // A ten-character password stored before the rule (written straight to the store).
  const Actor old = add("Heizung A", "alt@a.example", Role::office);
  turnus::app::write(database_.db(), [&](Tx& tx) {
    turnus::domain::User u = *tx.users().find(old.organisation_id, uid(old));
    u.password_hash = secrets_.hash_password("zehn-zeich");
    tx.users().update(u);
  });
  EXPECT_NO_THROW(use_cases_.login("alt@a.example", "zehn-zeich", "192.0.2.1"));
  // Changing something else does not ask for a new password.
  turnus::app::EmployeePatch rename;
  rename.name = "Alt Bekannt";
  EXPECT_EQ(use_cases_.update_employee(admin_, uid(old), rename).name, "Alt Bekannt");
  EXPECT_NO_THROW(use_cases_.login("alt@a.example", "zehn-zeich", "192.0.2.1"));
}

TEST_P(ApiUseCasesTest, OrganisationAndUserNamesFollowTheNameRule) {
  EXPECT_THAT(fields_of([&] {
                use_cases_.add_user(
                    {"Heizung \xe2\x80\xae"
                     "A",
                     "Europe/Berlin", "y@a.example", "\xe2\x80\x8b", Role::office, std::nullopt});
              }),
              ElementsAre("organisation", "name"));
}

TEST_P(ApiUseCasesTest, TheLastActiveAdminStays) {
  turnus::app::EmployeePatch demote;
  demote.role = Role::office;
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_employee(admin_, uid(admin_), demote); }), ErrorKind::conflict);
  turnus::app::EmployeePatch off;
  off.active = false;
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_employee(admin_, uid(admin_), off); }), ErrorKind::conflict);
  const auto second = use_cases_.create_employee(admin_, {"chef2@a.example", "Chef 2", Role::admin, {}});
  EXPECT_EQ(use_cases_.update_employee(admin_, uid(admin_), demote).role, Role::office);
  EXPECT_EQ(error_kind_of([&] {
              use_cases_.update_employee(Actor{admin_.organisation_id, second.id, Role::admin}, second.id, off);
            }),
            ErrorKind::conflict);
}

// Two admins who remove each other at the same moment: the organisation keeps one. Each
// round starts both changes together from a fresh pair of admins; on PostgreSQL the second
// writer waits for the organisation's row and then counts the first one's change.
TEST_P(ApiUseCasesTest, TwoAdminsRemovingEachOtherAtOnceLeaveOneActiveAdmin) {
  constexpr int kRounds = 25;
  int conflicts = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string org = "Wettlauf " + std::to_string(round);
    const Actor first = add(org, "eins" + std::to_string(round) + "@race.example", Role::admin);
    const Actor second = add(org, "zwei" + std::to_string(round) + "@race.example", Role::admin);
    // Even rounds deactivate, odd rounds demote.
    turnus::app::EmployeePatch remove;
    if (round % 2 == 0) {
      remove.active = false;
    } else {
      remove.role = Role::technician;
    }
    std::atomic<int> ready{0};
    std::atomic<int> succeeded{0};
    std::vector<ErrorKind> refused(2, ErrorKind::internal);
    std::vector<bool> threw(2, false);
    const auto race = [&](int me, const Actor& actor, const Actor& target) {
      ++ready;
      while (ready.load() < 2) {
      }
      try {
        use_cases_.update_employee(actor, uid(target), remove);
        ++succeeded;
      } catch (const Error& e) {
        threw[static_cast<std::size_t>(me)] = true;
        refused[static_cast<std::size_t>(me)] = e.kind();
      }
    };
    std::thread a(race, 0, first, second);
    std::thread b(race, 1, second, first);
    a.join();
    b.join();
    EXPECT_EQ(succeeded.load(), 1) << "round " << round;
    for (std::size_t i = 0; i < 2; ++i) {
      if (threw[i]) {
        EXPECT_EQ(refused[i], ErrorKind::conflict) << "round " << round;
        ++conflicts;
      }
    }
    const std::int64_t admins = turnus::app::read(
        database_.db(), [&](Tx& tx) { return tx.users().count_active_admins(first.organisation_id); });
    EXPECT_EQ(admins, 1) << "round " << round;
  }
  EXPECT_EQ(conflicts, kRounds);
}

// --- Tasks and orders ------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, TasksAreListedByDueDateAndTechniciansSeeTheirOwn) {
  const Id later = add_task(tech_, "Später", d("2026-04-01"));
  const Id undated = add_task(tech_, "Ohne Datum", std::nullopt);
  const Id sooner = add_task(tech2_, "Früher", d("2026-03-10"));
  const Id same_day = add_task(tech_, "Gleicher Tag", d("2026-03-10"));
  add_task(admin_b_, "Fremd", d("2026-03-01"));

  EXPECT_THAT(ids(use_cases_.list_tasks(office_, {}, {1, 50})), ElementsAre(sooner, same_day, later, undated));
  EXPECT_THAT(ids(use_cases_.list_tasks(tech_, {}, {1, 50})), ElementsAre(same_day, later, undated));
  turnus::app::WorkFilter others;
  others.assignee_id = uid(tech2_);
  EXPECT_THAT(ids(use_cases_.list_tasks(tech_, others, {1, 50})), ElementsAre(same_day, later, undated));
  EXPECT_THAT(ids(use_cases_.list_tasks(admin_, others, {1, 50})), ElementsAre(sooner));

  turnus::app::TaskPatch done;
  done.status = WorkStatus::done;
  EXPECT_EQ(use_cases_.update_task(tech_, later, done).status, WorkStatus::done);
  turnus::app::WorkFilter open;
  open.status = WorkStatus::open;
  const auto open_page = use_cases_.list_tasks(office_, open, {1, 2});
  EXPECT_EQ(open_page.total, 3);
  EXPECT_THAT(ids(open_page), ElementsAre(sooner, same_day));
  EXPECT_EQ(use_cases_.list_tasks(admin_b_, {}, {1, 50}).total, 1);
}

TEST_P(ApiUseCasesTest, TechniciansOnlyCompleteTheirOwnTasks) {
  const Id own = add_task(tech_, "Eigene", d("2026-04-01"));
  const Id other = add_task(tech2_, "Fremde", d("2026-04-01"));
  turnus::app::TaskPatch done;
  done.status = WorkStatus::done;
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_task(tech_, other, done); }), ErrorKind::not_found);
  turnus::app::TaskPatch rename;
  rename.title = "Anders";
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_task(tech_, own, rename); }), ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_task(admin_b_, own, done); }), ErrorKind::not_found);

  turnus::app::TaskPatch reassign;
  reassign.assignee_id = uid(tech2_);
  reassign.title = "Neuer Titel";
  reassign.due_date = std::optional<Date>();
  const auto changed = use_cases_.update_task(office_, own, reassign);
  EXPECT_EQ(changed.assignee_id, uid(tech2_));
  EXPECT_EQ(changed.title, "Neuer Titel");
  EXPECT_EQ(changed.due_date, std::nullopt);
  turnus::app::TaskPatch bad;
  bad.assignee_id = uid(admin_b_);
  bad.title = "";
  EXPECT_THAT(fields_of([&] { use_cases_.update_task(office_, own, bad); }), ElementsAre("title", "assignee_id"));
  EXPECT_THAT(audit_actions(office_.organisation_id), ::testing::Contains("task.update"));
}

TEST_P(ApiUseCasesTest, OrdersFollowTheSameRulesAndFilterByCustomer) {
  const Id customer = use_cases_.create_customer(office_, {"Schmidt", "", "", ""}).id;
  const Id own = add_order(tech_, "Wartung", d("2026-03-20"), customer);
  const Id other = add_order(tech2_, "Reparatur", std::nullopt, std::nullopt);
  EXPECT_EQ(use_cases_.get_order(tech_, own).number, 1);
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_order(tech_, other); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_order(admin_b_, own); }), ErrorKind::not_found);
  EXPECT_THAT(ids(use_cases_.list_orders(office_, {}, {1, 50})), ElementsAre(own, other));
  EXPECT_THAT(ids(use_cases_.list_orders(tech2_, {}, {1, 50})), ElementsAre(other));
  turnus::app::WorkFilter by_customer;
  by_customer.customer_id = customer;
  EXPECT_THAT(ids(use_cases_.list_orders(office_, by_customer, {1, 50})), ElementsAre(own));

  turnus::app::OrderPatch done;
  done.status = WorkStatus::done;
  EXPECT_EQ(use_cases_.update_order(tech_, own, done).status, WorkStatus::done);
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_order(tech_, other, done); }), ErrorKind::not_found);
  turnus::app::OrderPatch retitle;
  retitle.title = "Neu";
  EXPECT_EQ(error_kind_of([&] { use_cases_.update_order(tech_, own, retitle); }), ErrorKind::forbidden);
  EXPECT_EQ(use_cases_.update_order(admin_, own, retitle).title, "Neu");
  EXPECT_EQ(use_cases_.get_order(office_, own).number, 1);  // the number never changes
  EXPECT_EQ(use_cases_.list_orders(admin_b_, {}, {1, 50}).total, 0);
}

// --- Notifications ---------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, NotificationsAreNewestFirstAndReadByTheirRecipientOnly) {
  const Id first = add_notification(tech_, "Erste");
  clock_.advance(60);
  const Id second = add_notification(tech_, "Zweite");
  const Id others = add_notification(tech2_, "Für jemand anderen");
  add_notification(admin_b_, "Fremd");

  EXPECT_THAT(ids(use_cases_.list_notifications(tech_, {}, {1, 50})), ElementsAre(second, first));
  EXPECT_THAT(ids(use_cases_.list_notifications(office_, {}, {1, 50})), ElementsAre(others, second, first));
  turnus::app::NotificationFilter for_tech2;
  for_tech2.recipient_id = uid(tech2_);
  EXPECT_THAT(ids(use_cases_.list_notifications(tech_, for_tech2, {1, 50})), ElementsAre(second, first));
  EXPECT_THAT(ids(use_cases_.list_notifications(admin_, for_tech2, {1, 50})), ElementsAre(others));
  EXPECT_EQ(use_cases_.unread_notifications(tech_), 2);
  EXPECT_EQ(use_cases_.unread_notifications(office_), 0);

  EXPECT_TRUE(use_cases_.mark_notification_read(tech_, first).read);
  EXPECT_TRUE(use_cases_.mark_notification_read(tech_, first).read);  // again: still read, no error
  EXPECT_EQ(use_cases_.unread_notifications(tech_), 1);
  turnus::app::NotificationFilter unread;
  unread.read = false;
  EXPECT_THAT(ids(use_cases_.list_notifications(tech_, unread, {1, 50})), ElementsAre(second));

  EXPECT_EQ(error_kind_of([&] { use_cases_.mark_notification_read(tech_, others); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.mark_notification_read(admin_, others); }), ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.mark_notification_read(admin_b_, second); }), ErrorKind::not_found);
  EXPECT_EQ(use_cases_.list_notifications(admin_b_, {}, {1, 50}).total, 1);
}

// --- Documents -------------------------------------------------------------------------------

TEST_P(ApiUseCasesTest, DocumentsKeepTheirBytesAndASafeName) {
  const Id contract = add_contract(office_, std::nullopt);
  std::string every_byte;
  for (int i = 0; i < 256; ++i) every_byte += static_cast<char>(i);
  const auto doc = use_cases_.add_document(
      office_, contract, {"../../etc/Anleitung.pdf", turnus::app::bytes_of(every_byte), "application/pdf"});
  EXPECT_EQ(doc.file_name, "Anleitung.pdf");
  EXPECT_EQ(doc.size, 256);
  EXPECT_EQ(doc.content_type, "application/pdf");
  EXPECT_EQ(doc.sha256, "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
  EXPECT_EQ(doc.uploaded_by, uid(office_));
  clock_.advance(1);
  const auto second = use_cases_.add_document(admin_, contract, {"a\\b\\..", turnus::app::bytes_of("x"), ""});
  EXPECT_EQ(second.file_name, "dokument");
  EXPECT_EQ(second.content_type, "application/octet-stream");

  EXPECT_THAT(use_cases_.contract_documents(tech_, contract), ::testing::SizeIs(2));
  EXPECT_EQ(use_cases_.contract_documents(tech_, contract)[0].id, doc.id);
  const auto content = use_cases_.document_content(tech_, doc.id);
  EXPECT_EQ(content.content, every_byte);
  EXPECT_EQ(content.document.file_name, "Anleitung.pdf");

  EXPECT_EQ(error_kind_of([&] {
              use_cases_.add_document(tech_, contract, {"x.pdf", turnus::app::bytes_of("x"), ""});
            }),
            ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.delete_document(tech_, doc.id); }), ErrorKind::forbidden);
  EXPECT_THAT(fields_of([&] {
                use_cases_.add_document(office_, contract, {"leer.pdf", turnus::app::bytes_of(""), "application/pdf"});
              }),
              ElementsAre("file"));

  use_cases_.delete_document(office_, doc.id);
  EXPECT_EQ(error_kind_of([&] { use_cases_.document_content(office_, doc.id); }), ErrorKind::not_found);
  EXPECT_THAT(use_cases_.contract_documents(office_, contract), ::testing::SizeIs(1));
  EXPECT_THAT(audit_actions(office_.organisation_id), ::testing::IsSupersetOf({"document.create", "document.delete"}));
}

TEST_P(ApiUseCasesTest, DocumentsOfAnotherOrganisationAreNotFound) {
  const Id contract = add_contract(office_, std::nullopt);
  const auto doc =
      use_cases_.add_document(office_, contract, {"plan.pdf", turnus::app::bytes_of("%PDF"), "application/pdf"});
  EXPECT_EQ(error_kind_of([&] { use_cases_.contract_documents(admin_b_, contract); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] {
              use_cases_.add_document(admin_b_, contract, {"x", turnus::app::bytes_of("x"), ""});
            }),
            ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.document_content(admin_b_, doc.id); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.delete_document(admin_b_, doc.id); }), ErrorKind::not_found);
  EXPECT_EQ(use_cases_.document_content(office_, doc.id).content, "%PDF");
}

TEST_P(ApiUseCasesTest, AnArchivedContractsDocumentsAreReadOnly) {
  const Id contract = add_contract(office_, std::nullopt);
  const auto doc =
      use_cases_.add_document(office_, contract, {"plan.pdf", turnus::app::bytes_of("%PDF"), "application/pdf"});
  use_cases_.deactivate_contract(office_, contract);
  use_cases_.archive_contract(office_, contract);
  EXPECT_EQ(error_kind_of([&] {
              use_cases_.add_document(office_, contract, {"neu.pdf", turnus::app::bytes_of("x"), ""});
            }),
            ErrorKind::conflict);
  EXPECT_EQ(error_kind_of([&] { use_cases_.delete_document(office_, doc.id); }), ErrorKind::conflict);
  EXPECT_THAT(use_cases_.contract_documents(tech_, contract), ::testing::SizeIs(1));
  EXPECT_EQ(use_cases_.document_content(tech_, doc.id).content, "%PDF");
}

// Larger than the store's pieces (256 KiB) and not a multiple of them: written through
// SQLite's incremental blob I/O or PostgreSQL's COPY, read back piece by piece.
TEST_P(ApiUseCasesTest, ADocumentOfManyPiecesIsStoredAndReadPieceByPiece) {
  const Id contract = add_contract(office_, std::nullopt);
  std::string bytes(std::size_t{3} * 1024 * 1024 + 12'345, '\0');
  std::uint32_t state = 2'463'534'242U;
  for (char& c : bytes) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    c = static_cast<char>(state & 0xFFU);
  }
  const auto doc = use_cases_.add_document(office_, contract, {"gross.bin", turnus::app::bytes_of(bytes), ""});
  EXPECT_EQ(doc.size, static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ(doc.sha256, secrets_.sha256_hex(bytes));
  EXPECT_EQ(use_cases_.document_content(tech_, doc.id).content, bytes);
  for (const std::int64_t offset :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{262'143}, std::int64_t{262'144}, std::int64_t{3'000'001}}) {
    const std::string piece = use_cases_.document_piece(tech_, doc.id, offset, 100'000);
    EXPECT_EQ(piece, bytes.substr(static_cast<std::size_t>(offset), 100'000)) << offset;
  }
  const auto size = static_cast<std::int64_t>(bytes.size());
  EXPECT_EQ(use_cases_.document_piece(tech_, doc.id, size - 5, 100), bytes.substr(bytes.size() - 5));
  EXPECT_EQ(use_cases_.document_piece(tech_, doc.id, size, 100), "");
  EXPECT_EQ(use_cases_.document_piece(tech_, doc.id, size + 1000, 100), "");
  EXPECT_EQ(error_kind_of([&] { use_cases_.document_piece(admin_b_, doc.id, 0, 100); }), ErrorKind::not_found);
  use_cases_.delete_document(office_, doc.id);
  EXPECT_EQ(error_kind_of([&] { use_cases_.document_piece(tech_, doc.id, 0, 100); }), ErrorKind::not_found);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoginTest, ::testing::ValuesIn(turnus::test::test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(Backends, ApiUseCasesTest, ::testing::ValuesIn(turnus::test::test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace

// `turnus copy-db`: a filled SQLite installation copied into an empty PostgreSQL one must
// come out the same through the repositories, keep every id, and go on numbering after them.
#include "store/copy.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "domain/error.hpp"
#include "store/store.hpp"
#include "support/temp_database.hpp"

namespace {

using turnus::app::ContractFilter;
using turnus::app::Tx;
using turnus::domain::Contract;
using turnus::domain::Date;
using turnus::domain::Id;
using turnus::test::TempDatabase;

Date d(const char* text) { return *Date::parse(text); }

bool postgres_available() {
  const char* url = getenv("TURNUS_TEST_POSTGRES_URL");
  return url != nullptr && *url != '\0';
}

struct Filled {
  Id org_a = 0, org_b = 0, employee = 0, customer = 0;
  std::vector<Id> contracts;
  Id last_order = 0;
};

Contract make_contract(Id org, Id employee, std::optional<Id> customer, turnus::domain::Interval interval,
                       std::optional<turnus::domain::Term> term, const std::string& name) {
  turnus::domain::ContractDraft draft;
  draft.name = name;
  draft.customer_id = customer;
  draft.start_date = d("2026-01-31");
  draft.interval = std::move(interval);
  draft.term = term;
  draft.reminder = turnus::domain::Reminder{7};
  draft.action = {customer ? turnus::domain::ActionType::create_order : turnus::domain::ActionType::notify, employee};
  return Contract::create(draft, org, d("2026-03-01"));
}

Filled fill(TempDatabase& source) {
  Filled f;
  turnus::app::write(source.db(), [&](Tx& tx) {
    f.org_a = tx.organisations().add({0, "Heizung Müller GmbH", "Europe/Berlin", 1000}).id;
    f.org_b = tx.organisations().add({0, "Garage B\tmit Tab", "Europe/Vienna", 1001}).id;
    turnus::domain::User u;
    u.organisation_id = f.org_a;
    u.email = "anna@mueller.example";
    u.name = "Anna \\ Müller";
    u.role = turnus::domain::Role::admin;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    f.employee = tx.users().add(u).id;
    turnus::domain::Customer c;
    c.organisation_id = f.org_a;
    c.name = "Bäckerei Weiß";
    c.address = "Hauptstraße 1\n12345 Musterstadt";
    f.customer = tx.customers().add(c).id;
    f.contracts.push_back(
        tx.contracts()
            .add(make_contract(f.org_a, f.employee, f.customer, {turnus::domain::IntervalUnit::month, 1, {}},
                               turnus::domain::Term{2, turnus::domain::TermUnit::year}, "Thermenwartung"),
                 1002)
            .id());
    f.contracts.push_back(
        tx.contracts()
            .add(make_contract(f.org_a, f.employee, std::nullopt,
                               {turnus::domain::IntervalUnit::fixed, 1, {d("2026-05-01"), d("2027-05-01")}},
                               std::nullopt, "Feuerlöscher \"Halle 2\""),
                 1003)
            .id());
    turnus::domain::Order o;
    o.organisation_id = f.org_a;
    o.title = "Wartung";
    o.customer_id = f.customer;
    o.assignee_id = f.employee;
    tx.orders().add(o);
    f.last_order = tx.orders().add(o).id;
    turnus::domain::Execution e;
    e.organisation_id = f.org_a;
    e.contract_id = f.contracts[0];
    e.due_date = d("2026-03-31");
    e.created_type = "order";
    e.created_id = f.last_order;
    e.executed_at = 1004;
    tx.executions().add(e);
    tx.audit().add({0, f.org_a, f.employee, "contract.create", "contract", f.contracts[0], R"({"a":"b\tc"})", 1005});
    tx.sessions().add({0, f.org_a, f.employee, "hash-of-a-secret", "csrf", 1007, 2007, 1007});
    tx.login_throttle().record_failure("account-hash", "address-hash", 1008);
    tx.login_throttle().remember_pair("pair-hash", 9009);
  });
  // A document with every byte value, written in plain SQL: the copy must carry bytes that
  // the repository never touched.
  std::string blob = "X'";
  for (int i = 0; i < 256; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    blob += kHex[i >> 4];
    blob += kHex[i & 15];
  }
  blob += "'";
  source.execute(
      "INSERT INTO documents (organisation_id, contract_id, file_name, content_type, size, sha256, content, "
      "uploaded_by, created_at) VALUES (" +
      std::to_string(f.org_a) + ", " + std::to_string(f.contracts[0]) +
      ", 'Anleitung.pdf', 'application/pdf', 256, 'abc', " + blob + ", " + std::to_string(f.employee) + ", 1006)");
  return f;
}

TEST(CopyDatabase, SqliteInstallationArrivesWholeInPostgresql) {
  if (!postgres_available()) GTEST_SKIP() << "TURNUS_TEST_POSTGRES_URL is not set";
  TempDatabase source("sqlite");
  const Filled f = fill(source);
  TempDatabase target("postgresql", TempDatabase::Schema::empty);

  const turnus::store::CopyReport report = turnus::store::copy_database(source.url(), target.url());
  std::map<std::string, std::int64_t> rows(report.rows_per_table.begin(), report.rows_per_table.end());
  EXPECT_EQ(rows["organisations"], 2);
  EXPECT_EQ(rows["maintenance_contracts"], 2);
  EXPECT_EQ(rows["documents"], 1);
  EXPECT_EQ(rows["pipeline_stages"], 10);
  EXPECT_EQ(rows["sessions"], 1);
  EXPECT_EQ(rows["login_failures"], 1);
  EXPECT_EQ(rows["login_known_pairs"], 1);

  const auto copied = turnus::store::open_database(target.url());
  turnus::app::read(*copied, [&](Tx& tx) {
    turnus::app::read(source.db(), [&](Tx& original) {
      EXPECT_EQ(tx.organisations().list().size(), 2U);
      EXPECT_EQ(tx.organisations().find(f.org_b)->name, "Garage B\tmit Tab");
      EXPECT_EQ(tx.organisations().find(f.org_b)->time_zone, "Europe/Vienna");
      EXPECT_EQ(tx.users().with_email("ANNA@mueller.example").at(0).name, "Anna \\ Müller");
      EXPECT_EQ(tx.users().find(f.org_a, f.employee)->password_hash,
                original.users().find(f.org_a, f.employee)->password_hash);
      EXPECT_EQ(tx.customers().find(f.org_a, f.customer)->address, "Hauptstraße 1\n12345 Musterstadt");
      for (const Id id : f.contracts) {
        const Contract a = *original.contracts().find(f.org_a, id);
        const Contract b = *tx.contracts().find(f.org_a, id);
        EXPECT_EQ(a.state().name, b.state().name);
        EXPECT_EQ(a.schedule().interval(), b.schedule().interval());
        EXPECT_EQ(a.schedule().term(), b.schedule().term());
        EXPECT_EQ(a.next_due_date(), b.next_due_date());
        EXPECT_EQ(a.state().version, b.state().version);
        EXPECT_EQ(a.state().reminder, b.state().reminder);
        EXPECT_EQ(a.state().action, b.state().action);
      }
      ContractFilter search;
      search.query = "weiß";
      EXPECT_EQ(tx.contracts().list(f.org_a, search, {}).total, 1);  // the target's search index was built
      EXPECT_EQ(tx.executions().for_contract(f.org_a, f.contracts[0]).size(), 1U);
      EXPECT_EQ(tx.orders().find(f.org_a, f.last_order)->number, 2);
      EXPECT_EQ(tx.audit().recent(f.org_a, 10).at(0).detail, R"({"a":"b\tc"})");
      const auto session = tx.sessions().find_by_hash("hash-of-a-secret");
      ASSERT_TRUE(session);
      EXPECT_EQ(session->user_id, f.employee);
      EXPECT_EQ(session->expires_at, 2007);
      EXPECT_EQ(tx.login_throttle().account_failures("account-hash", 0), std::vector<turnus::domain::Timestamp>{1008});
      EXPECT_TRUE(tx.login_throttle().is_known_pair("pair-hash", 9008));
      EXPECT_FALSE(tx.login_throttle().is_known_pair("pair-hash", 9009));
      std::string every_byte;
      for (int i = 0; i < 256; ++i) every_byte += static_cast<char>(i);
      const auto documents = tx.documents().for_contract(f.org_a, f.contracts[0]);
      ASSERT_EQ(documents.size(), 1U);
      EXPECT_EQ(tx.documents().content_piece(f.org_a, documents[0].id, 0, 1024), every_byte);
    });
  });
  EXPECT_EQ(target.execute("SELECT encode(sha256(content), 'hex') FROM documents"),
            "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");  // sha256 of bytes 0..255

  // Numbering goes on after the copied ids and order numbers.
  turnus::app::write(*copied, [&](Tx& tx) {
    turnus::domain::Order o;
    o.organisation_id = f.org_a;
    o.title = "Neu";
    o.assignee_id = f.employee;
    const turnus::domain::Order added = tx.orders().add(o);
    EXPECT_EQ(added.number, 3);
    EXPECT_GT(added.id, f.last_order);
    const Contract c = tx.contracts().add(
        make_contract(f.org_a, f.employee, std::nullopt, {turnus::domain::IntervalUnit::day, 1, {}}, std::nullopt, "x"),
        2000);
    EXPECT_GT(c.id(), f.contracts.back());
  });

  // A target that holds data is refused, and keeps what it has.
  try {
    turnus::store::copy_database(source.url(), target.url());
    FAIL() << "expected a refusal";
  } catch (const turnus::domain::Error& e) {
    EXPECT_EQ(e.kind(), turnus::domain::ErrorKind::conflict);
  }
  EXPECT_EQ(target.execute("SELECT count(*) FROM maintenance_contracts"), "3");
}

TEST(CopyDatabase, RefusesUrlsOfTheWrongKind) {
  EXPECT_THROW(turnus::store::copy_database("postgresql://x/y", "sqlite:/tmp/x.db"), turnus::domain::Error);
}

}  // namespace

#include <string_view>

#include "store/sqlite/repositories.hpp"
#include "store/text_fold.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, name, email, phone, address, created_at FROM customers ";

domain::Customer read_row(const Statement& s) {
  return domain::Customer{s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.text(5), s.int64(6)};
}

}  // namespace

domain::Customer SqliteCustomerRepository::add(const domain::Customer& customer) {
  conn_
      .prepare(
          "INSERT INTO customers (organisation_id, name, name_folded, email, phone, address, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(customer.organisation_id, customer.name, fold(customer.name), customer.email, customer.phone,
                customer.address, customer.created_at)
      .run();
  domain::Customer stored = customer;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::optional<domain::Customer> SqliteCustomerRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

app::Page<domain::Customer> SqliteCustomerRepository::list(Id organisation_id, const std::string& query,
                                                           app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  const std::string needle = fold(query);
  // instr() instead of LIKE: the needle is matched literally, no escaping of % and _.
  const std::string where = "WHERE organisation_id = ? AND (? = '' OR instr(name_folded, ?) > 0) ";

  app::Page<domain::Customer> out;
  out.page = page.page;
  out.per_page = page.per_page;
  {
    Statement count = conn_.prepare("SELECT count(*) FROM customers " + where);
    count.bind_all(organisation_id, needle, needle);
    count.step();
    out.total = count.int64(0);
  }
  Statement s = conn_.prepare(std::string(kSelect) + where + "ORDER BY name_folded, id LIMIT ? OFFSET ?");
  s.bind_all(organisation_id, needle, needle, std::int64_t{page.per_page}, page.offset());
  while (s.step()) out.items.push_back(read_row(s));
  return out;
}

void SqliteCustomerRepository::update(const domain::Customer& customer) {
  conn_
      .prepare(
          "UPDATE customers SET name = ?, name_folded = ?, email = ?, phone = ?, address = ? "
          "WHERE organisation_id = ? AND id = ?")
      .bind_all(customer.name, fold(customer.name), customer.email, customer.phone, customer.address,
                customer.organisation_id, customer.id)
      .run();
  if (conn_.changes() == 0) throw domain::Error::not_found("Kunde", "Customer");
}

app::CustomerRepository::References SqliteCustomerRepository::references(Id organisation_id, Id id) {
  // Contracts of the customer's projects count through the projects.
  Statement s = conn_.prepare(
      "SELECT (SELECT count(*) FROM projects WHERE organisation_id = ?1 AND customer_id = ?2), "
      "(SELECT count(*) FROM maintenance_contracts WHERE organisation_id = ?1 AND customer_id = ?2), "
      "(SELECT count(*) FROM orders WHERE organisation_id = ?1 AND customer_id = ?2)");
  s.bind_all(organisation_id, id);
  s.step();
  return {s.int64(0), s.int64(1), s.int64(2)};
}

bool SqliteCustomerRepository::remove(Id organisation_id, Id id) {
  conn_.prepare("DELETE FROM customers WHERE organisation_id = ? AND id = ?").bind_all(organisation_id, id).run();
  return conn_.changes() > 0;
}

}  // namespace turnus::store::sqlite

#include <string_view>

#include "store/postgres/repositories.hpp"
#include "store/text_fold.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, name, email, phone, address, created_at FROM customers ";

domain::Customer read_row(const Row& r) {
  return domain::Customer{r.int64(0), r.int64(1), r.text(2), r.text(3), r.text(4), r.text(5), r.int64(6)};
}

}  // namespace

domain::Customer PgCustomerRepository::add(const domain::Customer& customer) {
  const Result inserted =
      conn_
          .query(
              "INSERT INTO customers (organisation_id, name, name_folded, email, phone, address, created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
          .bind_all(customer.organisation_id, customer.name, fold(customer.name), customer.email, customer.phone,
                    customer.address, customer.created_at)
          .run();
  domain::Customer stored = customer;
  stored.id = returned_id(inserted);
  return stored;
}

std::optional<domain::Customer> PgCustomerRepository::find(Id organisation_id, Id id) {
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

app::Page<domain::Customer> PgCustomerRepository::list(Id organisation_id, const std::string& query,
                                                       app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  // The condition is left out for an empty query rather than made a no-op, so the planner
  // never has to guess which of the two it is.
  const auto where = [&](Query& q) {
    q.append("WHERE organisation_id = " + q.arg(organisation_id));
    if (!query.empty()) q.append(" AND name_folded LIKE " + q.arg(contains_pattern(fold(query))));
  };

  app::Page<domain::Customer> out;
  out.page = page.page;
  out.per_page = page.per_page;
  {
    Query count = conn_.query("SELECT count(*) FROM customers ");
    where(count);
    out.total = count.run().row(0).int64(0);
  }
  Query q = conn_.query(std::string(kSelect));
  where(q);
  q.append(" ORDER BY name_folded, id LIMIT " + q.arg(std::int64_t{page.per_page}) + " OFFSET " + q.arg(page.offset()));
  for (const Row row : q.run()) out.items.push_back(read_row(row));
  return out;
}

void PgCustomerRepository::update(const domain::Customer& customer) {
  const Result updated = conn_
                             .query(
                                 "UPDATE customers SET name = $1, name_folded = $2, email = $3, phone = $4, "
                                 "address = $5 WHERE organisation_id = $6 AND id = $7")
                             .bind_all(customer.name, fold(customer.name), customer.email, customer.phone,
                                       customer.address, customer.organisation_id, customer.id)
                             .run();
  if (updated.affected() == 0) throw domain::Error::not_found("Kunde", "Customer");
}

app::CustomerRepository::References PgCustomerRepository::references(Id organisation_id, Id id) {
  const Result r =
      conn_
          .query(
              "SELECT (SELECT count(*) FROM projects WHERE organisation_id = $1 AND customer_id = $2), "
              "(SELECT count(*) FROM maintenance_contracts WHERE organisation_id = $1 AND customer_id = $2), "
              "(SELECT count(*) FROM orders WHERE organisation_id = $1 AND customer_id = $2)")
          .bind_all(organisation_id, id)
          .run();
  const Row row = r.row(0);
  return {row.int64(0), row.int64(1), row.int64(2)};
}

bool PgCustomerRepository::remove(Id organisation_id, Id id) {
  return conn_.query("DELETE FROM customers WHERE organisation_id = $1 AND id = $2")
             .bind_all(organisation_id, id)
             .run()
             .affected() > 0;
}

}  // namespace turnus::store::postgres

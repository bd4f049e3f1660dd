#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, number, title, customer_id, assignee_id, due_date, status, source_contract_id, "
    "source_due_date, created_at FROM orders ";

domain::Order read_row(const Row& row) {
  domain::Order o;
  o.id = row.int64(0);
  o.organisation_id = row.int64(1);
  o.number = row.int64(2);
  o.title = row.text(3);
  o.customer_id = row.optional_int64(4);
  o.assignee_id = row.int64(5);
  o.due_date = row.optional_date(6);
  const std::string status = row.text(7);
  o.status = parse_enum(domain::work_status_from_string(status), status);
  o.source = source_at(row, 8);
  o.created_at = row.int64(10);
  return o;
}

}  // namespace

domain::Order PgOrderRepository::add(const domain::Order& order) {
  if (conn_.batching()) {
    // The organisation's sequence row is locked once per transaction (the same lock as
    // below), the numbers counted on here, and the row set to the next free one at flush.
    std::optional<std::int64_t>& next =
        conn_.transaction_counter("order_number:" + std::to_string(order.organisation_id));
    if (!next) {
      const Result locked = conn_
                                .query(
                                    "UPDATE order_sequences SET next_number = next_number WHERE organisation_id = $1 "
                                    "RETURNING next_number")
                                .bind(order.organisation_id)
                                .run();
      if (locked.empty()) throw domain::Error::not_found("Organisation", "Organisation");
      next = locked.row(0).int64(0);
    }
    domain::Order stored = order;
    stored.id = conn_.reserve_id("orders");
    stored.number = (*next)++;
    Query q = conn_.query("");
    q.bind_all(stored.id, order.organisation_id, stored.number, order.title, order.customer_id, order.assignee_id,
               order.due_date, domain::to_string(order.status));
    bind_source(q, order.source);
    q.bind(order.created_at);
    q.defer(
        "INSERT INTO orders (id, organisation_id, number, title, customer_id, assignee_id, due_date, status, "
        "source_contract_id, source_due_date, created_at) OVERRIDING SYSTEM VALUE SELECT * FROM unnest($1::bigint[], "
        "$2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::date[], $8::text[], $9::bigint[], "
        "$10::date[], $11::bigint[])");
    conn_.query("")
        .bind_all(order.organisation_id, *next)
        .defer(
            "UPDATE order_sequences s SET next_number = u.next_number FROM (SELECT organisation_id, max(next_number) "
            "AS next_number FROM unnest($1::bigint[], $2::bigint[]) AS x(organisation_id, next_number) GROUP BY "
            "organisation_id) u WHERE s.organisation_id = u.organisation_id");
    return stored;
  }
  // The number comes from the organisation's sequence row in the caller's transaction: the
  // UPDATE locks the row until commit, so concurrent takers queue, and a rollback returns
  // the number, so the numbers stay gap-free. (A PostgreSQL SEQUENCE would leave gaps.)
  const Result next = conn_
                          .query(
                              "UPDATE order_sequences SET next_number = next_number + 1 WHERE organisation_id = $1 "
                              "RETURNING next_number - 1")
                          .bind(order.organisation_id)
                          .run();
  if (next.empty()) throw domain::Error::not_found("Organisation", "Organisation");
  const std::int64_t number = next.row(0).int64(0);

  Query q = conn_.query(
      "INSERT INTO orders (organisation_id, number, title, customer_id, assignee_id, due_date, status, "
      "source_contract_id, source_due_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
  q.bind_all(order.organisation_id, number, order.title, order.customer_id, order.assignee_id, order.due_date,
             domain::to_string(order.status));
  bind_source(q, order.source);
  q.bind(order.created_at);
  domain::Order stored = order;
  stored.id = returned_id(q.run());
  stored.number = number;
  return stored;
}

std::optional<domain::Order> PgOrderRepository::find(Id organisation_id, Id id) {
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

app::Page<domain::Order> PgOrderRepository::list(Id organisation_id, const app::WorkQuery& query,
                                                 app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  const auto where = [&](Query& q) {
    q.append("WHERE organisation_id = " + q.arg(organisation_id));
    if (query.assignee_id) q.append(" AND assignee_id = " + q.arg(*query.assignee_id));
    if (query.status) q.append(" AND status = " + q.arg(domain::to_string(*query.status)));
    if (query.customer_id) q.append(" AND customer_id = " + q.arg(*query.customer_id));
  };
  auto out = empty_page<domain::Order>(page);
  {
    Query count = conn_.query("SELECT count(*) FROM orders ");
    where(count);
    out.total = count.run().row(0).int64(0);
  }
  // The order of the indexes orders_assignee and orders_due.
  Query q = conn_.query(std::string(kSelect));
  where(q);
  q.append(" ORDER BY due_date ASC NULLS LAST, id LIMIT " + q.arg(std::int64_t{page.per_page}) + " OFFSET " +
           q.arg(page.offset()));
  for (const Row row : q.run()) out.items.push_back(read_row(row));
  return out;
}

void PgOrderRepository::update(const domain::Order& order) {
  const Result updated = conn_
                             .query(
                                 "UPDATE orders SET title = $1, assignee_id = $2, due_date = $3, status = $4 "
                                 "WHERE organisation_id = $5 AND id = $6")
                             .bind_all(order.title, order.assignee_id, order.due_date, domain::to_string(order.status),
                                       order.organisation_id, order.id)
                             .run();
  if (updated.affected() == 0) throw domain::Error::not_found("Auftrag", "Order");
}

}  // namespace turnus::store::postgres

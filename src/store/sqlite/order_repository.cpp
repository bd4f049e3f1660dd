#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, number, title, customer_id, assignee_id, due_date, status, source_contract_id, "
    "source_due_date, created_at FROM orders ";

domain::Order read_row(const Statement& s) {
  domain::Order o;
  o.id = s.int64(0);
  o.organisation_id = s.int64(1);
  o.number = s.int64(2);
  o.title = s.text(3);
  o.customer_id = s.optional_int64(4);
  o.assignee_id = s.int64(5);
  o.due_date = s.optional_date(6);
  const std::string status = s.text(7);
  o.status = parse_enum(domain::work_status_from_string(status), status);
  o.source = source_at(s, 8);
  o.created_at = s.int64(10);
  return o;
}

}  // namespace

domain::Order SqliteOrderRepository::add(const domain::Order& order) {
  // The number comes from the organisation's sequence row in the caller's transaction: a
  // rollback returns it, so the numbers stay gap-free; the write lock serialises takers.
  std::int64_t number = 0;
  {
    Statement next = conn_.prepare(
        "UPDATE order_sequences SET next_number = next_number + 1 WHERE organisation_id = ? "
        "RETURNING next_number - 1");
    next.bind(order.organisation_id);
    if (!next.step()) throw domain::Error::not_found("Organisation", "Organisation");
    number = next.int64(0);
    next.run();
  }
  Statement s = conn_.prepare(
      "INSERT INTO orders (organisation_id, number, title, customer_id, assignee_id, due_date, status, "
      "source_contract_id, source_due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(order.organisation_id, number, order.title, order.customer_id, order.assignee_id, order.due_date,
             domain::to_string(order.status));
  bind_source(s, order.source);
  s.bind(order.created_at).run();
  domain::Order stored = order;
  stored.id = conn_.last_insert_id();
  stored.number = number;
  return stored;
}

std::optional<domain::Order> SqliteOrderRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

app::Page<domain::Order> SqliteOrderRepository::list(Id organisation_id, const app::WorkQuery& query,
                                                     app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  Conditions where;
  if (query.assignee_id) where.add("assignee_id = ?", *query.assignee_id);
  if (query.status) where.add("status = ?", std::string(domain::to_string(*query.status)));
  if (query.customer_id) where.add("customer_id = ?", *query.customer_id);

  auto out = empty_page<domain::Order>(page);
  {
    Statement count = conn_.prepare("SELECT count(*) FROM orders WHERE organisation_id = ?" + where.sql);
    count.bind(organisation_id);
    where.bind(count);
    count.step();
    out.total = count.int64(0);
  }
  // Spelled like the indexes orders_assignee and orders_due, so the page is read off them.
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ?" + where.sql +
                              " ORDER BY due_date IS NULL, due_date, id LIMIT ? OFFSET ?");
  s.bind(organisation_id);
  where.bind(s);
  s.bind_all(std::int64_t{page.per_page}, page.offset());
  while (s.step()) out.items.push_back(read_row(s));
  return out;
}

void SqliteOrderRepository::update(const domain::Order& order) {
  conn_
      .prepare(
          "UPDATE orders SET title = ?, assignee_id = ?, due_date = ?, status = ? WHERE organisation_id = ? AND id = ?")
      .bind_all(order.title, order.assignee_id, order.due_date, domain::to_string(order.status), order.organisation_id,
                order.id)
      .run();
  if (conn_.changes() == 0) throw domain::Error::not_found("Auftrag", "Order");
}

}  // namespace turnus::store::sqlite

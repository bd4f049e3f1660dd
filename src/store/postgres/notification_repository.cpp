#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, recipient_id, text, read, link, source_contract_id, source_due_date, created_at "
    "FROM notifications ";

domain::Notification read_row(const Row& row) {
  domain::Notification n;
  n.id = row.int64(0);
  n.organisation_id = row.int64(1);
  n.recipient_id = row.int64(2);
  n.text = row.text(3);
  n.read = row.boolean(4);
  n.link = row.text(5);
  n.source = source_at(row, 6);
  n.created_at = row.int64(8);
  return n;
}

}  // namespace

domain::Notification PgNotificationRepository::add(const domain::Notification& notification) {
  if (conn_.batching()) {
    domain::Notification stored = notification;
    stored.id = conn_.reserve_id("notifications");
    Query q = conn_.query("");
    q.bind_all(stored.id, notification.organisation_id, notification.recipient_id, notification.text, notification.read,
               notification.link);
    bind_source(q, notification.source);
    q.bind(notification.created_at);
    q.defer(
        "INSERT INTO notifications (id, organisation_id, recipient_id, text, read, link, source_contract_id, "
        "source_due_date, created_at) OVERRIDING SYSTEM VALUE SELECT * FROM unnest($1::bigint[], $2::bigint[], "
        "$3::bigint[], $4::text[], $5::boolean[], $6::text[], $7::bigint[], $8::date[], $9::bigint[])");
    return stored;
  }
  Query q = conn_.query(
      "INSERT INTO notifications (organisation_id, recipient_id, text, read, link, source_contract_id, "
      "source_due_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
  q.bind_all(notification.organisation_id, notification.recipient_id, notification.text, notification.read,
             notification.link);
  bind_source(q, notification.source);
  q.bind(notification.created_at);
  domain::Notification stored = notification;
  stored.id = returned_id(q.run());
  return stored;
}

std::optional<domain::Notification> PgNotificationRepository::find(Id organisation_id, Id id) {
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

std::vector<domain::Notification> PgNotificationRepository::for_recipient(Id organisation_id, Id recipient_id) {
  std::vector<domain::Notification> out;
  for (const Row row : conn_
                           .query(std::string(kSelect) +
                                  "WHERE organisation_id = $1 AND recipient_id = $2 ORDER BY created_at DESC, id DESC")
                           .bind_all(organisation_id, recipient_id)
                           .run()) {
    out.push_back(read_row(row));
  }
  return out;
}

app::Page<domain::Notification> PgNotificationRepository::list(Id organisation_id, const app::NotificationQuery& query,
                                                               app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  const auto where = [&](Query& q) {
    q.append("WHERE organisation_id = " + q.arg(organisation_id));
    if (query.recipient_id) q.append(" AND recipient_id = " + q.arg(*query.recipient_id));
    if (query.read) q.append(" AND read = " + q.arg(*query.read));
  };
  auto out = empty_page<domain::Notification>(page);
  {
    Query count = conn_.query("SELECT count(*) FROM notifications ");
    where(count);
    out.total = count.run().row(0).int64(0);
  }
  Query q = conn_.query(std::string(kSelect));
  where(q);
  q.append(" ORDER BY created_at DESC, id DESC LIMIT " + q.arg(std::int64_t{page.per_page}) + " OFFSET " +
           q.arg(page.offset()));
  for (const Row row : q.run()) out.items.push_back(read_row(row));
  return out;
}

std::int64_t PgNotificationRepository::count_unread(Id organisation_id, Id recipient_id) {
  return conn_.query("SELECT count(*) FROM notifications WHERE organisation_id = $1 AND recipient_id = $2 AND NOT read")
      .bind_all(organisation_id, recipient_id)
      .run()
      .row(0)
      .int64(0);
}

void PgNotificationRepository::set_read(Id organisation_id, Id id, bool read) {
  const Result updated = conn_.query("UPDATE notifications SET read = $1 WHERE organisation_id = $2 AND id = $3")
                             .bind_all(read, organisation_id, id)
                             .run();
  if (updated.affected() == 0) throw domain::Error::not_found("Benachrichtigung", "Notification");
}

}  // namespace turnus::store::postgres

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

domain::Notification PgNotificationRepository::add(const domain::Notification& notification) {
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

std::vector<domain::Notification> PgNotificationRepository::for_recipient(Id organisation_id, Id recipient_id) {
  std::vector<domain::Notification> out;
  for (const Row row :
       conn_
           .query("SELECT id, organisation_id, recipient_id, text, read, link, source_contract_id, source_due_date, "
                  "created_at FROM notifications WHERE organisation_id = $1 AND recipient_id = $2 "
                  "ORDER BY created_at DESC, id DESC")
           .bind_all(organisation_id, recipient_id)
           .run()) {
    domain::Notification n;
    n.id = row.int64(0);
    n.organisation_id = row.int64(1);
    n.recipient_id = row.int64(2);
    n.text = row.text(3);
    n.read = row.boolean(4);
    n.link = row.text(5);
    n.source = source_at(row, 6);
    n.created_at = row.int64(8);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace turnus::store::postgres

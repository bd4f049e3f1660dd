#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

domain::Notification SqliteNotificationRepository::add(const domain::Notification& notification) {
  Statement s = conn_.prepare(
      "INSERT INTO notifications (organisation_id, recipient_id, text, read, link, source_contract_id, "
      "source_due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(notification.organisation_id, notification.recipient_id, notification.text, notification.read,
             notification.link);
  bind_source(s, notification.source);
  s.bind(notification.created_at).run();
  domain::Notification stored = notification;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::vector<domain::Notification> SqliteNotificationRepository::for_recipient(Id organisation_id, Id recipient_id) {
  Statement s = conn_.prepare(
      "SELECT id, organisation_id, recipient_id, text, read, link, source_contract_id, source_due_date, created_at "
      "FROM notifications WHERE organisation_id = ? AND recipient_id = ? ORDER BY created_at DESC, id DESC");
  s.bind_all(organisation_id, recipient_id);
  std::vector<domain::Notification> out;
  while (s.step()) {
    domain::Notification n;
    n.id = s.int64(0);
    n.organisation_id = s.int64(1);
    n.recipient_id = s.int64(2);
    n.text = s.text(3);
    n.read = s.boolean(4);
    n.link = s.text(5);
    n.source = source_at(s, 6);
    n.created_at = s.int64(8);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace turnus::store::sqlite

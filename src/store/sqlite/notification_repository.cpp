#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, recipient_id, text, read, link, source_contract_id, source_due_date, created_at "
    "FROM notifications ";

domain::Notification read_row(const Statement& s) {
  domain::Notification n;
  n.id = s.int64(0);
  n.organisation_id = s.int64(1);
  n.recipient_id = s.int64(2);
  n.text = s.text(3);
  n.read = s.boolean(4);
  n.link = s.text(5);
  n.source = source_at(s, 6);
  n.created_at = s.int64(8);
  return n;
}

}  // namespace

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

std::optional<domain::Notification> SqliteNotificationRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::vector<domain::Notification> SqliteNotificationRepository::for_recipient(Id organisation_id, Id recipient_id) {
  Statement s = conn_.prepare(std::string(kSelect) +
                              "WHERE organisation_id = ? AND recipient_id = ? ORDER BY created_at DESC, id DESC");
  s.bind_all(organisation_id, recipient_id);
  std::vector<domain::Notification> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

app::Page<domain::Notification> SqliteNotificationRepository::list(Id organisation_id,
                                                                   const app::NotificationQuery& query,
                                                                   app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  Conditions where;
  if (query.recipient_id) where.add("recipient_id = ?", *query.recipient_id);
  if (query.read) where.add("read = ?", std::int64_t{*query.read ? 1 : 0});

  auto out = empty_page<domain::Notification>(page);
  {
    Statement count = conn_.prepare("SELECT count(*) FROM notifications WHERE organisation_id = ?" + where.sql);
    count.bind(organisation_id);
    where.bind(count);
    count.step();
    out.total = count.int64(0);
  }
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ?" + where.sql +
                              " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
  s.bind(organisation_id);
  where.bind(s);
  s.bind_all(std::int64_t{page.per_page}, page.offset());
  while (s.step()) out.items.push_back(read_row(s));
  return out;
}

std::int64_t SqliteNotificationRepository::count_unread(Id organisation_id, Id recipient_id) {
  Statement s =
      conn_.prepare("SELECT count(*) FROM notifications WHERE organisation_id = ? AND recipient_id = ? AND read = 0");
  s.bind_all(organisation_id, recipient_id);
  s.step();
  return s.int64(0);
}

void SqliteNotificationRepository::set_read(Id organisation_id, Id id, bool read) {
  conn_.prepare("UPDATE notifications SET read = ? WHERE organisation_id = ? AND id = ?")
      .bind_all(read, organisation_id, id)
      .run();
  if (conn_.changes() == 0) throw domain::Error::not_found("Benachrichtigung", "Notification");
}

}  // namespace turnus::store::sqlite

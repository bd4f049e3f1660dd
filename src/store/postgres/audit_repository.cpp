#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

void PgAuditRepository::add(const domain::AuditEntry& entry) {
  if (conn_.batching()) {
    conn_.query("")
        .bind_all(entry.organisation_id, entry.actor_id, entry.action, entry.entity, entry.entity_id,
                  entry.detail.empty() ? std::string("{}") : entry.detail, entry.at)
        .defer(
            "INSERT INTO audit_log (organisation_id, actor_id, action, entity, entity_id, detail, at) SELECT * FROM "
            "unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[])");
    return;
  }
  conn_
      .query(
          "INSERT INTO audit_log (organisation_id, actor_id, action, entity, entity_id, detail, at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7)")
      .bind_all(entry.organisation_id, entry.actor_id, entry.action, entry.entity, entry.entity_id,
                entry.detail.empty() ? std::string("{}") : entry.detail, entry.at)
      .run();
}

std::vector<domain::AuditEntry> PgAuditRepository::recent(Id organisation_id, int limit) {
  std::vector<domain::AuditEntry> out;
  for (const Row row : conn_
                           .query("SELECT id, organisation_id, actor_id, action, entity, entity_id, detail, at "
                                  "FROM audit_log WHERE organisation_id = $1 ORDER BY at DESC, id DESC LIMIT $2")
                           .bind_all(organisation_id, limit < 0 ? 0 : limit)
                           .run()) {
    out.push_back(domain::AuditEntry{row.int64(0), row.int64(1), row.optional_int64(2), row.text(3), row.text(4),
                                     row.int64(5), row.text(6), row.int64(7)});
  }
  return out;
}

}  // namespace turnus::store::postgres

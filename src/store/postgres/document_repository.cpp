#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

// Never the content: lists and lookups stay small however large the files are.
constexpr std::string_view kSelect =
    "SELECT id, organisation_id, contract_id, file_name, content_type, size, sha256, uploaded_by, created_at "
    "FROM documents ";

domain::Document read_row(const Row& r) {
  return domain::Document{r.int64(0), r.int64(1), r.int64(2), r.text(3), r.text(4),
                          r.int64(5), r.text(6),  r.int64(7), r.int64(8)};
}

}  // namespace

domain::Document PgDocumentRepository::add(const domain::Document& document, std::string_view content) {
  Query q = conn_.query(
      "INSERT INTO documents (organisation_id, contract_id, file_name, content_type, size, sha256, content, "
      "uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
  q.bind_all(document.organisation_id, document.contract_id, document.file_name, document.content_type,
             static_cast<std::int64_t>(content.size()), document.sha256);
  q.bind_binary(content);
  q.bind_all(document.uploaded_by, document.created_at);
  domain::Document stored = document;
  stored.id = returned_id(q.run());
  stored.size = static_cast<std::int64_t>(content.size());
  return stored;
}

std::optional<domain::Document> PgDocumentRepository::find(Id organisation_id, Id id) {
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

std::optional<std::string> PgDocumentRepository::content(Id organisation_id, Id id) {
  const Result r = conn_.query("SELECT content FROM documents WHERE organisation_id = $1 AND id = $2")
                       .bind_all(organisation_id, id)
                       .run();
  if (r.empty()) return std::nullopt;
  return r.row(0).bytea(0);
}

std::vector<domain::Document> PgDocumentRepository::for_contract(Id organisation_id, Id contract_id) {
  std::vector<domain::Document> out;
  for (const Row row :
       conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND contract_id = $2 ORDER BY created_at, id")
           .bind_all(organisation_id, contract_id)
           .run()) {
    out.push_back(read_row(row));
  }
  return out;
}

bool PgDocumentRepository::remove(Id organisation_id, Id id) {
  return conn_.query("DELETE FROM documents WHERE organisation_id = $1 AND id = $2")
             .bind_all(organisation_id, id)
             .run()
             .affected() > 0;
}

}  // namespace turnus::store::postgres

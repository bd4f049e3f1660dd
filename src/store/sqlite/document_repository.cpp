#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

// Never the content: lists and lookups stay small however large the files are.
constexpr std::string_view kSelect =
    "SELECT id, organisation_id, contract_id, file_name, content_type, size, sha256, uploaded_by, created_at "
    "FROM documents ";

domain::Document read_row(const Statement& s) {
  return domain::Document{s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4),
                          s.int64(5), s.text(6),  s.int64(7), s.int64(8)};
}

}  // namespace

domain::Document SqliteDocumentRepository::add(const domain::Document& document, std::string_view content) {
  Statement s = conn_.prepare(
      "INSERT INTO documents (organisation_id, contract_id, file_name, content_type, size, sha256, content, "
      "uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(document.organisation_id, document.contract_id, document.file_name, document.content_type,
             static_cast<std::int64_t>(content.size()), document.sha256);
  s.bind_blob(content);
  s.bind_all(document.uploaded_by, document.created_at).run();
  domain::Document stored = document;
  stored.id = conn_.last_insert_id();
  stored.size = static_cast<std::int64_t>(content.size());
  return stored;
}

std::optional<domain::Document> SqliteDocumentRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::optional<std::string> SqliteDocumentRepository::content(Id organisation_id, Id id) {
  Statement s = conn_.prepare("SELECT content FROM documents WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return s.blob(0);
}

std::vector<domain::Document> SqliteDocumentRepository::for_contract(Id organisation_id, Id contract_id) {
  Statement s =
      conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND contract_id = ? ORDER BY created_at, id");
  s.bind_all(organisation_id, contract_id);
  std::vector<domain::Document> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

bool SqliteDocumentRepository::remove(Id organisation_id, Id id) {
  conn_.prepare("DELETE FROM documents WHERE organisation_id = ? AND id = ?").bind_all(organisation_id, id).run();
  return conn_.changes() > 0;
}

}  // namespace turnus::store::sqlite

#include <algorithm>
#include <limits>
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

// The bytes go through SQLite's incremental blob I/O: the row is inserted with a zeroblob
// of the final size, which is then filled piece by piece, and pieces are read the same
// way, so no statement ever binds or returns the whole content.
constexpr std::size_t kPiece = std::size_t{256} * 1024;

class Blob {
 public:
  Blob(sqlite3* db, Id id, bool writable) : db_(db) {
    const int rc = sqlite3_blob_open(db, "main", "documents", "content", id, writable ? 1 : 0, &blob_);
    if (rc != SQLITE_OK) {
      sqlite3_blob_close(blob_);
      raise(db, rc, "opening a document's content");
    }
  }
  Blob(const Blob&) = delete;
  Blob& operator=(const Blob&) = delete;
  ~Blob() { sqlite3_blob_close(blob_); }
  void write(std::string_view bytes, std::int64_t offset) {
    const int rc = sqlite3_blob_write(blob_, bytes.data(), static_cast<int>(bytes.size()), static_cast<int>(offset));
    if (rc != SQLITE_OK) raise(db_, rc, "writing a document's content");
  }
  void read(char* out, std::size_t size, std::int64_t offset) {
    const int rc = sqlite3_blob_read(blob_, out, static_cast<int>(size), static_cast<int>(offset));
    if (rc != SQLITE_OK) raise(db_, rc, "reading a document's content");
  }

 private:
  sqlite3* db_;
  sqlite3_blob* blob_ = nullptr;
};

}  // namespace

domain::Document SqliteDocumentRepository::add(const domain::Document& document, app::ByteSource& content) {
  const std::int64_t size = content.size();
  if (size < 0 || size > std::numeric_limits<int>::max()) {
    throw domain::Error(domain::ErrorKind::validation, {"Die Datei ist zu groß.", "The file is too large."});
  }
  conn_
      .prepare(
          "INSERT INTO documents (organisation_id, contract_id, file_name, content_type, size, sha256, content, "
          "uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, zeroblob(?), ?, ?)")
      .bind_all(document.organisation_id, document.contract_id, document.file_name, document.content_type, size,
                document.sha256, size, document.uploaded_by, document.created_at)
      .run();
  domain::Document stored = document;
  stored.id = conn_.last_insert_id();
  stored.size = size;
  if (size == 0) return stored;
  Blob blob(conn_.handle(), stored.id, true);
  std::string piece(kPiece, '\0');
  std::int64_t written = 0;
  while (const std::size_t n = content.read(piece.data(), piece.size())) {
    if (written + static_cast<std::int64_t>(n) > size) break;
    blob.write(std::string_view(piece.data(), n), written);
    written += static_cast<std::int64_t>(n);
  }
  // One more read: a source longer than it said is as wrong as a shorter one.
  if (written == size && content.read(piece.data(), 1) != 0) written = size + 1;
  if (written != size) {
    throw domain::Error(domain::ErrorKind::internal,
                        {"Die Datei hat sich beim Speichern verändert.", "The file changed while it was stored."});
  }
  return stored;
}

std::optional<domain::Document> SqliteDocumentRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::optional<std::string> SqliteDocumentRepository::content_piece(Id organisation_id, Id id, std::int64_t offset,
                                                                   std::size_t max, std::string_view sha256) {
  std::int64_t size = 0;
  {
    Statement s = conn_.prepare("SELECT size, sha256 FROM documents WHERE organisation_id = ? AND id = ?");
    s.bind_all(organisation_id, id);
    if (!s.step()) return std::nullopt;
    if (!sha256.empty() && s.text_view(1) != sha256) return std::nullopt;
    size = s.int64(0);
  }
  if (offset >= size || max == 0) return std::string();
  std::string piece(static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(max), size - offset)),
                    '\0');
  Blob(conn_.handle(), id, false).read(piece.data(), piece.size(), offset);
  return piece;
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

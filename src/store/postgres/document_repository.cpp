#include <algorithm>
#include <string>
#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

// Never the content: lists and lookups stay small however large the files are.
constexpr std::string_view kSelect =
    "SELECT id, organisation_id, contract_id, file_name, content_type, size, sha256, uploaded_by, created_at "
    "FROM documents ";

// A piece is read into one statement's result; larger requests are cut to this.
constexpr std::size_t kMaxPiece = std::size_t{16} * 1024 * 1024;

domain::Document read_row(const Row& r) {
  return domain::Document{r.int64(0), r.int64(1), r.int64(2), r.text(3), r.text(4),
                          r.int64(5), r.text(6),  r.int64(7), r.int64(8)};
}

constexpr std::size_t kPiece = std::size_t{256} * 1024;

}  // namespace

// The row goes in by COPY FROM STDIN, its content as hex in pieces as it is read from the
// source, so neither this process nor a statement parameter ever holds the whole file (a
// BYTEA parameter would). The id is taken from the identity sequence first, since COPY
// returns nothing.
domain::Document PgDocumentRepository::add(const domain::Document& document, app::ByteSource& content) {
  domain::Document stored = document;
  stored.id = conn_.query("SELECT nextval(pg_get_serial_sequence('documents', 'id'))").run().row(0).int64(0);
  stored.size = content.size();
  enum class Part { head, bytes, tail, done };
  Part part = Part::head;
  std::string buffer(kPiece, '\0');
  std::int64_t copied = 0;
  conn_.copy_in(
      "COPY documents (id, organisation_id, contract_id, file_name, content_type, size, sha256, content, "
      "uploaded_by, created_at) FROM STDIN",
      [&](std::string& out) {
        static constexpr char kHex[] = "0123456789abcdef";
        switch (part) {
          case Part::head:
            out += std::to_string(stored.id) + '\t' + std::to_string(stored.organisation_id) + '\t' +
                   std::to_string(stored.contract_id) + '\t';
            append_copy_text(out, stored.file_name);
            out += '\t';
            append_copy_text(out, stored.content_type);
            out += '\t' + std::to_string(stored.size) + '\t';
            append_copy_text(out, stored.sha256);
            out += "\t\\\\x";  // a BYTEA in hex: \x, its backslash escaped for COPY
            part = Part::bytes;
            return true;
          case Part::bytes: {
            const std::size_t n = content.read(buffer.data(), buffer.size());
            if (n == 0) {
              part = Part::tail;
              return true;
            }
            copied += static_cast<std::int64_t>(n);
            out.reserve(2 * n);
            for (std::size_t i = 0; i < n; ++i) {
              const auto byte = static_cast<unsigned char>(buffer[i]);
              out += kHex[byte >> 4];
              out += kHex[byte & 0xF];
            }
            return true;
          }
          case Part::tail:
            if (copied != stored.size) {
              throw domain::Error(domain::ErrorKind::internal, {"Die Datei hat sich beim Speichern verändert.",
                                                                "The file changed while it was stored."});
            }
            out += '\t' + std::to_string(stored.uploaded_by) + '\t' + std::to_string(stored.created_at) + '\n';
            part = Part::done;
            return false;
          case Part::done: return false;
        }
        return false;
      });
  return stored;
}

std::optional<domain::Document> PgDocumentRepository::find(Id organisation_id, Id id) {
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

// substring() of a BYTEA stored uncompressed out of line (migration 0011, STORAGE
// EXTERNAL) reads only the TOAST chunks of the piece asked for.
std::optional<std::string> PgDocumentRepository::content_piece(Id organisation_id, Id id, std::int64_t offset,
                                                               std::size_t max, std::string_view sha256) {
  const std::int64_t length = static_cast<std::int64_t>(std::min<std::size_t>(max, kMaxPiece));
  const Result r = conn_
                       .query(
                           "SELECT size, substring(content FROM $3::bigint::int + 1 FOR $4::bigint::int), sha256 "
                           "FROM documents WHERE organisation_id = $1 AND id = $2")
                       .bind_all(organisation_id, id, offset, length)
                       .run();
  if (r.empty()) return std::nullopt;
  if (!sha256.empty() && r.row(0).text(2) != sha256) return std::nullopt;
  if (offset >= r.row(0).int64(0)) return std::string();
  return r.row(0).bytea(1);
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

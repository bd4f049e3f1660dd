// Documents of a maintenance contract (manuals, checklists, photos), stored with their
// bytes in the database so a backup of the database is a backup of everything.
//
// Every role reads them (technicians take the checklist along); admin and office attach and
// delete them. An archived contract is read-only, its documents included.
#include <string>
#include <vector>

#include "app/permissions.hpp"
#include "app/rules.hpp"
#include "app/use_cases.hpp"
#include "domain/file_name.hpp"
#include "domain/text.hpp"

namespace turnus::app {

using domain::Error;
using domain::Timestamp;

namespace {

// The HTTP layer refuses larger bodies before they arrive (25 MB); this is the same rule
// for every other caller, in the larger reading of "MB" so it never refuses first.
constexpr std::size_t kMaxDocumentBytes = std::size_t{25} * 1024 * 1024;
constexpr std::size_t kMaxContentType = 255;
constexpr std::string_view kUnknownContentType = "application/octet-stream";

// The sniffer's answer when it looks like a media type ("type/subtype", maybe with
// parameters); anything else is sent back as plain bytes.
std::string content_type_of(const std::string& detected) {
  const std::string type = rules::trimmed(detected);
  const bool plausible = !type.empty() && type.size() <= kMaxContentType && type.find('/') != std::string::npos &&
                         !domain::has_control_chars(type) && rules::valid_utf8(type);
  return plausible ? type : std::string(kUnknownContentType);
}

domain::Contract find_contract(Tx& tx, Id org, Id id) {
  std::optional<domain::Contract> c = tx.contracts().find(org, id);
  if (!c) throw Error::not_found("Wartungsvertrag", "Maintenance contract");
  return std::move(*c);
}

void refuse_if_archived(const domain::Contract& c, bool adding) {
  if (c.status() != domain::ContractStatus::archived) return;
  if (adding) {
    throw Error::conflict({"Der Vertrag ist archiviert: Es lassen sich keine Dokumente mehr hinzufügen.",
                           "The contract is archived: no documents can be added any more."});
  }
  throw Error::conflict({"Der Vertrag ist archiviert: Seine Dokumente lassen sich nicht mehr löschen.",
                         "The contract is archived: its documents can no longer be deleted."});
}

}  // namespace

std::vector<domain::Document> UseCases::contract_documents(const Actor& actor, Id contract_id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    find_contract(tx, actor.organisation_id, contract_id);
    return tx.documents().for_contract(actor.organisation_id, contract_id);
  });
}

domain::Document UseCases::add_document(const Actor& actor, Id contract_id, const DocumentUpload& upload) {
  require(actor, Permission::manage_contracts);
  if (!actor.user_id) {
    // The store records who uploaded; the scheduler and the command line are no one.
    throw Error(domain::ErrorKind::forbidden,
                {"Dokumente lädt nur ein angemeldeter Benutzer hoch.", "Only a signed-in user can upload documents."});
  }
  domain::Violations v;
  const std::int64_t size = upload.content ? upload.content->size() : 0;
  if (size == 0) {
    v.add("file", "Die Datei ist leer.", "The file is empty.");
  } else if (size > static_cast<std::int64_t>(kMaxDocumentBytes)) {
    v.add("file", "Die Datei ist größer als 25 MB.", "The file is larger than 25 MB.");
  }
  v.throw_if_any();

  domain::Document d;
  d.organisation_id = actor.organisation_id;
  d.contract_id = contract_id;
  d.file_name = domain::sanitize_file_name(upload.file_name);
  d.content_type = content_type_of(upload.content_type);
  d.size = size;
  // Read once for the hash before the transaction, and again by the store inside it.
  d.sha256 = s_.secrets.sha256_hex(*upload.content);
  d.uploaded_by = *actor.user_id;
  const Timestamp now = s_.clock.now();
  d.created_at = now;
  return write(s_.db, [&](Tx& tx) {
    refuse_if_archived(find_contract(tx, actor.organisation_id, contract_id), true);
    upload.content->rewind();
    domain::Document stored = tx.documents().add(d, *upload.content);
    tx.audit().add({0, actor.organisation_id, actor.user_id, "document.create", "document", stored.id,
                    R"({"contract_id":)" + std::to_string(contract_id) + R"(,"file_name":)" +
                        rules::json_string(stored.file_name) + R"(,"size":)" + std::to_string(stored.size) + "}",
                    now});
    return stored;
  });
}

domain::Document UseCases::get_document(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    std::optional<domain::Document> d = tx.documents().find(actor.organisation_id, id);
    if (!d) throw Error::not_found("Dokument", "Document");
    return std::move(*d);
  });
}

std::string UseCases::document_piece(const Actor& actor, Id id, std::int64_t offset, std::size_t max,
                                     std::string_view sha256) {
  require(actor, Permission::read_contracts);
  if (offset < 0) throw Error::validation({{"offset", {"Negativer Versatz.", "Negative offset."}}});
  return read(s_.db, [&](Tx& tx) {
    std::optional<std::string> piece = tx.documents().content_piece(actor.organisation_id, id, offset, max, sha256);
    if (!piece) throw Error::not_found("Dokument", "Document");
    return std::move(*piece);
  });
}

DocumentContent UseCases::document_content(const Actor& actor, Id id) {
  DocumentContent out{get_document(actor, id), {}};
  constexpr std::size_t kPiece = std::size_t{1024} * 1024;
  while (static_cast<std::int64_t>(out.content.size()) < out.document.size) {
    const std::string piece = document_piece(actor, id, static_cast<std::int64_t>(out.content.size()), kPiece);
    if (piece.empty()) break;
    out.content += piece;
  }
  return out;
}

void UseCases::delete_document(const Actor& actor, Id id) {
  require(actor, Permission::manage_contracts);
  const Timestamp now = s_.clock.now();
  write(s_.db, [&](Tx& tx) {
    const std::optional<domain::Document> d = tx.documents().find(actor.organisation_id, id);
    if (!d) throw Error::not_found("Dokument", "Document");
    refuse_if_archived(find_contract(tx, actor.organisation_id, d->contract_id), false);
    tx.documents().remove(actor.organisation_id, id);
    tx.audit().add({0, actor.organisation_id, actor.user_id, "document.delete", "document", id,
                    R"({"contract_id":)" + std::to_string(d->contract_id) + "}", now});
  });
}

}  // namespace turnus::app

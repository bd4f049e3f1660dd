#include <string>

#include "app/actions.hpp"
#include "app/permissions.hpp"
#include "app/use_cases.hpp"
#include "domain/text.hpp"

namespace turnus::app {

using domain::Contract;
using domain::ContractDraft;
using domain::Error;

namespace {

constexpr int kMaxUpcoming = 100;

// References in a draft must exist in the actor's organisation; a foreign id is reported
// exactly like an unknown one, so nothing leaks across organisations.
void check_references(Tx& tx, Id org, const ContractDraft& draft) {
  domain::Violations v;
  if (draft.customer_id && !tx.customers().find(org, *draft.customer_id)) {
    v.add("customer_id", "Diesen Kunden gibt es nicht.", "This customer does not exist.");
  }
  if (draft.project_id && !tx.projects().find(org, *draft.project_id)) {
    v.add("project_id", "Dieses Projekt gibt es nicht.", "This project does not exist.");
  }
  if (draft.action.employee_id > 0) {
    const std::optional<domain::User> employee = tx.users().find(org, draft.action.employee_id);
    if (!employee || !employee->active) {
      v.add("action.employee_id", "Diesen Mitarbeiter gibt es nicht.", "This employee does not exist.");
    }
  }
  v.throw_if_any();
}

void audit(Tx& tx, const Actor& actor, const char* action, Id contract_id, std::string detail, domain::Timestamp now) {
  tx.audit().add({0, actor.organisation_id, actor.user_id, action, "contract", contract_id, std::move(detail), now});
}

std::string status_detail(const Contract& c) {
  return R"({"status":")" + std::string(domain::to_string(c.status())) + R"("})";
}

}  // namespace

Contract UseCases::create_contract(const Actor& actor, const ContractDraft& draft) {
  require(actor, Permission::manage_contracts);
  Contract::check(draft).throw_if_any();
  const domain::Timestamp now = s_.clock.now();
  auto result = write(s_.db, [&](Tx& tx) {
    check_references(tx, actor.organisation_id, draft);
    Contract created =
        tx.contracts().add(Contract::create(draft, actor.organisation_id, today(tx, actor.organisation_id)), now);
    audit(tx, actor, "contract.create", created.id(), "{}", now);
    return created;
  });
  contracts_changed();
  return result;
}

Contract UseCases::edit_contract(const Actor& actor, Id id, std::int64_t version, const ContractDraft& draft) {
  require(actor, Permission::manage_contracts);
  const domain::Timestamp now = s_.clock.now();
  auto result = write(s_.db, [&](Tx& tx) {
    const domain::Date day = today(tx, actor.organisation_id);
    Contract edited = tx.contracts().update(
        actor.organisation_id, id,
        [&](Contract& c) {
          c.expect_version(version);
          check_references(tx, actor.organisation_id, draft);
          c.edit(draft, day);
        },
        now);
    audit(tx, actor, "contract.edit", id, "{}", now);
    return edited;
  });
  contracts_changed();
  return result;
}

Contract UseCases::deactivate_contract(const Actor& actor, Id id) {
  require(actor, Permission::manage_contracts);
  const domain::Timestamp now = s_.clock.now();
  auto result = write(s_.db, [&](Tx& tx) {
    Contract c = tx.contracts().update(
        actor.organisation_id, id, [](Contract& x) { x.deactivate(); }, now);
    audit(tx, actor, "contract.deactivate", id, status_detail(c), now);
    return c;
  });
  contracts_changed();
  return result;
}

Contract UseCases::activate_contract(const Actor& actor, Id id) {
  require(actor, Permission::manage_contracts);
  const domain::Timestamp now = s_.clock.now();
  auto result = write(s_.db, [&](Tx& tx) {
    const domain::Date day = today(tx, actor.organisation_id);
    std::vector<domain::Date> skipped;
    Contract c = tx.contracts().update(
        actor.organisation_id, id, [&](Contract& x) { skipped = x.activate(day); }, now);
    for (const domain::Date due : skipped) {
      domain::Execution e;
      e.organisation_id = actor.organisation_id;
      e.contract_id = id;
      e.due_date = due;
      e.kind = domain::ExecutionKind::action;
      e.trigger = domain::ExecutionTrigger::scheduler;
      e.outcome = domain::ExecutionOutcome::skipped;
      e.reason = "inactive";
      e.executed_at = now;
      tx.executions().add(e);
    }
    audit(tx, actor, "contract.activate", id, status_detail(c), now);
    return c;
  });
  contracts_changed();
  return result;
}

Contract UseCases::archive_contract(const Actor& actor, Id id) {
  require(actor, Permission::manage_contracts);
  const domain::Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    Contract c = tx.contracts().update(
        actor.organisation_id, id, [](Contract& x) { x.archive(); }, now);
    audit(tx, actor, "contract.archive", id, status_detail(c), now);
    return c;
  });
}

domain::Execution UseCases::trigger_contract(const Actor& actor, Id id) {
  require(actor, Permission::manage_contracts);
  const domain::Timestamp now = s_.clock.now();
  auto result = write(s_.db, [&](Tx& tx) {
    domain::Date due;
    Contract c = tx.contracts().update(
        actor.organisation_id, id, [&](Contract& x) { due = x.trigger(); }, now);
    const CreatedRecord created = run_action(tx, c, due, now);
    domain::Execution e;
    e.organisation_id = actor.organisation_id;
    e.contract_id = id;
    e.due_date = due;
    e.kind = domain::ExecutionKind::action;
    e.trigger = domain::ExecutionTrigger::manual;
    e.outcome = domain::ExecutionOutcome::executed;
    e.created_type = created.type;
    e.created_id = created.id;
    e.triggered_by = actor.user_id;
    e.executed_at = now;
    domain::Execution stored = tx.executions().add(e);
    audit(tx, actor, "contract.trigger", id, R"({"due_date":")" + due.to_string() + R"("})", now);
    return stored;
  });
  contracts_changed();
  return result;
}

Contract UseCases::get_contract(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    std::optional<Contract> c = tx.contracts().find(actor.organisation_id, id);
    if (!c) throw Error::not_found("Wartungsvertrag", "Maintenance contract");
    return std::move(*c);
  });
}

ContractPage UseCases::list_contracts(const Actor& actor, const ContractFilter& filter, PageRequest page) {
  require(actor, Permission::read_contracts);
  domain::Violations problems;
  if (!filter.query.empty()) {
    if (!domain::is_valid_utf8(filter.query) || domain::has_control_chars(filter.query)) {
      problems.add("q", "Der Suchbegriff enthält ungültige Zeichen.", "The search text contains invalid characters.");
    } else if (domain::utf8_length(filter.query) < kMinQueryCharacters) {
      problems.add("q", "Bitte mindestens 3 Zeichen eingeben.", "Please enter at least 3 characters.");
    } else if (domain::utf8_length(filter.query) > 200) {
      problems.add("q", "Der Suchbegriff darf höchstens 200 Zeichen haben.",
                   "The search text must not exceed 200 characters.");
    }
  }
  if (page.page < 1) problems.add("page", "Die Seite beginnt bei 1.", "Pages start at 1.");
  if (page.per_page < 1 || page.per_page > 200) {
    problems.add("per_page", "per_page muss zwischen 1 und 200 liegen.", "per_page must be within 1–200.");
  } else if (!filter.after && page.page >= 1 && page.offset() + page.per_page > kPageWindow) {
    problems.add("page", "Es lassen sich nur die ersten 10.000 Treffer durchblättern. Bitte die Suche eingrenzen.",
                 "Only the first 10,000 matches can be paged through. Please narrow the search.");
  }
  if (filter.after && (filter.after->sort != filter.sort || filter.after->descending != filter.descending)) {
    problems.add("after", "Der Fortsetzungspunkt gehört zu einer anderen Sortierung.",
                 "The cursor belongs to another sort order.");
  }
  problems.throw_if_any();
  return read(s_.db, [&](Tx& tx) {
    ContractPage out;
    static_cast<ContractListPage&>(out) = tx.contracts().list(actor.organisation_id, filter, page);
    out.today = today(tx, actor.organisation_id);
    return out;
  });
}

std::vector<domain::Date> UseCases::upcoming_occurrences(const Actor& actor, Id id, int count) {
  if (count < 1 || count > kMaxUpcoming) {
    throw Error::validation({{"count", {"count muss zwischen 1 und 100 liegen.", "count must be within 1–100."}}});
  }
  const Contract c = get_contract(actor, id);
  if (!c.next_due_date()) return {};
  return c.schedule().between(*c.next_due_date(), domain::Date::max(), static_cast<std::size_t>(count));
}

std::vector<domain::Execution> UseCases::contract_executions(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    if (!tx.contracts().find(actor.organisation_id, id))
      throw Error::not_found("Wartungsvertrag", "Maintenance contract");
    return tx.executions().for_contract(actor.organisation_id, id);
  });
}

}  // namespace turnus::app

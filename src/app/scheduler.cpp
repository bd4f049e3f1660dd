// The scheduler pass: every due occurrence of every contract, executed (or skipped when
// the contract is inactive) exactly once.
#include <optional>
#include <string>
#include <vector>

#include "app/actions.hpp"
#include "app/use_cases.hpp"

namespace turnus::app {

using domain::Contract;
using domain::Error;
using domain::ErrorKind;

namespace {

domain::Execution execution_of(const Contract& c, domain::Date due, domain::ExecutionTrigger trigger,
                               domain::ExecutionOutcome outcome, domain::Timestamp now) {
  domain::Execution e;
  e.organisation_id = c.state().organisation_id;
  e.contract_id = c.id();
  e.due_date = due;
  e.kind = domain::ExecutionKind::action;
  e.trigger = trigger;
  e.outcome = outcome;
  e.executed_at = now;
  return e;
}

// Failures that say something about one contract (its employee left, its customer is gone)
// rather than about the database or turnus itself.
bool is_contract_failure(const Error& e) {
  return e.kind() == ErrorKind::validation || e.kind() == ErrorKind::not_found || e.kind() == ErrorKind::conflict;
}

// A JSON string literal of `text` for audit details.
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace

PassReport UseCases::run_due_occurrences(const PassTime& when, int batch_size) {
  PassReport report;
  const std::vector<domain::Organisation> organisations = read(s_.db, [](Tx& tx) { return tx.organisations().list(); });
  for (const domain::Organisation& org : organisations) {
    ++report.organisations;
    const domain::Date today = when.instant ? s_.zones.local_date(*when.instant, org.time_zone) : *when.local_date;
    const domain::Timestamp now = when.instant ? *when.instant : s_.zones.start_of_day(today, org.time_zone);

    std::vector<Id> failing;  // contracts whose action failed in this pass: left for the next one
    for (;;) {
      PassReport batch;
      bool claimed_any = false;
      std::optional<Id> failed_contract;
      std::optional<Error> failure;
      try {
        s_.db.write([&](Tx& tx) {
          batch = PassReport{};
          failed_contract.reset();
          const std::vector<Contract> due = tx.contracts().claim_due(org.id, today, failing, batch_size);
          claimed_any = !due.empty();
          for (Contract c : due) {
            while (c.next_due_date() && *c.next_due_date() <= today) {
              const domain::Date occurrence = *c.next_due_date();
              if (c.status() == domain::ContractStatus::inactive) {
                domain::Execution e = execution_of(c, occurrence, domain::ExecutionTrigger::scheduler,
                                                   domain::ExecutionOutcome::skipped, now);
                e.reason = "inactive";
                tx.executions().add(e);
                ++batch.skipped;
              } else {
                CreatedRecord created;
                try {
                  created = run_action(tx, c, occurrence, now);
                } catch (const Error& e) {
                  if (!is_contract_failure(e)) throw;
                  failed_contract = c.id();
                  failure = e;
                  throw;
                }
                const bool late = occurrence < today;
                domain::Execution e = execution_of(
                    c, occurrence, late ? domain::ExecutionTrigger::catch_up : domain::ExecutionTrigger::scheduler,
                    domain::ExecutionOutcome::executed, now);
                e.created_type = created.type;
                e.created_id = created.id;
                tx.executions().add(e);
                ++batch.executed;
                if (late) ++batch.caught_up;
              }
              c.mark_handled(occurrence);
            }
            tx.contracts().save(c, now);
          }
        });
      } catch (const Error&) {
        if (!failed_contract) throw;
        // The batch was rolled back as a whole; run it again without the failing contract
        // and leave that one, with its reason, for the next pass.
        failing.push_back(*failed_contract);
        ++report.failed;
        report.failures.push_back("contract " + std::to_string(*failed_contract) + ": " + failure->message().en);
        write(s_.db, [&](Tx& tx) {
          tx.audit().add({0, org.id, std::nullopt, "contract.action_failed", "contract", *failed_contract,
                          "{\"reason\":" + json_string(failure->message().en) + "}", now});
        });
        continue;
      }
      report.executed += batch.executed;
      report.caught_up += batch.caught_up;
      report.skipped += batch.skipped;
      if (!claimed_any) break;  // nothing due is left in this organisation
    }
  }
  return report;
}

}  // namespace turnus::app

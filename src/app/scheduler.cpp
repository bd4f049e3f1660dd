// The scheduler pass: every due occurrence of every contract, executed (or skipped when
// the contract is inactive) exactly once; every due reminder sent once; failures recorded,
// reported to the organisation's admins once per occurrence, and retried on the next pass.
#include <optional>
#include <string>
#include <vector>

#include "app/actions.hpp"
#include "app/permissions.hpp"
#include "app/use_cases.hpp"

namespace turnus::app {

using domain::Contract;
using domain::Date;
using domain::Error;
using domain::ErrorKind;
using domain::ExecutionKind;
using domain::ExecutionOutcome;
using domain::ExecutionTrigger;

namespace {

constexpr int kStatusFailures = 50;

domain::Execution execution_of(const Contract& c, Date due, ExecutionKind kind, ExecutionTrigger trigger,
                               ExecutionOutcome outcome, domain::Timestamp now) {
  domain::Execution e;
  e.organisation_id = c.state().organisation_id;
  e.contract_id = c.id();
  e.due_date = due;
  e.kind = kind;
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

// The reason of a failure: the first field's message, else the error's.
domain::Text reason_of(const Error& e) {
  if (!e.fields().empty()) return e.fields().front().message;
  return e.message();
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

std::string_view kind_name(ExecutionKind kind) { return kind == ExecutionKind::action ? "action" : "reminder"; }

// Where a contract's processing stopped on an error.
struct Step {
  Date occurrence;
  ExecutionKind kind = ExecutionKind::action;
};

// Records the failure of `step` (outcome failed, the reason) and, the first time this
// occurrence fails, tells the organisation's active admins and writes the audit entry.
// Returns whether it was the first time.
bool record_failure(Tx& tx, const Contract& c, const Step& step, const domain::Text& reason, domain::Timestamp now) {
  domain::Execution e =
      execution_of(c, step.occurrence, step.kind, ExecutionTrigger::scheduler, ExecutionOutcome::failed, now);
  e.reason = reason.en;
  if (!tx.executions().record_failure(e)) return false;
  const Id org = c.state().organisation_id;
  const std::string what = step.kind == ExecutionKind::action ? "Aktion" : "Erinnerung";
  for (const domain::User& user : tx.users().list(org)) {
    if (!user.active || user.role != domain::Role::admin) continue;
    domain::Notification n;
    n.organisation_id = org;
    n.recipient_id = user.id;
    n.text = what + " fehlgeschlagen (fällig am " + step.occurrence.to_string() + "): " + c.state().name + " – " +
             reason.de + " Wird beim nächsten Lauf erneut versucht.";
    n.link = "/maintenance-contracts/" + std::to_string(c.id());
    n.created_at = now;
    tx.notifications().add(n);
  }
  tx.audit().add({0, org, std::nullopt, "contract.action_failed", "contract", c.id(),
                  R"({"due_date":")" + step.occurrence.to_string() + R"(","kind":")" +
                      std::string(kind_name(step.kind)) + R"(","reason":)" + json_string(reason.en) + "}",
                  now});
  return true;
}

// plan_action() refused: nothing of the step was written yet.
struct PlanFailure {
  Error error;
};

// Runs everything of `c` that is due on or before `today`: reminders first, then actions
// (or skips). Throws on a failure; `step` then says what was being done.
void process(Tx& tx, Contract& c, Date today, domain::Timestamp now, ActionCache& cache, OrganisationPass& counts,
             Step& step) {
  std::optional<ActionPlan> plan;
  auto planned = [&]() -> const ActionPlan& {
    if (!plan) {
      try {
        plan = plan_action(tx, c, cache);
      } catch (const Error& e) {
        if (!is_contract_failure(e)) throw;
        throw PlanFailure{e};
      }
    }
    return *plan;
  };
  // Reminders whose day has come, for occurrences not yet executed.
  while (const std::optional<Date> occurrence = c.pending_reminder()) {
    if (domain::reminder_date(*occurrence, c.state().reminder->days_before) > today) break;
    step = {*occurrence, ExecutionKind::reminder};
    domain::Execution e = execution_of(c, *occurrence, ExecutionKind::reminder, ExecutionTrigger::scheduler,
                                       ExecutionOutcome::executed, now);
    if (*occurrence < today) {
      // Its occurrence has passed already (the scheduler was down): the action itself runs
      // now, a reminder of it would only be noise.
      e.outcome = ExecutionOutcome::skipped;
      e.reason = "overdue";
      e.trigger = ExecutionTrigger::catch_up;
      tx.executions().add(e);
      ++counts.skipped;
    } else {
      const CreatedRecord created = perform_reminder(tx, c, planned(), *occurrence, now);
      e.created_type = created.type;
      e.created_id = created.id;
      tx.executions().add(e);
      tx.audit().add({0, c.state().organisation_id, std::nullopt, "contract.remind", "contract", c.id(),
                      R"({"due_date":")" + occurrence->to_string() + R"("})", now});
      ++counts.reminded;
    }
    c.mark_reminded(*occurrence);
  }
  // Due occurrences.
  while (c.next_due_date() && *c.next_due_date() <= today) {
    const Date occurrence = *c.next_due_date();
    step = {occurrence, ExecutionKind::action};
    if (c.status() == domain::ContractStatus::inactive) {
      domain::Execution e = execution_of(c, occurrence, ExecutionKind::action, ExecutionTrigger::scheduler,
                                         ExecutionOutcome::skipped, now);
      e.reason = "inactive";
      tx.executions().add(e);
      ++counts.skipped;
    } else {
      const CreatedRecord created = perform_action(tx, c, planned(), occurrence, now);
      const bool late = occurrence < today;
      domain::Execution e = execution_of(c, occurrence, ExecutionKind::action,
                                         late ? ExecutionTrigger::catch_up : ExecutionTrigger::scheduler,
                                         ExecutionOutcome::executed, now);
      e.created_type = created.type;
      e.created_id = created.id;
      tx.executions().add(e);
      tx.audit().add({0, c.state().organisation_id, std::nullopt, "contract.execute", "contract", c.id(),
                      R"({"due_date":")" + occurrence.to_string() + R"(","trigger":")" +
                          std::string(domain::to_string(e.trigger)) + R"("})",
                      now});
      ++counts.executed;
      if (late) ++counts.caught_up;
    }
    c.mark_handled(occurrence);
  }
}

}  // namespace

PassReport UseCases::run_due_occurrences(const PassTime& when, int batch_size, const std::atomic<bool>* stop) {
  PassReport report;
  const auto stop_requested = [&] { return stop != nullptr && stop->load(std::memory_order_relaxed); };
  const std::vector<domain::Organisation> organisations = read(s_.db, [](Tx& tx) { return tx.organisations().list(); });
  for (const domain::Organisation& org : organisations) {
    if (stop_requested()) {
      report.interrupted = true;
      break;
    }
    ++report.organisations;
    const Date today = when.instant ? s_.zones.local_date(*when.instant, org.time_zone) : *when.local_date;
    const domain::Timestamp now = when.instant ? *when.instant : s_.zones.start_of_day(today, org.time_zone);
    OrganisationPass total;
    total.organisation_id = org.id;
    total.as_of = now;

    std::vector<Id> failing;  // contracts that failed in this pass: left for the next one
    // Batches run with Tx::batch_writes(): the store sends their writes together. An error
    // then may surface after the contract that caused it, so a batch that fails that way
    // runs again without the hint, which names the contract precisely (below).
    bool precise = false;
    for (;;) {
      if (stop_requested()) {
        report.interrupted = true;
        break;
      }
      OrganisationPass batch;
      std::vector<std::string> batch_failures;
      std::vector<Id> batch_failing;
      bool claimed_any = false;
      std::optional<Contract> current;  // the contract being processed when the batch threw
      Step step;
      try {
        s_.db.write([&](Tx& tx) {
          batch = OrganisationPass{};
          batch_failures.clear();
          batch_failing.clear();
          current.reset();
          if (!precise) tx.batch_writes();
          ActionCache cache;
          const std::vector<Contract> due = tx.contracts().claim_due(org.id, today, failing, batch_size);
          claimed_any = !due.empty();
          // The batch's reads first (employees, projects, stages), so that none of them
          // lands between its writes, where a batching store would have to send what it
          // holds back early. Errors show again, and are handled, where the plan is used.
          for (const Contract& claimed : due) {
            try {
              (void)plan_action(tx, claimed, cache);
            } catch (const Error&) {
            }
          }
          for (const Contract& claimed : due) {
            Contract c = claimed;
            current = claimed;
            try {
              process(tx, c, today, now, cache, batch, step);
            } catch (const PlanFailure& f) {
              // plan_action() throws before anything of this step was written, so the
              // transaction is intact: keep what this contract did so far, record the
              // failure, and go on with the next contract. Anything else rolls back the
              // batch (below).
              const domain::Text reason = reason_of(f.error);
              record_failure(tx, c, step, reason, now);
              ++batch.failed;
              batch_failing.push_back(c.id());
              batch_failures.push_back("contract " + std::to_string(c.id()) + " (" + std::string(kind_name(step.kind)) +
                                       " due " + step.occurrence.to_string() + "): " + reason.en);
            }
            tx.contracts().save_progress(c, now);
          }
          current.reset();
        });
      } catch (const Error& e) {
        if (!precise && is_contract_failure(e)) {
          precise = true;  // nothing was committed: the same batch again, one write at a time
          continue;
        }
        if (!current || !is_contract_failure(e)) throw;
        // The batch was rolled back as a whole; record the failure on its own, run the batch
        // again without that contract, and leave it for the next pass.
        failing.push_back(current->id());
        ++total.failed;
        report.failures.push_back("contract " + std::to_string(current->id()) + " (" +
                                  std::string(kind_name(step.kind)) + " due " + step.occurrence.to_string() +
                                  "): " + reason_of(e).en);
        const domain::Text reason = reason_of(e);
        const Contract failed = *current;
        write(s_.db, [&](Tx& tx) { record_failure(tx, failed, step, reason, now); });
        continue;
      }
      precise = false;
      total.executed += batch.executed;
      total.caught_up += batch.caught_up;
      total.skipped += batch.skipped;
      total.reminded += batch.reminded;
      total.failed += batch.failed;
      for (std::string& f : batch_failures) report.failures.push_back(std::move(f));
      failing.insert(failing.end(), batch_failing.begin(), batch_failing.end());
      if (!claimed_any) break;  // nothing due is left in this organisation
    }
    report.executed += total.executed;
    report.caught_up += total.caught_up;
    report.skipped += total.skipped;
    report.reminded += total.reminded;
    report.failed += total.failed;
    report.per_organisation.push_back(total);
  }
  return report;
}

void UseCases::record_pass(const PassReport& report, domain::Timestamp started_at, std::int64_t duration_ms,
                           const std::string& instance) {
  write(s_.db, [&](Tx& tx) {
    for (const OrganisationPass& p : report.per_organisation) {
      tx.scheduler_status().record({p.organisation_id, p.as_of, started_at, duration_ms, p.executed, p.caught_up,
                                    p.skipped, p.reminded, p.failed, instance});
    }
  });
}

std::optional<domain::Timestamp> UseCases::next_wakeup() {
  return read(s_.db, [&](Tx& tx) {
    std::optional<domain::Timestamp> earliest;
    for (const domain::Organisation& org : tx.organisations().list()) {
      const std::optional<Date> day = tx.contracts().next_due_day(org.id);
      if (!day) continue;
      const domain::Timestamp at = s_.zones.start_of_day(*day, org.time_zone);
      if (!earliest || at < *earliest) earliest = at;
    }
    return earliest;
  });
}

SchedulerStatus UseCases::scheduler_status(const Actor& actor) {
  require(actor, Permission::operate);
  return read(s_.db, [&](Tx& tx) {
    const std::optional<domain::Organisation> org = tx.organisations().find(actor.organisation_id);
    if (!org) throw Error::not_found("Organisation", "Organisation");
    SchedulerStatus status;
    status.last_pass = tx.scheduler_status().last(org->id);
    status.next_due_day = tx.contracts().next_due_day(org->id);
    if (status.next_due_day) status.next_due_at = s_.zones.start_of_day(*status.next_due_day, org->time_zone);
    status.failures = tx.executions().failures(org->id, kStatusFailures);
    return status;
  });
}

}  // namespace turnus::app

// Contract: a maintenance contract or internal recurring task, with its lifecycle
// (active ⇄ inactive → archived) and the bookkeeping of which occurrence is next.
//
// The entity guards its own rules: its state is private, every change goes through a method
// that refuses what product.md forbids (Error with kind conflict or validation). A Contract
// is a plain value; it is not thread-safe to mutate one instance from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"
#include "domain/schedule.hpp"

namespace turnus::domain {

using Id = std::int64_t;

enum class ContractStatus { active, inactive, archived };
enum class ActionType { create_project, create_task, notify, create_order };

std::string_view to_string(ContractStatus status);
std::optional<ContractStatus> contract_status_from_string(std::string_view text);
std::string_view to_string(ActionType type);
std::optional<ActionType> action_type_from_string(std::string_view text);

struct Action {
  ActionType type = ActionType::notify;
  Id employee_id = 0;
  bool operator==(const Action&) const = default;
};

struct Reminder {
  int days_before = 0;  // 0–365
  bool operator==(const Reminder&) const = default;
};

struct ReminderLimits {
  static constexpr int max_days_before = 365;
};

// What a user enters when creating or editing a contract. Ids are checked for existence
// by the application layer; everything else is checked here.
struct ContractDraft {
  std::string name;
  std::optional<Id> customer_id;
  std::optional<Id> project_id;
  std::optional<Date> start_date;
  Interval interval;
  std::optional<Term> term;
  std::optional<Reminder> reminder;
  Action action;
};

class Contract {
 public:
  // Everything that is persisted. Only the store builds one from scratch (via restore()).
  struct State {
    Id id = 0;
    Id organisation_id = 0;
    std::string name;
    std::optional<Id> customer_id;
    std::optional<Id> project_id;
    Schedule schedule = Schedule::create(Date::from_civil(2000, 1, 1), Interval{}, std::nullopt);
    std::optional<Reminder> reminder;
    Action action;
    ContractStatus status = ContractStatus::active;
    std::optional<Date> next_due_date;
    // The last occurrence that was executed or skipped: nothing on or before it runs again.
    std::optional<Date> handled_through;
    // The last occurrence whose reminder was sent (or passed over): none is sent again.
    std::optional<Date> reminded_through;
    std::int64_t version = 1;
    // Seconds since the epoch, UTC; set by the store (0 before the contract is saved).
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
  };

  static Violations check(const ContractDraft& draft);
  // A new, active contract. It starts counting on `today`: occurrences before it never run.
  static Contract create(const ContractDraft& draft, Id organisation_id, Date today);
  static Contract restore(State state) { return Contract(std::move(state)); }

  const State& state() const { return state_; }
  Id id() const { return state_.id; }
  ContractStatus status() const { return state_.status; }
  const Schedule& schedule() const { return state_.schedule; }
  std::optional<Date> next_due_date() const { return state_.next_due_date; }

  // Refuses (conflict) when the caller edited an older version than the stored one.
  void expect_version(std::int64_t version) const;

  // Replaces name, links, schedule, reminder and action. The next due date is recomputed
  // from `today`; handled occurrences are never repeated.
  void edit(const ContractDraft& draft, Date today);
  void deactivate();
  // Returns the occurrences that passed while inactive and were not recorded yet; the
  // caller records them as skipped. The next due date becomes the first occurrence from
  // `today` on.
  std::vector<Date> activate(Date today);
  void archive();

  // Manual trigger: the next due occurrence, which is then marked handled.
  Date trigger();
  // The scheduler executed (or skipped) `occurrence`, which must be the next due one.
  void mark_handled(Date occurrence);

  // "bald fällig": a reminder is set and its date for the next occurrence has come.
  bool is_due_soon(Date today) const;

  // Reminders. The occurrence whose reminder is pending: the first one not yet executed
  // and not yet reminded of; nullopt when the contract is not active, has no reminder or no
  // occurrence left.
  std::optional<Date> pending_reminder() const { return pending_reminder_of(state_); }
  static std::optional<Date> pending_reminder_of(const State& state);
  // The day the pending reminder falls due (occurrence − days_before); the store keeps it
  // in an indexed column so the scheduler finds contracts with a reminder due.
  std::optional<Date> next_reminder_date() const { return next_reminder_date_of(state_); }
  static std::optional<Date> next_reminder_date_of(const State& state);
  // The reminder of `occurrence` (the pending one) was sent or passed over.
  void mark_reminded(Date occurrence);

 private:
  explicit Contract(State state) : state_(std::move(state)) {}
  void refuse_if_archived(std::string_view what_de, std::string_view what_en) const;
  std::optional<Date> first_unhandled_from(Date today) const;

  State state_;
};

}  // namespace turnus::domain

#include "domain/contract.hpp"

#include <algorithm>

#include <string>
#include "domain/name.hpp"
#include "domain/text.hpp"

namespace turnus::domain {

std::string_view to_string(ContractStatus status) {
  switch (status) {
    case ContractStatus::active: return "active";
    case ContractStatus::inactive: return "inactive";
    case ContractStatus::archived: return "archived";
  }
  return "?";
}

std::optional<ContractStatus> contract_status_from_string(std::string_view text) {
  for (ContractStatus s : {ContractStatus::active, ContractStatus::inactive, ContractStatus::archived}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view to_string(ActionType type) {
  switch (type) {
    case ActionType::create_project: return "create_project";
    case ActionType::create_task: return "create_task";
    case ActionType::notify: return "notify";
    case ActionType::create_order: return "create_order";
  }
  return "?";
}

std::optional<ActionType> action_type_from_string(std::string_view text) {
  for (ActionType t :
       {ActionType::create_project, ActionType::create_task, ActionType::notify, ActionType::create_order}) {
    if (to_string(t) == text) return t;
  }
  return std::nullopt;
}

namespace {

constexpr std::size_t kMaxNameChars = 200;

}  // namespace

Violations Contract::check(const ContractDraft& draft) {
  Violations v;
  if (name_problem(draft.name, kMaxNameChars) == NameProblem::empty) {
    v.add("name", "Bitte einen Namen angeben.", "Please enter a name.");
  } else {
    check_name(v, "name", draft.name, "Der Name", "The name", kMaxNameChars);
  }
  if (draft.customer_id && draft.project_id) {
    v.add("project_id", "Bitte entweder einen Kunden oder ein Projekt wählen, nicht beides.",
          "Choose either a customer or a project, not both.");
  }
  if (!draft.start_date) {
    v.add("start_date", "Bitte ein Start-Datum angeben.", "Please enter a start date.");
  } else {
    v.append(Schedule::check(*draft.start_date, draft.interval, draft.term));
  }
  if (draft.reminder &&
      (draft.reminder->days_before < 0 || draft.reminder->days_before > ReminderLimits::max_days_before)) {
    v.add("reminder.days_before", "Die Erinnerung muss 0 bis 365 Tage vorher liegen.",
          "The reminder must be 0 to 365 days ahead.");
  }
  const bool needs_customer =
      draft.action.type == ActionType::create_project || draft.action.type == ActionType::create_order;
  if (needs_customer && !draft.customer_id && !draft.project_id) {
    v.add("action.type",
          "Projekte und Aufträge brauchen einen Kunden oder ein Projekt; interne Aufgaben können nur "
          "benachrichtigen oder Aufgaben anlegen.",
          "Projects and orders need a customer or project; internal recurring tasks can only notify or create tasks.");
  }
  if (draft.action.employee_id <= 0) {
    v.add("action.employee_id", "Bitte einen Mitarbeiter wählen.", "Please choose an employee.");
  }
  return v;
}

Contract Contract::create(const ContractDraft& draft, Id organisation_id, Date today) {
  check(draft).throw_if_any();
  State s;
  s.organisation_id = organisation_id;
  s.name = draft.name;
  s.customer_id = draft.customer_id;
  s.project_id = draft.project_id;
  s.schedule = Schedule::create(*draft.start_date, draft.interval, draft.term);
  s.reminder = draft.reminder;
  s.action = draft.action;
  s.status = ContractStatus::active;
  s.next_due_date = s.schedule.first_on_or_after(today);
  return Contract(std::move(s));
}

void Contract::expect_version(std::int64_t version) const {
  if (version != state_.version) {
    throw Error::conflict(
        {"Der Vertrag wurde inzwischen geändert (Version " + std::to_string(state_.version) + "). Bitte neu laden.",
         "The contract was changed meanwhile (version " + std::to_string(state_.version) + "). Please reload."});
  }
}

void Contract::refuse_if_archived(std::string_view what_de, std::string_view what_en) const {
  if (state_.status == ContractStatus::archived) {
    throw Error::conflict({"Archivierte Verträge können nicht " + std::string(what_de) + " werden.",
                           "Archived contracts cannot be " + std::string(what_en) + "."});
  }
}

std::optional<Date> Contract::first_unhandled_from(Date today) const {
  Date from = today;
  if (state_.handled_through && *state_.handled_through >= from) {
    if (*state_.handled_through >= Date::max()) return std::nullopt;
    from = state_.handled_through->plus_days(1);
  }
  return state_.schedule.first_on_or_after(from);
}

void Contract::edit(const ContractDraft& draft, Date today) {
  refuse_if_archived("bearbeitet", "edited");
  check(draft).throw_if_any();
  state_.name = draft.name;
  state_.customer_id = draft.customer_id;
  state_.project_id = draft.project_id;
  state_.schedule = Schedule::create(*draft.start_date, draft.interval, draft.term);
  state_.reminder = draft.reminder;
  state_.action = draft.action;
  state_.next_due_date = first_unhandled_from(today);
}

void Contract::deactivate() {
  refuse_if_archived("deaktiviert", "deactivated");
  state_.status = ContractStatus::inactive;
}

std::vector<Date> Contract::activate(Date today) {
  refuse_if_archived("wieder aktiviert", "reactivated");
  // An active contract's overdue next due date is waiting for the scheduler's catch-up;
  // recomputing it from today would drop those occurrences without a trace.
  if (state_.status == ContractStatus::active) return {};
  std::vector<Date> skipped;
  if (state_.next_due_date && *state_.next_due_date < today) {
    skipped = state_.schedule.between(*state_.next_due_date, today.plus_days(-1));
    if (!skipped.empty()) state_.handled_through = skipped.back();
  }
  state_.status = ContractStatus::active;
  state_.next_due_date = first_unhandled_from(today);
  return skipped;
}

void Contract::archive() {
  if (state_.status == ContractStatus::archived) {
    throw Error::conflict({"Der Vertrag ist bereits archiviert.", "The contract is already archived."});
  }
  if (state_.status == ContractStatus::active) {
    throw Error::conflict({"Nur deaktivierte Verträge können archiviert werden. Bitte zuerst deaktivieren.",
                           "Only inactive contracts can be archived. Deactivate it first."});
  }
  state_.status = ContractStatus::archived;
  // Never due again: no next due date (which also moves it to the end of the next-due order,
  // out of the way of the lists of live contracts).
  state_.next_due_date.reset();
}

Date Contract::trigger() {
  refuse_if_archived("ausgelöst", "triggered");
  if (!state_.next_due_date) {
    throw Error::conflict(
        {"Für diesen Vertrag ist keine Fälligkeit mehr offen.", "This contract has no occurrence left."});
  }
  const Date occurrence = *state_.next_due_date;
  mark_handled(occurrence);
  return occurrence;
}

void Contract::mark_handled(Date occurrence) {
  if (state_.next_due_date != occurrence) {
    throw Error(ErrorKind::internal,
                {"Fälligkeit passt nicht zum Vertrag.", "Occurrence is not the contract's next one."});
  }
  state_.handled_through = occurrence;
  state_.next_due_date = state_.schedule.next_after(occurrence);
}

bool Contract::is_due_soon(Date today) const {
  if (!state_.reminder || !state_.next_due_date || state_.status != ContractStatus::active) return false;
  return today >= reminder_date(*state_.next_due_date, state_.reminder->days_before);
}

std::optional<Date> Contract::pending_reminder_of(const State& s) {
  if (!s.reminder || !s.next_due_date || s.status != ContractStatus::active) return std::nullopt;
  Date from = *s.next_due_date;
  if (s.reminded_through && *s.reminded_through >= from) {
    if (*s.reminded_through >= Date::max()) return std::nullopt;
    from = s.reminded_through->plus_days(1);
  }
  return s.schedule.first_on_or_after(from);
}

std::optional<Date> Contract::next_reminder_date_of(const State& s) {
  const std::optional<Date> occurrence = pending_reminder_of(s);
  if (!occurrence) return std::nullopt;
  return reminder_date(*occurrence, s.reminder->days_before);
}

void Contract::mark_reminded(Date occurrence) {
  if (pending_reminder() != occurrence) {
    throw Error(ErrorKind::internal,
                {"Erinnerung passt nicht zum Vertrag.", "Reminder is not the contract's pending one."});
  }
  state_.reminded_through = occurrence;
}

}  // namespace turnus::domain

#include "domain/records.hpp"

#include <array>
#include <utility>

namespace turnus::domain {

namespace {
// One table per enum keeps the spelling in one place for both directions.
template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}
template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [e, name] : table) {
    if (name == text) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles{
    {{Role::admin, "admin"}, {Role::office, "office"}, {Role::technician, "technician"}}};
constexpr std::array<std::pair<ExecutionKind, std::string_view>, 2> kKinds{
    {{ExecutionKind::action, "action"}, {ExecutionKind::reminder, "reminder"}}};
constexpr std::array<std::pair<ExecutionTrigger, std::string_view>, 3> kTriggers{
    {{ExecutionTrigger::scheduler, "scheduler"},
     {ExecutionTrigger::manual, "manual"},
     {ExecutionTrigger::catch_up, "catch_up"}}};
constexpr std::array<std::pair<ExecutionOutcome, std::string_view>, 3> kOutcomes{
    {{ExecutionOutcome::executed, "executed"},
     {ExecutionOutcome::skipped, "skipped"},
     {ExecutionOutcome::failed, "failed"}}};
constexpr std::array<std::pair<WorkStatus, std::string_view>, 2> kWork{
    {{WorkStatus::open, "open"}, {WorkStatus::done, "done"}}};
}  // namespace

std::string_view to_string(Role role) { return name_of(kRoles, role); }
std::optional<Role> role_from_string(std::string_view text) { return value_of(kRoles, text); }
std::string_view to_string(ExecutionKind kind) { return name_of(kKinds, kind); }
std::string_view to_string(ExecutionTrigger trigger) { return name_of(kTriggers, trigger); }
std::string_view to_string(ExecutionOutcome outcome) { return name_of(kOutcomes, outcome); }
std::string_view to_string(WorkStatus status) { return name_of(kWork, status); }
std::optional<ExecutionKind> execution_kind_from_string(std::string_view t) { return value_of(kKinds, t); }
std::optional<ExecutionTrigger> execution_trigger_from_string(std::string_view t) { return value_of(kTriggers, t); }
std::optional<ExecutionOutcome> execution_outcome_from_string(std::string_view t) { return value_of(kOutcomes, t); }
std::optional<WorkStatus> work_status_from_string(std::string_view t) { return value_of(kWork, t); }

}  // namespace turnus::domain

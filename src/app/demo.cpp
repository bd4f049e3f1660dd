// The demo organisation's sample data: what a heating and plumbing business would have on
// its first day with turnus, so that a first look at the lists, the dialog and the
// scheduler shows them at work rather than empty.
#include <optional>
#include <string>
#include <vector>

#include "app/use_cases.hpp"

namespace turnus::app {

namespace {

using domain::ActionType;
using domain::ContractDraft;
using domain::Date;
using domain::IntervalUnit;

struct DemoContract {
  const char* name;
  int customer;  // index into the customers, -1: none (an internal recurring task)
  int project;   // index into the projects, -1: none
  int starts_in_days;
  domain::Interval interval;
  std::optional<domain::Term> term;
  std::optional<int> reminder_days;
  ActionType action;
  int employee;  // index into the employees
};

}  // namespace

void UseCases::seed_demo_data(const Actor& admin) {
  const std::vector<EmployeeFields> employee_fields{
      {"jonas.becker@demo.turnus.local", "Jonas Becker", domain::Role::technician, std::nullopt},
      {"lena.wagner@demo.turnus.local", "Lena Wagner", domain::Role::technician, std::nullopt},
      {"petra.schulz@demo.turnus.local", "Petra Schulz", domain::Role::office, std::nullopt},
  };
  std::vector<Id> employees;
  employees.reserve(employee_fields.size());
  for (const EmployeeFields& fields : employee_fields) employees.push_back(create_employee(admin, fields).id);

  const std::vector<CustomerFields> customer_fields{
      {"Familie Hofmann", "hofmann@example.org", "030 4471 2203", "Lindenstraße 12, 10115 Berlin"},
      {"Bäckerei Krüger GmbH", "info@baeckerei-krueger.example", "030 8812 400", "Marktplatz 3, 10178 Berlin"},
      {"Praxis Dr. Neumann", "praxis@dr-neumann.example", "030 2290 1180", "Schlossallee 7, 14059 Berlin"},
      {"Hausverwaltung Schmitt & Partner", "technik@schmitt-partner.example", "030 6120 0900",
       "Gartenweg 4, 12047 Berlin"},
      {"Familie Yilmaz", "yilmaz.familie@example.org", "0176 2255 8190", "Ahornring 28, 12305 Berlin"},
  };
  std::vector<Id> customers;
  customers.reserve(customer_fields.size());
  for (const CustomerFields& fields : customer_fields) customers.push_back(create_customer(admin, fields).id);

  const std::vector<Id> projects{
      create_project(admin, {customers[0], "Heizungsmodernisierung Hofmann", std::nullopt, employees[0]}).id,
      create_project(admin, {customers[3], "Wohnanlage Gartenweg 4", std::nullopt, employees[2]}).id,
  };

  const Date day = today(admin);
  // One contract per line, as a table; "days" is the start date, counted from today.
  // clang-format off
  const std::vector<DemoContract> contracts{
    // name                                           cust proj days interval                      term                                    reminder      action                     employee
    {"Gasbrennwerttherme – Jahreswartung",              0,  -1,   3, {IntervalUnit::year, 1, {}},  std::nullopt,                           14,           ActionType::create_task,    0},
    {"Ölheizung Wartung",                               1,  -1,  20, {IntervalUnit::year, 1, {}},  std::nullopt,                           30,           ActionType::create_order,   1},
    {"Legionellenprüfung Trinkwasser",                 -1,   1,  45, {IntervalUnit::year, 3, {}},  std::nullopt,                           60,           ActionType::create_project, 0},
    {"Rauchmelderprüfung",                              3,  -1,  10, {IntervalUnit::year, 1, {}},  std::nullopt,                           21,           ActionType::notify,         2},
    {"Wärmepumpe Inspektion",                           4,  -1,  90, {IntervalUnit::year, 2, {}},  domain::Term{10, domain::TermUnit::year}, 30,         ActionType::create_task,    1},
    {"Klimaanlage Filterwechsel",                       2,  -1,   1, {IntervalUnit::month, 6, {}}, std::nullopt,                           7,            ActionType::create_task,    0},
    {"TÜV Firmenwagen B-TS 417",                       -1,  -1,  60, {IntervalUnit::year, 2, {}},  std::nullopt,                           30,           ActionType::notify,         2},
    {"Enthärtungsanlage Salz nachfüllen",               1,  -1,   5, {IntervalUnit::month, 1, {}}, std::nullopt,                           std::nullopt, ActionType::create_task,    1},
    {"Hebeanlage Wartung (DIN EN 12056)",               2,  -1,  30, {IntervalUnit::month, 3, {}}, std::nullopt,                           14,           ActionType::create_order,   0},
    {"Heizungscheck zu festen Terminen",                4,  -1,   0, {IntervalUnit::fixed, 1, {day.plus_days(40), day.plus_days(220)}},
                                                                                                   std::nullopt,                           10,           ActionType::notify,         0},
    {"Heizungsanlage Wohnanlage – Jahreswartung",      -1,   1,  75, {IntervalUnit::year, 1, {}},  std::nullopt,                           30,           ActionType::create_order,   1},
    {"Sichtprüfung Lager und Werkstattwagen",          -1,  -1,   2, {IntervalUnit::week, 1, {}},  std::nullopt,                           std::nullopt, ActionType::create_task,    1},
    {"Schornsteinfeger-Termin abstimmen",               0,  -1, 120, {IntervalUnit::year, 1, {}},  std::nullopt,                           30,           ActionType::notify,         2},
  };
  // clang-format on
  Id last = 0;
  for (const DemoContract& c : contracts) {
    ContractDraft draft;
    draft.name = c.name;
    if (c.customer >= 0) draft.customer_id = customers[static_cast<std::size_t>(c.customer)];
    if (c.project >= 0) draft.project_id = projects[static_cast<std::size_t>(c.project)];
    draft.start_date = day.plus_days(c.starts_in_days);
    draft.interval = c.interval;
    draft.term = c.term;
    if (c.reminder_days) draft.reminder = domain::Reminder{*c.reminder_days};
    draft.action = {c.action, employees[static_cast<std::size_t>(c.employee)]};
    last = create_contract(admin, draft).id();
  }
  // One paused contract, so that the list's status filter has something to show.
  deactivate_contract(admin, last);
}

}  // namespace turnus::app

#include "http/query.hpp"

#include <algorithm>
#include <charconv>

#include "http/contract_cursor.hpp"
#include "http/problem.hpp"

namespace turnus::http {

namespace {

std::optional<std::string> value(const Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

std::optional<std::int64_t> parse_integer(const std::string& text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int> int_parameter(const Request& req, const char* name, int min, int max) {
  const std::optional<std::string> text = value(req, name);
  if (!text) return std::nullopt;
  const std::optional<std::int64_t> v = parse_integer(*text);
  if (!v || *v < min || *v > max) {
    const std::string range = std::to_string(min) + "–" + std::to_string(max);
    throw bad_parameter(
        name, {"Erwartet wird eine ganze Zahl von " + range + ".", "Expected an integer from " + range + "."});
  }
  return static_cast<int>(*v);
}

app::PageRequest page_request(const Request& req) {
  app::PageRequest page;
  page.page = int_parameter(req, "page", 1, 1000000).value_or(1);
  page.per_page = int_parameter(req, "per_page", 1, 200).value_or(50);
  return page;
}

std::optional<domain::Id> id_parameter(const Request& req, const char* name) {
  const std::optional<std::string> text = value(req, name);
  if (!text) return std::nullopt;
  const std::optional<std::int64_t> v = parse_integer(*text);
  if (!v || *v <= 0)
    throw bad_parameter(name, {"Erwartet wird eine Id (ganze Zahl ab 1).", "Expected an id (an integer from 1)."});
  return *v;
}

std::optional<std::vector<domain::Id>> ids_parameter(const Request& req) {
  const std::optional<std::string> text = value(req, "ids");
  if (!text) return std::nullopt;
  if (req.params.size() != 1) {
    throw bad_parameter("ids", {"ids lässt sich mit keinem anderen Parameter verbinden.",
                                "ids cannot be combined with another parameter."});
  }
  const std::string limit = std::to_string(app::kMaxLookupIds);
  std::vector<domain::Id> ids;
  std::size_t start = 0;
  while (start <= text->size()) {
    const std::size_t end = std::min(text->find(',', start), text->size());
    const std::optional<std::int64_t> id = parse_integer(text->substr(start, end - start));
    if (!id || *id <= 0 || ids.size() == app::kMaxLookupIds) {
      throw bad_parameter("ids", {"Erwartet werden 1 bis " + limit + " Ids (ganze Zahlen ab 1), durch Kommas getrennt.",
                                  "Expected 1 to " + limit + " ids (integers from 1), separated by commas."});
    }
    ids.push_back(*id);
    start = end + 1;
  }
  return ids;
}

std::optional<bool> bool_parameter(const Request& req, const char* name) {
  const std::optional<std::string> text = value(req, name);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  throw bad_parameter(name, {"Erwartet wird true oder false.", "Expected true or false."});
}

std::optional<domain::Date> date_parameter(const Request& req, const char* name) {
  const std::optional<std::string> text = value(req, name);
  if (!text) return std::nullopt;
  std::optional<domain::Date> d = domain::Date::parse(*text);
  if (!d) throw bad_parameter(name, {"Erwartet wird ein Datum JJJJ-MM-TT.", "Expected a date YYYY-MM-DD."});
  return d;
}

std::optional<domain::WorkStatus> work_status_parameter(const Request& req, const char* name) {
  const std::optional<std::string> text = value(req, name);
  if (!text) return std::nullopt;
  std::optional<domain::WorkStatus> s = domain::work_status_from_string(*text);
  if (!s) throw bad_parameter(name, {"Erlaubt sind: open, done.", "Allowed: open, done."});
  return s;
}

app::ContractFilter contract_filter(const Request& req) {
  app::ContractFilter f;
  if (const std::optional<std::string> status = value(req, "status")) {
    f.statuses.clear();
    std::size_t pos = 0;
    while (pos <= status->size()) {
      std::size_t end = status->find(',', pos);
      if (end == std::string::npos) end = status->size();
      const std::optional<domain::ContractStatus> s =
          domain::contract_status_from_string(status->substr(pos, end - pos));
      if (!s) {
        throw bad_parameter("status", {"Erlaubt ist eine Liste aus active, inactive, archived.",
                                       "Allowed: a comma list of active, inactive, archived."});
      }
      if (std::find(f.statuses.begin(), f.statuses.end(), *s) == f.statuses.end()) f.statuses.push_back(*s);
      pos = end + 1;
    }
  }
  f.customer_id = id_parameter(req, "customer_id");
  f.project_id = id_parameter(req, "project_id");
  f.employee_id = id_parameter(req, "employee_id");
  if (const std::optional<std::string> t = value(req, "action_type")) {
    f.action_type = domain::action_type_from_string(*t);
    if (!f.action_type) {
      throw bad_parameter("action_type", {"Erlaubt sind: create_project, create_task, notify, create_order.",
                                          "Allowed: create_project, create_task, notify, create_order."});
    }
  }
  if (const std::optional<std::string> u = value(req, "interval_unit")) {
    f.interval_unit = domain::interval_unit_from_string(*u);
    if (!f.interval_unit) {
      throw bad_parameter("interval_unit",
                          {"Erlaubt sind: year, month, week, day, fixed.", "Allowed: year, month, week, day, fixed."});
    }
  }
  f.due_before = date_parameter(req, "due_before");
  f.due_after = date_parameter(req, "due_after");
  f.query = value(req, "q").value_or("");
  if (f.query.size() > 200) throw bad_parameter("q", {"Höchstens 200 Zeichen.", "At most 200 characters."});
  if (const std::optional<std::string> sort = value(req, "sort")) {
    std::string key = *sort;
    if (!key.empty() && key.front() == '-') {
      f.descending = true;
      key.erase(0, 1);
    }
    if (key == "next_due_date") {
      f.sort = app::ContractFilter::Sort::next_due_date;
    } else if (key == "name") {
      f.sort = app::ContractFilter::Sort::name;
    } else if (key == "customer") {
      f.sort = app::ContractFilter::Sort::customer;
    } else {
      throw bad_parameter("sort", {"Erlaubt sind: next_due_date, name, customer, mit - für absteigend.",
                                   "Allowed: next_due_date, name, customer, with - for descending."});
    }
  }
  if (const std::optional<std::string> after = value(req, "after")) {
    f.after = decode_contract_cursor(*after);
    if (!f.after) {
      throw bad_parameter("after",
                          {"Ungültiger Fortsetzungspunkt: bitte den Wert \"next\" der vorigen Seite übergeben.",
                           "Invalid cursor: pass the \"next\" value of the previous page."});
    }
  }
  return f;
}

app::WorkFilter work_filter(const Request& req, bool with_customer) {
  app::WorkFilter f;
  f.assignee_id = id_parameter(req, "assignee_id");
  f.status = work_status_parameter(req, "status");
  if (with_customer) f.customer_id = id_parameter(req, "customer_id");
  return f;
}

}  // namespace turnus::http

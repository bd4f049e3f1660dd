#include "http/json_codec.hpp"

#include <charconv>

#include "domain/instant.hpp"
#include "http/contract_cursor.hpp"
#include "http/json_depth.hpp"
#include "http/problem.hpp"

namespace turnus::http {

using domain::Date;
using domain::Violations;

namespace {

bool is_json_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return type == "application/json" || (type.starts_with("application/") && type.ends_with("+json"));
}

json optional_id(const std::optional<domain::Id>& id) { return id ? json(*id) : json(nullptr); }
json optional_date(const std::optional<Date>& d) { return d ? json(d->to_string()) : json(nullptr); }

json source_json(const std::optional<domain::Source>& source) {
  if (!source) return nullptr;
  return {{"contract_id", source->contract_id}, {"due_date", source->due_date.to_string()}};
}

// --- Writing JSON text directly (contract_page_text) -------------------------------------

bool needs_escape(char ch) { return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20; }

// A JSON string literal, escaped as nlohmann::json::dump() escapes it. Runs of characters
// that need no escape are copied at once: names are almost entirely such runs.
void append_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (!needs_escape(ch)) continue;
    out.append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const auto u = static_cast<unsigned char>(ch);
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 0xF];
      }
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out += '"';
}

void append_number(std::string& out, std::int64_t value) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, end);
}

void append_optional_id(std::string& out, const std::optional<domain::Id>& id) {
  if (id) {
    append_number(out, *id);
  } else {
    out += "null";
  }
}

void append_optional_date(std::string& out, const std::optional<Date>& date) {
  if (date) {
    append_string(out, date->to_string());
  } else {
    out += "null";
  }
}

void append_timestamp(std::string& out, domain::Timestamp t) {
  if (t == 0) {
    out += "null";
  } else {
    append_string(out, domain::format_rfc3339_utc(t));
  }
}

// The fields and values of to_json(const domain::Contract&, …).
void append_contract(std::string& out, const domain::Contract& contract, bool english, std::optional<Date> today) {
  const domain::Contract::State& s = contract.state();
  const domain::Interval& interval = s.schedule.interval();
  out += "{\"id\":";
  append_number(out, s.id);
  out += ",\"name\":";
  append_string(out, s.name);
  out += ",\"customer_id\":";
  append_optional_id(out, s.customer_id);
  out += ",\"project_id\":";
  append_optional_id(out, s.project_id);
  out += ",\"start_date\":";
  append_string(out, s.schedule.start().to_string());
  out += ",\"term\":";
  if (const std::optional<domain::Term>& term = s.schedule.term()) {
    out += "{\"count\":";
    append_number(out, term->count);
    out += ",\"unit\":";
    append_string(out, domain::to_string(term->unit));
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"interval\":{\"unit\":";
  append_string(out, domain::to_string(interval.unit));
  if (interval.unit == domain::IntervalUnit::fixed) {
    out += ",\"dates\":[";
    for (std::size_t i = 0; i < interval.dates.size(); ++i) {
      if (i > 0) out += ',';
      append_string(out, interval.dates[i].to_string());
    }
    out += ']';
  } else {
    out += ",\"every\":";
    append_number(out, interval.every);
  }
  out += "},\"interval_text\":";
  append_string(out, domain::describe(interval).in(english));
  out += ",\"reminder\":";
  if (s.reminder) {
    out += "{\"days_before\":";
    append_number(out, s.reminder->days_before);
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"action\":{\"type\":";
  append_string(out, domain::to_string(s.action.type));
  out += ",\"employee_id\":";
  append_number(out, s.action.employee_id);
  out += "},\"status\":";
  append_string(out, domain::to_string(s.status));
  out += ",\"next_due_date\":";
  append_optional_date(out, s.next_due_date);
  out += ",\"due_soon\":";
  out += today && contract.is_due_soon(*today) ? "true" : "false";
  out += ",\"version\":";
  append_number(out, s.version);
  out += ",\"created_at\":";
  append_timestamp(out, s.created_at);
  out += ",\"updated_at\":";
  append_timestamp(out, s.updated_at);
  out += '}';
}

}  // namespace

json contract_page_json(const app::ContractListPage& page, bool english, std::optional<Date> today) {
  json out = page_json(page, english, today);
  out["next"] = page.next ? json(encode_contract_cursor(*page.next)) : json(nullptr);
  return out;
}

std::string contract_page_text(const app::ContractListPage& page, bool english, std::optional<Date> today) {
  std::string out;
  out.reserve(512 * page.items.size() + 96);
  out += "{\"items\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) out += ',';
    append_contract(out, page.items[i], english, today);
  }
  out += "],\"total\":";
  append_number(out, page.total);
  out += ",\"total_exact\":";
  out += page.total_exact ? "true" : "false";
  out += ",\"page\":";
  append_number(out, page.page);
  out += ",\"per_page\":";
  append_number(out, page.per_page);
  out += ",\"next\":";
  if (page.next) {
    append_string(out, encode_contract_cursor(*page.next));
  } else {
    out += "null";
  }
  out += '}';
  return out;
}

void refuse_deep_json(std::string_view body) {
  if (!json_nested_deeper_than(body, kMaxJsonDepth)) return;
  const std::string limit = std::to_string(kMaxJsonDepth);
  throw HttpError(400, {"Der Inhalt ist zu tief verschachtelt.", "The body is nested too deeply."},
                  {{"body",
                    {"Höchstens " + limit + " ineinander geschachtelte Objekte oder Listen.",
                     "At most " + limit + " objects or arrays inside each other."}}});
}

json parse_body(const Request& req) {
  const bool blank = req.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) return json::object();
  if (!is_json_type(req.get_header_value("Content-Type"))) {
    throw HttpError(415, {"Der Inhalt muss application/json sein.", "The body must be application/json."});
  }
  refuse_deep_json(req.body);
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) {
    throw HttpError(400, {"Der Inhalt ist kein gültiges JSON.", "The body is not valid JSON."});
  }
  if (!body.is_object()) {
    throw HttpError(400, {"Der Inhalt muss ein JSON-Objekt sein.", "The body must be a JSON object."});
  }
  return body;
}

// --- Fields --------------------------------------------------------------------------

bool Fields::present(const char* key) const { return object_.contains(key); }
bool Fields::has(const char* key) const { return object_.contains(key) && !object_.at(key).is_null(); }

void Fields::missing(const char* key) { v_.add(path(key), "Pflichtfeld.", "Required."); }

void Fields::wrong(const char* key, const char* de, const char* en) { v_.add(path(key), de, en); }

void Fields::bad_choice(const char* key, const char* allowed) {
  v_.add(path(key), std::string("Erlaubt sind: ") + allowed + ".", std::string("Allowed: ") + allowed + ".");
}

std::optional<std::string> Fields::text(const char* key, bool required) {
  if (!has(key)) {
    if (required) missing(key);
    return std::nullopt;
  }
  const json& value = object_.at(key);
  if (!value.is_string()) {
    wrong(key, "Erwartet wird ein Text.", "Expected a string.");
    return std::nullopt;
  }
  return value.get<std::string>();
}

std::optional<std::int64_t> Fields::integer(const char* key, bool required) {
  if (!has(key)) {
    if (required) missing(key);
    return std::nullopt;
  }
  const json& value = object_.at(key);
  if (!value.is_number_integer()) {
    wrong(key, "Erwartet wird eine ganze Zahl.", "Expected an integer.");
    return std::nullopt;
  }
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    wrong(key, "Die Zahl ist zu groß.", "The number is too large.");
    return std::nullopt;
  }
  return value.get<std::int64_t>();
}

std::optional<int> Fields::small_integer(const char* key, bool required) {
  const std::optional<std::int64_t> value = integer(key, required);
  if (!value) return std::nullopt;
  if (*value < -1000000 || *value > 1000000) {
    wrong(key, "Die Zahl liegt außerhalb des erlaubten Bereichs.", "The number is out of range.");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<bool> Fields::boolean(const char* key, bool required) {
  if (!has(key)) {
    if (required) missing(key);
    return std::nullopt;
  }
  const json& value = object_.at(key);
  if (!value.is_boolean()) {
    wrong(key, "Erwartet wird true oder false.", "Expected true or false.");
    return std::nullopt;
  }
  return value.get<bool>();
}

std::optional<Date> Fields::date(const char* key, bool required) {
  const std::optional<std::string> t = text(key, required);
  if (!t) return std::nullopt;
  std::optional<Date> d = Date::parse(*t);
  if (!d) wrong(key, "Erwartet wird ein Datum JJJJ-MM-TT.", "Expected a date YYYY-MM-DD.");
  return d;
}

std::optional<std::vector<Date>> Fields::dates(const char* key, bool required) {
  if (!has(key)) {
    if (required) missing(key);
    return std::nullopt;
  }
  const json& value = object_.at(key);
  if (!value.is_array()) {
    wrong(key, "Erwartet wird eine Liste von Daten.", "Expected a list of dates.");
    return std::nullopt;
  }
  std::vector<Date> out;
  for (const json& item : value) {
    const std::optional<Date> d = item.is_string() ? Date::parse(item.get<std::string>()) : std::nullopt;
    if (!d) {
      wrong(key, "Jeder Eintrag muss ein Datum JJJJ-MM-TT sein.", "Every entry must be a date YYYY-MM-DD.");
      return std::nullopt;
    }
    out.push_back(*d);
  }
  return out;
}

const json* Fields::object(const char* key, bool required) {
  if (!has(key)) {
    if (required) missing(key);
    return nullptr;
  }
  const json& value = object_.at(key);
  if (!value.is_object()) {
    wrong(key, "Erwartet wird ein Objekt.", "Expected an object.");
    return nullptr;
  }
  return &value;
}

// --- Contracts -----------------------------------------------------------------------

domain::ContractDraft contract_draft_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  domain::ContractDraft d;
  d.name = f.text("name").value_or("");
  d.customer_id = f.integer("customer_id");
  d.project_id = f.integer("project_id");
  d.start_date = f.date("start_date");
  if (const json* term = f.object("term")) {
    Fields t(*term, "term.", v);
    const std::optional<int> count = t.small_integer("count", true);
    const std::optional<domain::TermUnit> unit =
        t.choice<domain::TermUnit>("unit", domain::term_unit_from_string, "month, year", true);
    if (count && unit) d.term = domain::Term{*count, *unit};
  }
  if (const json* interval = f.object("interval", true)) {
    Fields i(*interval, "interval.", v);
    const std::optional<domain::IntervalUnit> unit = i.choice<domain::IntervalUnit>(
        "unit", domain::interval_unit_from_string, "year, month, week, day, fixed", true);
    if (unit) d.interval.unit = *unit;
    d.interval.every = i.small_integer("every").value_or(1);
    d.interval.dates = i.dates("dates", unit == domain::IntervalUnit::fixed).value_or(std::vector<Date>{});
  }
  if (const json* reminder = f.object("reminder")) {
    Fields r(*reminder, "reminder.", v);
    if (const std::optional<int> days = r.small_integer("days_before", true)) d.reminder = domain::Reminder{*days};
  }
  if (const json* action = f.object("action", true)) {
    Fields a(*action, "action.", v);
    if (const auto type = a.choice<domain::ActionType>("type", domain::action_type_from_string,
                                                       "create_project, create_task, notify, create_order", true)) {
      d.action.type = *type;
    }
    d.action.employee_id = a.integer("employee_id", true).value_or(0);
  }
  v.throw_if_any();
  return d;
}

std::pair<domain::ContractDraft, std::int64_t> contract_patch_from_json(const domain::Contract& current,
                                                                        const json& patch) {
  Violations v;
  Fields f(patch, "", v);
  const std::optional<std::int64_t> version = f.integer("version", true);
  v.throw_if_any();
  json merged = to_json(current, false);
  for (const char* key :
       {"name", "customer_id", "project_id", "start_date", "term", "interval", "reminder", "action"}) {
    if (patch.contains(key)) merged[key] = patch.at(key);
  }
  return {contract_draft_from_json(merged), *version};
}

json to_json(const domain::Contract& contract, bool english, std::optional<domain::Date> today) {
  const domain::Contract::State& s = contract.state();
  const domain::Interval& interval = s.schedule.interval();
  json interval_json{{"unit", std::string(domain::to_string(interval.unit))}};
  if (interval.unit == domain::IntervalUnit::fixed) {
    json dates = json::array();
    for (const Date& d : interval.dates) dates.push_back(d.to_string());
    interval_json["dates"] = std::move(dates);
  } else {
    interval_json["every"] = interval.every;
  }
  const std::optional<domain::Term>& term = s.schedule.term();
  return {
      {"id", s.id},
      {"name", s.name},
      {"customer_id", optional_id(s.customer_id)},
      {"project_id", optional_id(s.project_id)},
      {"start_date", s.schedule.start().to_string()},
      {"term",
       term ? json{{"count", term->count}, {"unit", std::string(domain::to_string(term->unit))}} : json(nullptr)},
      {"interval", std::move(interval_json)},
      {"interval_text", domain::describe(interval).in(english)},
      {"reminder", s.reminder ? json{{"days_before", s.reminder->days_before}} : json(nullptr)},
      {"action", {{"type", std::string(domain::to_string(s.action.type))}, {"employee_id", s.action.employee_id}}},
      {"status", std::string(domain::to_string(s.status))},
      {"next_due_date", optional_date(s.next_due_date)},
      {"due_soon", today && contract.is_due_soon(*today)},
      {"version", s.version},
      {"created_at", timestamp_json(s.created_at)},
      {"updated_at", timestamp_json(s.updated_at)},
  };
}

json to_json(const domain::Execution& e) {
  json out{{"id", e.id},
           {"contract_id", e.contract_id},
           {"due_date", e.due_date.to_string()},
           {"kind", std::string(domain::to_string(e.kind))},
           {"trigger", std::string(domain::to_string(e.trigger))},
           {"outcome", std::string(domain::to_string(e.outcome))},
           {"created", e.created_id && !e.created_type.empty() ? json{{"type", e.created_type}, {"id", *e.created_id}}
                                                               : json(nullptr)},
           {"triggered_by", optional_id(e.triggered_by)},
           {"executed_at", timestamp_json(e.executed_at)}};
  if (!e.reason.empty()) out["reason"] = e.reason;
  return out;
}

// --- Records -------------------------------------------------------------------------

json timestamp_json(domain::Timestamp t) { return t == 0 ? json(nullptr) : json(domain::format_rfc3339_utc(t)); }

json to_json(const domain::Customer& c) {
  return {{"id", c.id},       {"name", c.name},       {"email", c.email},
          {"phone", c.phone}, {"address", c.address}, {"created_at", timestamp_json(c.created_at)}};
}

json to_json(const domain::Project& p) {
  return {{"id", p.id},
          {"customer_id", p.customer_id},
          {"name", p.name},
          {"stage_id", p.stage_id},
          {"main_contact_employee_id", optional_id(p.main_contact_employee_id)},
          {"source", source_json(p.source)},
          {"created_at", timestamp_json(p.created_at)}};
}

json to_json(const domain::PipelineStage& s) { return {{"id", s.id}, {"name", s.name}, {"position", s.position}}; }

json to_json(const domain::User& u) {
  return {{"id", u.id},         {"email", u.email},
          {"name", u.name},     {"role", std::string(domain::to_string(u.role))},
          {"active", u.active}, {"created_at", timestamp_json(u.created_at)}};
}

json to_json(const domain::Task& t) {
  return {{"id", t.id},
          {"title", t.title},
          {"assignee_id", t.assignee_id},
          {"due_date", optional_date(t.due_date)},
          {"status", std::string(domain::to_string(t.status))},
          {"source", source_json(t.source)},
          {"created_at", timestamp_json(t.created_at)}};
}

json to_json(const domain::Order& o) {
  return {{"id", o.id},
          {"number", o.number},
          {"title", o.title},
          {"customer_id", optional_id(o.customer_id)},
          {"assignee_id", o.assignee_id},
          {"due_date", optional_date(o.due_date)},
          {"status", std::string(domain::to_string(o.status))},
          {"source", source_json(o.source)},
          {"created_at", timestamp_json(o.created_at)}};
}

json to_json(const domain::Notification& n) {
  return {{"id", n.id},
          {"recipient_id", n.recipient_id},
          {"text", n.text},
          {"read", n.read},
          {"link", n.link},
          {"source", source_json(n.source)},
          {"created_at", timestamp_json(n.created_at)}};
}

json to_json(const domain::Document& d) {
  return {{"id", d.id},
          {"contract_id", d.contract_id},
          {"file_name", d.file_name},
          {"content_type", d.content_type},
          {"size", d.size},
          {"sha256", d.sha256},
          {"uploaded_by", d.uploaded_by},
          {"created_at", timestamp_json(d.created_at)}};
}

// --- Bodies of the other resources ---------------------------------------------------

app::CustomerFields customer_fields_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  app::CustomerFields out;
  out.name = f.text("name").value_or("");
  out.email = f.text("email").value_or("");
  out.phone = f.text("phone").value_or("");
  out.address = f.text("address").value_or("");
  v.throw_if_any();
  return out;
}

app::CustomerPatch customer_patch_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  app::CustomerPatch out;
  out.name = f.text("name");
  out.email = f.text("email");
  out.phone = f.text("phone");
  out.address = f.text("address");
  v.throw_if_any();
  return out;
}

app::ProjectFields project_fields_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  app::ProjectFields out;
  out.customer_id = f.integer("customer_id", true).value_or(0);
  out.name = f.text("name").value_or("");
  out.stage_id = f.integer("stage_id");
  out.main_contact_employee_id = f.integer("main_contact_employee_id");
  v.throw_if_any();
  return out;
}

app::ProjectPatch project_patch_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  app::ProjectPatch out;
  out.name = f.text("name");
  out.customer_id = f.integer("customer_id");
  out.stage_id = f.integer("stage_id");
  if (f.present("main_contact_employee_id")) out.main_contact_employee_id = f.integer("main_contact_employee_id");
  v.throw_if_any();
  return out;
}

app::EmployeeFields employee_fields_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  app::EmployeeFields out;
  out.email = f.text("email").value_or("");
  out.name = f.text("name").value_or("");
  out.role = f.choice<domain::Role>("role", domain::role_from_string, "admin, office, technician", true)
                 .value_or(domain::Role::technician);
  out.password = f.text("password");
  v.throw_if_any();
  return out;
}

app::EmployeePatch employee_patch_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  app::EmployeePatch out;
  out.email = f.text("email");
  out.name = f.text("name");
  out.role = f.choice<domain::Role>("role", domain::role_from_string, "admin, office, technician");
  out.active = f.boolean("active");
  out.password = f.text("password");
  v.throw_if_any();
  return out;
}

namespace {
template <class Patch>
Patch work_patch_from_json(const json& body) {
  Violations v;
  Fields f(body, "", v);
  Patch out;
  out.title = f.text("title");
  out.assignee_id = f.integer("assignee_id");
  if (f.present("due_date")) out.due_date = f.date("due_date");
  out.status = f.choice<domain::WorkStatus>("status", domain::work_status_from_string, "open, done");
  v.throw_if_any();
  return out;
}
}  // namespace

app::TaskPatch task_patch_from_json(const json& body) { return work_patch_from_json<app::TaskPatch>(body); }
app::OrderPatch order_patch_from_json(const json& body) { return work_patch_from_json<app::OrderPatch>(body); }

}  // namespace turnus::http

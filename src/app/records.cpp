// Customers, projects and the pipeline, employees, tasks, orders and notifications: the
// records around the contracts, as the HTTP API reads and changes them.
//
// Roles (product.md, "Organisations and people"): admin and office manage customers,
// projects, tasks and orders; only admin manages employees; a technician sees only the
// tasks, orders, projects and notifications that are their own, and may only mark their own
// tasks and orders done (or open again) and their own notifications read. A row the actor
// may not see is reported as not found, exactly like an unknown or foreign id.
#include <algorithm>
#include <string>
#include <vector>

#include "app/permissions.hpp"
#include "app/rules.hpp"
#include "app/use_cases.hpp"

namespace turnus::app {

using domain::Error;
using domain::ErrorKind;
using domain::Role;
using domain::Timestamp;

namespace {

bool sees_everything(const Actor& actor) { return actor.role == Role::admin || actor.role == Role::office; }

// The user a technician's lists are narrowed to; 0 (nobody) for an actor without a user.
Id own_id(const Actor& actor) { return actor.user_id.value_or(0); }

bool owns(const Actor& actor, Id owner) { return actor.user_id && *actor.user_id == owner; }

// A technician sees the projects whose main contact they are.
bool shows(const Actor& actor, const domain::Project& project) {
  return sees_everything(actor) || (project.main_contact_employee_id && owns(actor, *project.main_contact_employee_id));
}

Error forbidden() {
  return Error(ErrorKind::forbidden, {"Dafür fehlt die Berechtigung.", "You are not allowed to do this."});
}

void audit(Tx& tx, const Actor& actor, const char* action, const char* entity, Id id, std::string detail,
           Timestamp now) {
  tx.audit().add({0, actor.organisation_id, actor.user_id, action, entity, id, std::move(detail), now});
}

// References must exist in the actor's organisation; a foreign id reads exactly like an
// unknown one.
void check_customer(Tx& tx, domain::Violations& v, Id org, Id customer_id) {
  if (!tx.customers().find(org, customer_id)) {
    v.add("customer_id", "Diesen Kunden gibt es nicht.", "This customer does not exist.");
  }
}

void check_employee(Tx& tx, domain::Violations& v, Id org, Id employee_id, const char* field) {
  const std::optional<domain::User> employee = tx.users().find(org, employee_id);
  if (!employee || !employee->active) {
    v.add(field, "Diesen Mitarbeiter gibt es nicht.", "This employee does not exist.");
  }
}

bool stage_exists(const std::vector<domain::PipelineStage>& stages, Id id) {
  for (const domain::PipelineStage& s : stages) {
    if (s.id == id) return true;
  }
  return false;
}

// "2 Projekte und 1 Wartungsvertrag" — the references that block deleting a customer.
std::string blocking_de(const CustomerRepository::References& r) {
  std::vector<std::string> parts;
  parts.reserve(3);
  if (r.projects > 0) parts.push_back(std::to_string(r.projects) + (r.projects == 1 ? " Projekt" : " Projekte"));
  if (r.contracts > 0) {
    parts.push_back(std::to_string(r.contracts) + (r.contracts == 1 ? " Wartungsvertrag" : " Wartungsverträge"));
  }
  if (r.orders > 0) parts.push_back(std::to_string(r.orders) + (r.orders == 1 ? " Auftrag" : " Aufträge"));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " und " : ", ";
    out += parts[i];
  }
  return out;
}
std::string blocking_en(const CustomerRepository::References& r) {
  std::vector<std::string> parts;
  parts.reserve(3);
  if (r.projects > 0) parts.push_back(std::to_string(r.projects) + (r.projects == 1 ? " project" : " projects"));
  if (r.contracts > 0) {
    parts.push_back(std::to_string(r.contracts) +
                    (r.contracts == 1 ? " maintenance contract" : " maintenance contracts"));
  }
  if (r.orders > 0) parts.push_back(std::to_string(r.orders) + (r.orders == 1 ? " order" : " orders"));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

Error customer_in_use(const CustomerRepository::References& r) {
  if (!r.any()) {
    return Error::conflict({"Der Kunde wird noch verwendet und kann nicht gelöscht werden.",
                            "The customer is still in use and cannot be deleted."});
  }
  return Error::conflict({"Der Kunde kann nicht gelöscht werden, solange " + blocking_de(r) + " auf ihn verweisen.",
                          "The customer cannot be deleted while " + blocking_en(r) + " refer to it."});
}

void check_customer_fields(domain::Violations& v, const std::optional<std::string>& name,
                           const std::optional<std::string>& email, const std::optional<std::string>& phone,
                           const std::optional<std::string>& address) {
  if (name) rules::check_name(v, "name", *name, "Der Name", "The name");
  if (email) rules::check_email(v, "email", *email, false);
  if (phone) rules::check_optional_text(v, "phone", *phone, "Die Telefonnummer", "The phone number", 100, false);
  if (address) rules::check_optional_text(v, "address", *address, "Die Adresse", "The address", 500, true);
}

std::optional<std::string> trimmed(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return rules::trimmed(*s);
}

Error email_taken() {
  return Error::validation(
      {{"email", {"Diese E-Mail-Adresse ist bereits vergeben.", "This e-mail address is already taken."}}});
}

// Adds an e-mail field error, instead of the store's conflict, when the address is taken.
template <class Work>
auto unless_email_taken(Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::conflict) throw email_taken();
    throw;
  }
}

}  // namespace

// --- Customers -----------------------------------------------------------------------------

Page<domain::Customer> UseCases::list_customers(const Actor& actor, const std::string& query, PageRequest page) {
  require(actor, Permission::read_contracts);
  domain::Violations v;
  rules::check_query(v, "q", query);
  rules::check_page(v, page);
  v.throw_if_any();
  const std::string text = rules::trimmed(query);
  return read(s_.db, [&](Tx& tx) { return tx.customers().list(actor.organisation_id, text, page); });
}

namespace {

// The ids of a lookup by ids, each once in the order first asked.
std::vector<Id> lookup_ids(const std::vector<Id>& ids) {
  domain::Violations v;
  if (ids.empty() || ids.size() > kMaxLookupIds) {
    v.add("ids", "Bitte 1 bis " + std::to_string(kMaxLookupIds) + " Ids angeben.",
          "Please give 1 to " + std::to_string(kMaxLookupIds) + " ids.");
  }
  v.throw_if_any();
  std::vector<Id> unique;
  unique.reserve(ids.size());
  for (const Id id : ids) {
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
  }
  return unique;
}

// Each record `find` returns for one of `ids`, in their order.
template <class Record, class Find>
std::vector<Record> each_found(const std::vector<Id>& ids, Find&& find) {
  std::vector<Record> found;
  for (const Id id : ids) {
    if (std::optional<Record> record = find(id)) found.push_back(std::move(*record));
  }
  return found;
}

}  // namespace

std::vector<domain::Customer> UseCases::find_customers(const Actor& actor, const std::vector<Id>& ids) {
  require(actor, Permission::read_contracts);
  const std::vector<Id> wanted = lookup_ids(ids);
  return read(s_.db, [&](Tx& tx) {
    return each_found<domain::Customer>(wanted, [&](Id id) { return tx.customers().find(actor.organisation_id, id); });
  });
}

domain::Customer UseCases::get_customer(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    std::optional<domain::Customer> c = tx.customers().find(actor.organisation_id, id);
    if (!c) throw Error::not_found("Kunde", "Customer");
    return std::move(*c);
  });
}

domain::Customer UseCases::create_customer(const Actor& actor, const CustomerFields& fields) {
  require(actor, Permission::manage_contracts);
  domain::Customer c;
  c.organisation_id = actor.organisation_id;
  c.name = rules::trimmed(fields.name);
  c.email = rules::trimmed(fields.email);
  c.phone = rules::trimmed(fields.phone);
  c.address = rules::trimmed(fields.address);
  domain::Violations v;
  check_customer_fields(v, c.name, c.email, c.phone, c.address);
  v.throw_if_any();
  const Timestamp now = s_.clock.now();
  c.created_at = now;
  return write(s_.db, [&](Tx& tx) {
    domain::Customer created = tx.customers().add(c);
    audit(tx, actor, "customer.create", "customer", created.id, "{}", now);
    return created;
  });
}

domain::Customer UseCases::update_customer(const Actor& actor, Id id, const CustomerPatch& patch) {
  require(actor, Permission::manage_contracts);
  const CustomerPatch p{trimmed(patch.name), trimmed(patch.email), trimmed(patch.phone), trimmed(patch.address)};
  domain::Violations v;
  check_customer_fields(v, p.name, p.email, p.phone, p.address);
  v.throw_if_any();
  const Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    std::optional<domain::Customer> c = tx.customers().find(actor.organisation_id, id);
    if (!c) throw Error::not_found("Kunde", "Customer");
    std::vector<std::string> changed;
    const auto apply = [&](const std::optional<std::string>& value, std::string& field, const char* name) {
      if (value && *value != field) {
        field = *value;
        changed.emplace_back(name);
      }
    };
    apply(p.name, c->name, "name");
    apply(p.email, c->email, "email");
    apply(p.phone, c->phone, "phone");
    apply(p.address, c->address, "address");
    if (!changed.empty()) {
      tx.customers().update(*c);
      audit(tx, actor, "customer.update", "customer", id, rules::changed_fields_detail(changed), now);
    }
    return std::move(*c);
  });
}

void UseCases::delete_customer(const Actor& actor, Id id) {
  require(actor, Permission::manage_contracts);
  const Timestamp now = s_.clock.now();
  write(s_.db, [&](Tx& tx) {
    if (!tx.customers().find(actor.organisation_id, id)) throw Error::not_found("Kunde", "Customer");
    const CustomerRepository::References refs = tx.customers().references(actor.organisation_id, id);
    if (refs.any()) throw customer_in_use(refs);
    try {
      tx.customers().remove(actor.organisation_id, id);
    } catch (const Error& e) {
      // A project or contract for it committed between the check and the delete.
      if (e.kind() == ErrorKind::not_found) throw customer_in_use({});
      throw;
    }
    audit(tx, actor, "customer.delete", "customer", id, "{}", now);
  });
}

// --- Projects and the pipeline ---------------------------------------------------------------

std::vector<domain::PipelineStage> UseCases::pipeline_stages(const Actor& actor) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) { return tx.pipeline().stages(actor.organisation_id); });
}

Page<domain::Project> UseCases::list_projects(const Actor& actor, const ProjectFilter& filter, PageRequest page) {
  require(actor, Permission::read_contracts);
  domain::Violations v;
  rules::check_query(v, "q", filter.query);
  rules::check_page(v, page);
  v.throw_if_any();
  ProjectQuery query{filter.customer_id, filter.stage_id, filter.main_contact_employee_id,
                     rules::trimmed(filter.query)};
  if (!sees_everything(actor)) query.main_contact_employee_id = own_id(actor);
  return read(s_.db, [&](Tx& tx) { return tx.projects().list(actor.organisation_id, query, page); });
}

std::vector<domain::Project> UseCases::find_projects(const Actor& actor, const std::vector<Id>& ids) {
  require(actor, Permission::read_contracts);
  const std::vector<Id> wanted = lookup_ids(ids);
  return read(s_.db, [&](Tx& tx) {
    return each_found<domain::Project>(wanted, [&](Id id) {
      std::optional<domain::Project> p = tx.projects().find(actor.organisation_id, id);
      return p && shows(actor, *p) ? p : std::nullopt;
    });
  });
}

domain::Project UseCases::get_project(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    std::optional<domain::Project> p = tx.projects().find(actor.organisation_id, id);
    if (!p || !shows(actor, *p)) {
      throw Error::not_found("Projekt", "Project");
    }
    return std::move(*p);
  });
}

domain::Project UseCases::create_project(const Actor& actor, const ProjectFields& fields) {
  require(actor, Permission::manage_contracts);
  const Timestamp now = s_.clock.now();
  domain::Project p;
  p.organisation_id = actor.organisation_id;
  p.customer_id = fields.customer_id;
  p.name = rules::trimmed(fields.name);
  p.main_contact_employee_id = fields.main_contact_employee_id;
  p.created_at = now;
  return write(s_.db, [&](Tx& tx) {
    const Id org = actor.organisation_id;
    domain::Violations v;
    rules::check_name(v, "name", p.name, "Der Name", "The name");
    check_customer(tx, v, org, p.customer_id);
    const std::vector<domain::PipelineStage> stages = tx.pipeline().stages(org);
    if (fields.stage_id && !stage_exists(stages, *fields.stage_id)) {
      v.add("stage_id", "Diese Phase gibt es nicht.", "This stage does not exist.");
    }
    if (p.main_contact_employee_id) check_employee(tx, v, org, *p.main_contact_employee_id, "main_contact_employee_id");
    v.throw_if_any();
    if (stages.empty()) throw Error(ErrorKind::internal, {"Keine Pipeline-Phasen.", "No pipeline stages."});
    domain::Project stored = p;
    stored.stage_id = fields.stage_id.value_or(stages.front().id);
    stored = tx.projects().add(stored);
    audit(tx, actor, "project.create", "project", stored.id, "{}", now);
    return stored;
  });
}

domain::Project UseCases::update_project(const Actor& actor, Id id, const ProjectPatch& patch) {
  require(actor, Permission::manage_contracts);
  const Timestamp now = s_.clock.now();
  const std::optional<std::string> name = trimmed(patch.name);
  return write(s_.db, [&](Tx& tx) {
    const Id org = actor.organisation_id;
    std::optional<domain::Project> p = tx.projects().find(org, id);
    if (!p) throw Error::not_found("Projekt", "Project");
    domain::Violations v;
    if (name) rules::check_name(v, "name", *name, "Der Name", "The name");
    if (patch.customer_id) check_customer(tx, v, org, *patch.customer_id);
    if (patch.stage_id && !stage_exists(tx.pipeline().stages(org), *patch.stage_id)) {
      v.add("stage_id", "Diese Phase gibt es nicht.", "This stage does not exist.");
    }
    if (patch.main_contact_employee_id && *patch.main_contact_employee_id) {
      check_employee(tx, v, org, **patch.main_contact_employee_id, "main_contact_employee_id");
    }
    v.throw_if_any();

    std::vector<std::string> changed;
    if (name && *name != p->name) {
      p->name = *name;
      changed.emplace_back("name");
    }
    if (patch.customer_id && *patch.customer_id != p->customer_id) {
      p->customer_id = *patch.customer_id;
      changed.emplace_back("customer_id");
    }
    if (patch.stage_id && *patch.stage_id != p->stage_id) {
      p->stage_id = *patch.stage_id;
      changed.emplace_back("stage_id");
    }
    if (patch.main_contact_employee_id && *patch.main_contact_employee_id != p->main_contact_employee_id) {
      p->main_contact_employee_id = *patch.main_contact_employee_id;
      changed.emplace_back("main_contact_employee_id");
    }
    if (!changed.empty()) {
      tx.projects().update(*p);
      audit(tx, actor, "project.update", "project", id, rules::changed_fields_detail(changed), now);
    }
    return std::move(*p);
  });
}

// --- Employees -------------------------------------------------------------------------------

Page<domain::User> UseCases::list_employees(const Actor& actor, PageRequest page) {
  // Everyone sees their colleagues: contracts, tasks and orders name them.
  require(actor, Permission::read_contracts);
  domain::Violations v;
  rules::check_page(v, page);
  v.throw_if_any();
  return read(s_.db, [&](Tx& tx) { return tx.users().page(actor.organisation_id, page); });
}

domain::User UseCases::get_employee(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    std::optional<domain::User> u = tx.users().find(actor.organisation_id, id);
    if (!u) throw Error::not_found("Mitarbeiter", "Employee");
    return std::move(*u);
  });
}

domain::User UseCases::create_employee(const Actor& actor, const EmployeeFields& fields) {
  require(actor, Permission::manage_people);
  domain::User u;
  u.organisation_id = actor.organisation_id;
  u.email = rules::trimmed(fields.email);
  u.name = rules::trimmed(fields.name);
  u.role = fields.role;
  domain::Violations v;
  rules::check_email(v, "email", u.email, true);
  rules::check_name(v, "name", u.name, "Der Name", "The name");
  if (fields.password) rules::check_password(v, "password", *fields.password, u.email, s_.common_passwords);
  v.throw_if_any();

  // Hashing is deliberately slow (argon2id): before the transaction, which may be re-run.
  u.password_hash = fields.password ? s_.secrets.hash_password(*fields.password) : std::string();
  const Timestamp now = s_.clock.now();
  u.created_at = now;
  return write(s_.db, [&](Tx& tx) {
    // Only this organisation's addresses count: another one's are none of its business.
    if (tx.users().find_by_email(actor.organisation_id, u.email)) throw email_taken();
    domain::User created = unless_email_taken([&] { return tx.users().add(u); });
    audit(tx, actor, "user.create", "user", created.id,
          R"({"role":)" + rules::json_string(domain::to_string(created.role)) + "}", now);
    return created;
  });
}

domain::User UseCases::update_employee(const Actor& actor, Id id, const EmployeePatch& patch) {
  require(actor, Permission::manage_people);
  const std::optional<std::string> email = trimmed(patch.email);
  const std::optional<std::string> name = trimmed(patch.name);
  domain::Violations v;
  if (email) rules::check_email(v, "email", *email, true);
  if (name) rules::check_name(v, "name", *name, "Der Name", "The name");
  if (patch.password) {
    // The rule compares the password with the address the employee will have.
    const std::string address = email ? *email : read(s_.db, [&](Tx& tx) {
      const std::optional<domain::User> u = tx.users().find(actor.organisation_id, id);
      return u ? u->email : std::string();
    });
    rules::check_password(v, "password", *patch.password, address, s_.common_passwords);
  }
  v.throw_if_any();

  const std::optional<std::string> hash =
      patch.password ? std::optional<std::string>(s_.secrets.hash_password(*patch.password)) : std::nullopt;
  const Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    const Id org = actor.organisation_id;
    // One employee change of the organisation at a time: two admins demoting or
    // deactivating each other at the same moment would otherwise both see the other one
    // still active and both succeed (PostgreSQL, READ COMMITTED), leaving none.
    tx.organisations().lock(org);
    std::optional<domain::User> u = tx.users().find(org, id);
    if (!u) throw Error::not_found("Mitarbeiter", "Employee");
    const bool was_active_admin = u->active && u->role == Role::admin;

    std::vector<std::string> changed;
    if (email && *email != u->email) {
      const std::optional<domain::User> holder = tx.users().find_by_email(org, *email);
      if (holder && holder->id != u->id) throw email_taken();
      u->email = *email;
      changed.emplace_back("email");
    }
    if (name && *name != u->name) {
      u->name = *name;
      changed.emplace_back("name");
    }
    if (patch.role && *patch.role != u->role) {
      u->role = *patch.role;
      changed.emplace_back("role");
    }
    if (patch.active && *patch.active != u->active) {
      u->active = *patch.active;
      changed.emplace_back("active");
    }
    if (hash) {
      u->password_hash = *hash;
      changed.emplace_back("password");
    }
    if (changed.empty()) return std::move(*u);

    if (was_active_admin && !(u->active && u->role == Role::admin) && tx.users().count_active_admins(org) <= 1) {
      throw Error::conflict({"Die Organisation braucht mindestens einen aktiven Administrator.",
                             "The organisation needs at least one active administrator."});
    }
    unless_email_taken([&] { tx.users().update(*u); });
    // A deactivated employee or a new password ends every browser session of the user.
    if (!u->active || hash) tx.sessions().remove_for_user(org, id);
    // Deactivating revokes the employee's API tokens for good: reactivating must not bring
    // back a token that went with the employee's old laptop.
    if (!u->active) {
      for (const domain::ApiToken& token : tx.tokens().list(org, id)) {
        tx.tokens().revoke(org, token.id, now);
        audit(tx, actor, "token.revoke", "api_token", token.id, R"({"reason":"user deactivated"})", now);
      }
    }
    audit(tx, actor, "user.update", "user", id, rules::changed_fields_detail(changed), now);
    return std::move(*u);
  });
}

// --- Tasks -----------------------------------------------------------------------------------

Page<domain::Task> UseCases::list_tasks(const Actor& actor, const WorkFilter& filter, PageRequest page) {
  require(actor, Permission::read_contracts);
  domain::Violations v;
  rules::check_page(v, page);
  v.throw_if_any();
  WorkQuery query{filter.assignee_id, filter.status, std::nullopt};
  if (!sees_everything(actor)) query.assignee_id = own_id(actor);
  return read(s_.db, [&](Tx& tx) { return tx.tasks().list(actor.organisation_id, query, page); });
}

namespace {

// Tasks and orders have the same editable fields: applies the patch (with its title already
// trimmed) and returns the names of the fields that changed, for the audit entry.
template <class Work, class Patch>
std::vector<std::string> apply_work_patch(Work& work, const Patch& patch, const std::optional<std::string>& title) {
  std::vector<std::string> changed;
  if (title && *title != work.title) {
    work.title = *title;
    changed.emplace_back("title");
  }
  if (patch.assignee_id && *patch.assignee_id != work.assignee_id) {
    work.assignee_id = *patch.assignee_id;
    changed.emplace_back("assignee_id");
  }
  if (patch.due_date && *patch.due_date != work.due_date) {
    work.due_date = *patch.due_date;
    changed.emplace_back("due_date");
  }
  if (patch.status && *patch.status != work.status) {
    work.status = *patch.status;
    changed.emplace_back("status");
  }
  return changed;
}

}  // namespace

domain::Task UseCases::update_task(const Actor& actor, Id id, const TaskPatch& patch) {
  require(actor, Permission::read_contracts);
  const bool manager = sees_everything(actor);
  // A technician completes (or reopens) their own tasks, nothing more.
  if (!manager && (patch.title || patch.assignee_id || patch.due_date)) throw forbidden();
  const std::optional<std::string> title = trimmed(patch.title);
  const Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    const Id org = actor.organisation_id;
    std::optional<domain::Task> t = tx.tasks().find(org, id);
    if (!t || (!manager && !owns(actor, t->assignee_id))) throw Error::not_found("Aufgabe", "Task");
    domain::Violations v;
    if (title) rules::check_name(v, "title", *title, "Der Titel", "The title");
    if (patch.assignee_id && *patch.assignee_id != t->assignee_id) {
      check_employee(tx, v, org, *patch.assignee_id, "assignee_id");
    }
    v.throw_if_any();

    const std::vector<std::string> changed = apply_work_patch(*t, patch, title);
    if (!changed.empty()) {
      tx.tasks().update(*t);
      audit(tx, actor, "task.update", "task", id, rules::changed_fields_detail(changed), now);
    }
    return std::move(*t);
  });
}

// --- Orders ----------------------------------------------------------------------------------

Page<domain::Order> UseCases::list_orders(const Actor& actor, const WorkFilter& filter, PageRequest page) {
  require(actor, Permission::read_contracts);
  domain::Violations v;
  rules::check_page(v, page);
  v.throw_if_any();
  WorkQuery query{filter.assignee_id, filter.status, filter.customer_id};
  if (!sees_everything(actor)) query.assignee_id = own_id(actor);
  return read(s_.db, [&](Tx& tx) { return tx.orders().list(actor.organisation_id, query, page); });
}

domain::Order UseCases::get_order(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  return read(s_.db, [&](Tx& tx) {
    std::optional<domain::Order> o = tx.orders().find(actor.organisation_id, id);
    if (!o || (!sees_everything(actor) && !owns(actor, o->assignee_id))) throw Error::not_found("Auftrag", "Order");
    return std::move(*o);
  });
}

domain::Order UseCases::update_order(const Actor& actor, Id id, const OrderPatch& patch) {
  require(actor, Permission::read_contracts);
  const bool manager = sees_everything(actor);
  // A technician completes (or reopens) their own orders, nothing more.
  if (!manager && (patch.title || patch.assignee_id || patch.due_date)) throw forbidden();
  const std::optional<std::string> title = trimmed(patch.title);
  const Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    const Id org = actor.organisation_id;
    std::optional<domain::Order> o = tx.orders().find(org, id);
    if (!o || (!manager && !owns(actor, o->assignee_id))) throw Error::not_found("Auftrag", "Order");
    domain::Violations v;
    if (title) rules::check_name(v, "title", *title, "Der Titel", "The title");
    if (patch.assignee_id && *patch.assignee_id != o->assignee_id) {
      check_employee(tx, v, org, *patch.assignee_id, "assignee_id");
    }
    v.throw_if_any();

    const std::vector<std::string> changed = apply_work_patch(*o, patch, title);
    if (!changed.empty()) {
      tx.orders().update(*o);
      audit(tx, actor, "order.update", "order", id, rules::changed_fields_detail(changed), now);
    }
    return std::move(*o);
  });
}

// --- Notifications ---------------------------------------------------------------------------

Page<domain::Notification> UseCases::list_notifications(const Actor& actor, const NotificationFilter& filter,
                                                        PageRequest page) {
  require(actor, Permission::read_contracts);
  domain::Violations v;
  rules::check_page(v, page);
  v.throw_if_any();
  NotificationQuery query{filter.recipient_id, filter.read};
  if (!sees_everything(actor)) query.recipient_id = own_id(actor);
  return read(s_.db, [&](Tx& tx) { return tx.notifications().list(actor.organisation_id, query, page); });
}

std::int64_t UseCases::unread_notifications(const Actor& actor) {
  if (!actor.user_id) return 0;
  return read(s_.db, [&](Tx& tx) { return tx.notifications().count_unread(actor.organisation_id, *actor.user_id); });
}

domain::Notification UseCases::mark_notification_read(const Actor& actor, Id id) {
  require(actor, Permission::read_contracts);
  const Timestamp now = s_.clock.now();
  return write(s_.db, [&](Tx& tx) {
    std::optional<domain::Notification> n = tx.notifications().find(actor.organisation_id, id);
    if (!n || (!sees_everything(actor) && !owns(actor, n->recipient_id))) {
      throw Error::not_found("Benachrichtigung", "Notification");
    }
    // Read means read by its recipient; an admin looking at it does not count.
    if (!owns(actor, n->recipient_id)) {
      throw Error(ErrorKind::forbidden, {"Nur der Empfänger kann eine Benachrichtigung als gelesen markieren.",
                                         "Only its recipient can mark a notification as read."});
    }
    if (!n->read) {
      tx.notifications().set_read(actor.organisation_id, id, true);
      n->read = true;
      audit(tx, actor, "notification.read", "notification", id, "{}", now);
    }
    return std::move(*n);
  });
}

}  // namespace turnus::app

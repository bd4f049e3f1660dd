// UI logic without DOM: the dialog's draft ↔ API body, the list's filters → query, and the
// small decisions (due soon, paging by cursor) the views show. Unit-tested in test/model.test.ts.
import type { ActionType, Contract, ContractInput, Execution, Id, IntervalUnit, Project, Stage, Status } from './api';
import { formatDate, formatDateTime, inputDate, parseDateInput, t, type Key } from './i18n';
import { addDays, parseIso, toIso } from './schedule';

export type Assign = 'customer' | 'project' | 'none';
export interface Draft {
  assign: Assign; customer_id: Id | null; project_id: Id | null; name: string; start: string;
  termCount: string; termUnit: 'month' | 'year'; unit: IntervalUnit; every: string; dates: string;
  actionType: ActionType; employee_id: Id | null; reminderOn: boolean; daysBefore: string;
}

export function emptyDraft(today: string): Draft {
  return {
    assign: 'customer', customer_id: null, project_id: null, name: '', start: inputDate(today), termCount: '', termUnit: 'month',
    unit: 'year', every: '1', dates: '', actionType: 'create_task', employee_id: null, reminderOn: true, daysBefore: '14',
  };
}

export function draftOf(c: Contract): Draft {
  return {
    assign: c.project_id ? 'project' : c.customer_id ? 'customer' : 'none', customer_id: c.customer_id, project_id: c.project_id,
    name: c.name, start: inputDate(c.start_date), termCount: c.term ? String(c.term.count) : '', termUnit: c.term?.unit ?? 'month',
    unit: c.interval.unit, every: String(c.interval.every ?? 1), dates: (c.interval.dates ?? []).map((d) => inputDate(d)).join(', '),
    actionType: c.action.type, employee_id: c.action.employee_id, reminderOn: c.reminder !== null,
    daysBefore: c.reminder ? String(c.reminder.days_before) : '14',
  };
}

const int = (s: string): number => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);

// The API body of a draft plus the errors the browser can already tell (by API field path).
export function bodyOf(d: Draft, msg: { required: string; invalidDate: string }): { body: ContractInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const start = parseDateInput(d.start);
  if (!d.name.trim()) errors.name = msg.required;
  if (!start) errors.start_date = d.start.trim() ? msg.invalidDate : msg.required;
  if (d.assign === 'customer' && !d.customer_id) errors.customer_id = msg.required;
  if (d.assign === 'project' && !d.project_id) errors.project_id = msg.required;
  if (!d.employee_id) errors['action.employee_id'] = msg.required;
  const dates = d.dates.split(/[,;\s]+/).filter(Boolean).map((s) => parseDateInput(s));
  if (d.unit === 'fixed' && (dates.length === 0 || dates.some((x) => x === null))) errors['interval.dates'] = dates.length ? msg.invalidDate : msg.required;
  const termCount = d.termCount.trim() === '' ? null : int(d.termCount);
  const body: ContractInput = {
    name: d.name.trim(),
    customer_id: d.assign === 'customer' ? d.customer_id : null,
    project_id: d.assign === 'project' ? d.project_id : null,
    start_date: start ?? '',
    term: termCount === null ? null : { count: termCount, unit: d.termUnit },
    interval: d.unit === 'fixed' ? { unit: 'fixed', dates: dates.filter((x): x is string => x !== null) } : { unit: d.unit, every: int(d.every) },
    reminder: d.reminderOn ? { days_before: int(d.daysBefore) } : null,
    action: { type: d.actionType, employee_id: d.employee_id },
  };
  return { body, errors };
}

// Did the schedule change against the saved contract (then the preview is computed locally)?
export function scheduleChanged(c: Contract, b: ContractInput): boolean {
  return JSON.stringify([c.start_date, c.term, c.interval.unit, c.interval.every ?? null, c.interval.dates ?? null]) !==
    JSON.stringify([b.start_date, b.term, b.interval.unit, b.interval.every ?? null, b.interval.dates ?? null]);
}

export type Due = '' | 'overdue' | '7' | '30' | '90';
export type SortKey = 'next_due_date' | 'name' | 'customer';
// `cursors` is the stack of the `after` values that reached each page from page 2 on (page 1
// has none); the page number is its depth, so the two cannot disagree.
export interface Filters {
  status: string; customer_id: Id | null; project_id: Id | null; employee_id: Id | null; action_type: ActionType | '';
  interval_unit: IntervalUnit | ''; due: Due; q: string; sort: SortKey; desc: boolean; per_page: number; cursors: string[];
}
export const defaultFilters = (): Filters => ({
  status: 'active,inactive', customer_id: null, project_id: null, employee_id: null, action_type: '', interval_unit: '', due: '', q: '',
  sort: 'next_due_date', desc: false, per_page: 50, cursors: [],
});

export const pageNo = (f: Filters): number => f.cursors.length + 1;
// "Weiter": the page after the shown one, by the `next` of its answer.
export const nextPage = (f: Filters, next: string): Filters => ({ ...f, cursors: [...f.cursors, next] });
// Whether "Weiter" leads anywhere: the answer has a `next`, unless its exact total says this
// page is the last (a full last page has a `next` after a cursor, where the server cannot
// know its position; the page number here can).
export function canGoOn(d: { next: string | null; total: number; total_exact?: boolean; page: number; per_page: number }): boolean {
  return d.next !== null && !(d.total_exact !== false && d.page * d.per_page >= d.total);
}
// "Zurück": the previous page by its own cursor (none for page 1), as it was reached.
export const prevPage = (f: Filters): Filters => ({ ...f, cursors: f.cursors.slice(0, -1) });
// Any other change of the list starts again at page 1: a cursor only continues the sort and
// filters it was handed out for.
export type FilterPatch = Partial<Omit<Filters, 'cursors'>>;
export const refine = (f: Filters, patch: FilterPatch): Filters => ({ ...f, ...patch, cursors: [] });

// The list query of the filters; null when the text filter is too short to ask (1–2 chars).
export function listQuery(f: Filters, today: string): Record<string, string | number> | null {
  const q = f.q.trim();
  if (q.length > 0 && q.length < 3) return null;
  // With `after` the page number is only the label the answer echoes (its from–to count).
  const out: Record<string, string | number> = { page: pageNo(f), per_page: f.per_page, sort: (f.desc ? '-' : '') + f.sort };
  const after = f.cursors.at(-1);
  if (after) out.after = after;
  if (f.status) out.status = f.status;
  if (f.customer_id) out.customer_id = f.customer_id;
  if (f.project_id) out.project_id = f.project_id;
  if (f.employee_id) out.employee_id = f.employee_id;
  if (f.action_type) out.action_type = f.action_type;
  if (f.interval_unit) out.interval_unit = f.interval_unit;
  if (q) out.q = q;
  const t = parseIso(today)!;
  if (f.due === 'overdue') out.due_before = toIso(addDays(t, -1));
  else if (f.due) { out.due_after = today; out.due_before = toIso(addDays(t, Number(f.due))); }
  return out;
}

// The key under which main.tsx starts a list request before the page asks for it.
export const contractsEarlyKey = (query: Record<string, string | number>): string =>
  `contracts?${Object.entries(query).map(([k, v]) => `${k}=${v}`).sort().join('&')}`;

// "bald fällig" from reminder day until the due date; "überfällig" before today.
export function dueState(c: Pick<Contract, 'next_due_date' | 'reminder' | 'status'>, today: string): 'overdue' | 'soon' | null {
  if (!c.next_due_date || c.status === 'archived') return null;
  if (c.next_due_date < today) return 'overdue';
  if (c.reminder) {
    const from = toIso(addDays(parseIso(c.next_due_date)!, -c.reminder.days_before));
    if (from <= today) return 'soon';
  }
  return null;
}

export const statusLabelKey = (s: Status): 'active' | 'inactive' | 'archived' => s;

// Where the UI shows a record an action or reminder created.
export type CreatedRef = NonNullable<Execution['created']>;
export function recordHref(c: CreatedRef): string {
  return `/${{ project: 'projects', task: 'tasks', order: 'orders', notification: 'notifications' }[c.type]}?highlight=${c.id}`;
}

// One line of the contract's "Verlauf": what the API says, in words. Reasons the API spells
// as codes are translated; a failure's reason is the server's own sentence.
export interface HistoryRow {
  id: Id; due: string; kind: string; trigger: string; outcome: string; outcomeClass: 'active' | 'inactive' | 'failed';
  reason: string; at: string; record: { label: string; href: string } | null;
}
const known = (prefix: string, value: string | undefined): string => (t(`${prefix}_${value}` as Key) as string | undefined) ?? value ?? '';
export function historyRow(ex: Execution): HistoryRow {
  return {
    id: ex.id,
    due: formatDate(ex.due_date),
    kind: known('kind', ex.kind ?? 'action'),
    trigger: known('trigger', ex.trigger),
    outcome: known('outcome', ex.outcome),
    outcomeClass: ex.outcome === 'executed' ? 'active' : ex.outcome === 'failed' ? 'failed' : 'inactive',
    reason: ex.reason ? known('reason', ex.reason) : '',
    at: formatDateTime(ex.executed_at),
    record: ex.created ? { label: `${known('record', ex.created.type)} #${ex.created.id}`, href: recordHref(ex.created) } : null,
  };
}

// The board after moving one project to another stage: out of its column, on top of the
// target column, counts adjusted. The same board when nothing moves.
export interface Column { stage: Stage; projects: Project[]; total: number }
export function moveOnBoard(board: Column[], projectId: Id, toStage: Id): Column[] {
  const from = board.find((c) => c.projects.some((p) => p.id === projectId));
  if (!from || from.stage.id === toStage || !board.some((c) => c.stage.id === toStage)) return board;
  const moved = { ...from.projects.find((p) => p.id === projectId)!, stage_id: toStage };
  return board.map((c) => {
    if (c === from) return { ...c, projects: c.projects.filter((p) => p.id !== projectId), total: c.total - 1 };
    if (c.stage.id === toStage) return { ...c, projects: [moved, ...c.projects], total: c.total + 1 };
    return c;
  });
}

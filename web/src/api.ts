// The turnus HTTP API (docs/api.md) as the UI uses it: session cookie + X-CSRF-Token on
// unsafe requests, problem+json turned into ApiError with field errors by dotted path.
import { lang } from './i18n';
import { batchedLookup } from './batch';

export type Id = number;
export interface Page<T> { items: T[]; total: number; total_exact?: boolean; page: number; per_page: number }
// The contract list's answer: `next` continues it (as `after`) while the page is full.
export interface CursorPage<T> extends Page<T> { next: string | null }
export type Role = 'admin' | 'office' | 'technician';
export interface Employee { id: Id; email: string; name: string; role: Role; active: boolean }
export interface Customer { id: Id; name: string; email?: string; phone?: string; address?: string }
export interface Source { contract_id: Id; due_date: string }
export interface Project { id: Id; customer_id: Id; name: string; stage_id: Id; main_contact_employee_id: Id | null; source?: Source | null; created_at?: string | null }
export interface Stage { id: Id; name: string; position: number }
export interface Work { id: Id; title: string; assignee_id: Id; due_date: string | null; status: 'open' | 'done'; number?: number; customer_id?: Id | null; source?: Source | null }
export interface Notification { id: Id; recipient_id: Id; text: string; read: boolean; link: string; source?: Source | null; created_at?: string | null }
export type IntervalUnit = 'year' | 'month' | 'week' | 'day' | 'fixed';
export type ActionType = 'create_project' | 'create_task' | 'notify' | 'create_order';
export type Status = 'active' | 'inactive' | 'archived';
export interface Interval { unit: IntervalUnit; every?: number; dates?: string[] }
export interface Term { count: number; unit: 'month' | 'year' }
export interface ContractInput {
  name: string; customer_id: Id | null; project_id: Id | null; start_date: string;
  term: Term | null; interval: Interval; reminder: { days_before: number } | null;
  action: { type: ActionType; employee_id: Id | null };
}
export interface Contract extends ContractInput {
  id: Id; interval_text: string; status: Status; next_due_date: string | null; version: number;
  created_at?: string | null; updated_at?: string | null;
}
export interface Execution {
  id: Id; contract_id: Id; due_date: string; kind?: 'action' | 'reminder'; trigger: string; outcome: string;
  reason?: string; created: { type: 'project' | 'task' | 'notification' | 'order'; id: Id } | null; executed_at?: string | null;
}
export interface DocumentInfo { id: Id; contract_id: Id; file_name: string; content_type: string; size: number; created_at?: string | null }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(detail || title);
  }
}

const CSRF_KEY = 'turnus.csrf';
const early = new Map<string, Promise<unknown>>(); // see startEarly()
let csrf: string | null = localStorage.getItem(CSRF_KEY);
let onUnauthorized: () => void = () => {};

export function setUnauthorizedHandler(handler: () => void): void { onUnauthorized = handler; }
export function hasCsrf(): boolean { return csrf !== null; }

type Query = Record<string, string | number | boolean | null | undefined>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang() };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${queryString(query)}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, lang() === 'de' ? 'Keine Verbindung' : 'No connection',
      lang() === 'de' ? 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung.' : 'The server cannot be reached. Please check the connection.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const p = (data ?? {}) as { title?: string; detail?: string; errors?: { field: string; message: string }[] };
    const fields: Record<string, string> = {};
    for (const e of p.errors ?? []) if (!(e.field in fields)) fields[e.field] = e.message;
    const err = new ApiError(res.status, p.title ?? String(res.status), p.detail ?? '', fields);
    if (res.status === 401 && path !== '/session') onUnauthorized();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

// `organisation`: only when the API asked for it (422 on field organisation: the address
// and password fit accounts of several organisations).
export async function login(email: string, password: string, organisation?: string): Promise<Employee> {
  const body = organisation ? { email, password, organisation } : { email, password };
  const s = await request<{ user: Employee; csrf_token: string }>('POST', '/session', body);
  early.clear(); // answers to the previous session (401) are no answers for this one
  csrf = s.csrf_token;
  localStorage.setItem(CSRF_KEY, csrf);
  return s.user;
}

export async function logout(): Promise<void> {
  try { await request('DELETE', '/session'); } finally {
    csrf = null;
    localStorage.removeItem(CSRF_KEY);
  }
}

export function forgetSession(): void { csrf = null; localStorage.removeItem(CSRF_KEY); early.clear(); }

// Lookups the list and the board resolve ids with; cached for the page's life.
const cache = new Map<string, Promise<unknown>>();
export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
export function invalidate(prefix: string): void { for (const k of [...cache.keys()]) if (k.startsWith(prefix)) cache.delete(k); }

// Requests started at boot, before the page that needs them is rendered; each is taken once
// (the page's later requests of the same key go to the network as usual).
export function startEarly(key: string, load: () => Promise<unknown>): void {
  const p = load();
  p.catch(() => {}); // the taker sees the failure; maybe nobody takes it
  early.set(key, p);
}
export function takeEarly<T>(key: string): Promise<T> | undefined {
  const p = early.get(key) as Promise<T> | undefined;
  early.delete(key);
  return p;
}

export const employees = () => cached('employees', () => api.get<Page<Employee>>('/employees', { per_page: 200 }).then((p) => p.items));
export const stages = () => cached('stages', () => api.get<{ items: Stage[] }>('/pipeline-stages').then((p) => p.items));
const customerById = batchedLookup<Customer>((ids) => api.get<Page<Customer>>('/customers', { ids: ids.join(',') }).then((p) => p.items));
const projectById = batchedLookup<Project>((ids) => api.get<Page<Project>>('/projects', { ids: ids.join(',') }).then((p) => p.items));
export const customer = (id: Id) => cached(`customer:${id}`, () => customerById(id));
export const project = (id: Id) => cached(`project:${id}`, () => projectById(id));

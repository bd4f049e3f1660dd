// The schedule rules of product.md ("Schedule semantics") for drafts the server has not
// seen yet: the dialog's live preview of the next due dates. The server (src/domain/
// schedule.cpp) stays the authority; saved contracts use GET …/occurrences.
import type { Interval, Term } from './api';

export interface Ymd { y: number; m: number; d: number }

export function parseIso(iso: string): Ymd | null {
  const r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!r) return null;
  const v = { y: Number(r[1]), m: Number(r[2]), d: Number(r[3]) };
  if (v.m < 1 || v.m > 12 || v.d < 1 || v.d > daysInMonth(v.y, v.m)) return null;
  return v;
}
export const toIso = (v: Ymd): string =>
  `${String(v.y).padStart(4, '0')}-${String(v.m).padStart(2, '0')}-${String(v.d).padStart(2, '0')}`;
export const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}
// Month arithmetic with the day clamped to the target month's last day (31 Jan + 1 = 29 Feb).
export function addMonths(v: Ymd, months: number): Ymd {
  const total = v.y * 12 + (v.m - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return { y, m, d: Math.min(v.d, daysInMonth(y, m)) };
}
const dayNumber = (v: Ymd): number => Date.UTC(v.y, v.m - 1, v.d) / 86400000;
function fromDayNumber(n: number): Ymd {
  const dt = new Date(n * 86400000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}
export const addDays = (v: Ymd, days: number): Ymd => fromDayNumber(dayNumber(v) + days);

export const LIMITS: Record<Exclude<Interval['unit'], 'fixed'>, number> = { year: 10, month: 120, week: 520, day: 3650 };

export type ScheduleProblem = 'start' | 'every' | 'dates' | 'term';

// Checks a draft the way the server would; the problem names the field.
export function validate(start: string, interval: Interval, term: Term | null): ScheduleProblem | null {
  if (!parseIso(start)) return 'start';
  if (interval.unit === 'fixed') {
    const dates = interval.dates ?? [];
    if (dates.length < 1 || dates.length > 366 || dates.some((d) => !parseIso(d)) || new Set(dates).size !== dates.length) return 'dates';
  } else {
    const every = interval.every ?? 1;
    if (!Number.isInteger(every) || every < 1 || every > LIMITS[interval.unit]) return 'every';
  }
  if (term && (!Number.isInteger(term.count) || term.count < 1)) return 'term';
  return null;
}

// The end of the term (exclusive), or null when open-ended.
export function termEnd(start: Ymd, term: Term | null): Ymd | null {
  if (!term) return null;
  return addMonths(start, term.count * (term.unit === 'year' ? 12 : 1));
}

// The k-th occurrence of a periodic interval (k = 0 is the start date itself). Computed from
// the start every time, so month-end clamping never drifts.
function nth(start: Ymd, interval: Interval, k: number): Ymd {
  const every = interval.every ?? 1;
  switch (interval.unit) {
    case 'year': return addMonths(start, 12 * every * k);
    case 'month': return addMonths(start, every * k);
    case 'week': return addDays(start, 7 * every * k);
    default: return addDays(start, every * k);
  }
}

// Up to `count` occurrences on or after `from` (ISO; default: the start). Invalid drafts: [].
export function occurrences(start: string, interval: Interval, term: Term | null, count: number, from?: string): string[] {
  if (validate(start, interval, term)) return [];
  const s = parseIso(start)!;
  const end = termEnd(s, term);
  const f = from ? parseIso(from) ?? s : s;
  const lower = Math.max(dayNumber(s), dayNumber(f));
  const endN = end ? dayNumber(end) : Infinity;
  const out: string[] = [];
  if (interval.unit === 'fixed') {
    const sorted = [...new Set(interval.dates)].map((d) => parseIso(d)!).map(dayNumber).sort((a, b) => a - b);
    for (const n of sorted) {
      if (n >= lower && n < endN) out.push(toIso(fromDayNumber(n)));
      if (out.length >= count) break;
    }
    return out;
  }
  // Jump close to `from` instead of walking from the start (a start decades back stays cheap).
  const every = interval.every ?? 1;
  let k = 0;
  const gap = lower - dayNumber(s);
  if (gap > 0) {
    const approxDays = { year: 366 * every, month: 31 * every, week: 7 * every, day: every }[interval.unit];
    k = Math.max(0, Math.floor(gap / approxDays) - 1);
  }
  for (let guard = 0; out.length < count && guard < 100000; k++, guard++) {
    const n = dayNumber(nth(s, interval, k));
    if (n >= endN) break;
    if (n >= lower) out.push(toIso(fromDayNumber(n)));
  }
  return out;
}

export const todayIso = (now: Date = new Date()): string =>
  toIso({ y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() });

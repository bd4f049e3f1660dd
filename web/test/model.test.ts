import { describe, expect, it } from 'vitest';
import type { Contract } from '../src/api';
import { bodyOf, canGoOn, defaultFilters, draftOf, dueState, emptyDraft, listQuery, nextPage, pageNo, prevPage, refine, scheduleChanged } from '../src/model';

const msg = { required: 'Pflichtfeld', invalidDate: 'Datum?' };
const contract: Contract = {
  id: 7, name: 'Thermenwartung', customer_id: 3, project_id: null, start_date: '2026-03-01', term: { count: 24, unit: 'month' },
  interval: { unit: 'year', every: 1 }, interval_text: 'jährlich', reminder: { days_before: 14 },
  action: { type: 'create_project', employee_id: 5 }, status: 'active', next_due_date: '2027-03-01', version: 3,
};

describe('the contract dialog draft', () => {
  it('round-trips a saved contract into the same body', () => {
    const { body, errors } = bodyOf(draftOf(contract), msg);
    expect(errors).toEqual({});
    expect(body).toEqual({
      name: 'Thermenwartung', customer_id: 3, project_id: null, start_date: '2026-03-01', term: { count: 24, unit: 'month' },
      interval: { unit: 'year', every: 1 }, reminder: { days_before: 14 }, action: { type: 'create_project', employee_id: 5 },
    });
    expect(scheduleChanged(contract, body)).toBe(false);
    expect(scheduleChanged(contract, { ...body, interval: { unit: 'year', every: 2 } })).toBe(true);
  });
  it('names missing fields by their API path', () => {
    const d = { ...emptyDraft('2026-05-04'), start: '31.02.2026' };
    expect(bodyOf(d, msg).errors).toEqual({ name: 'Pflichtfeld', start_date: 'Datum?', customer_id: 'Pflichtfeld', 'action.employee_id': 'Pflichtfeld' });
  });
  it('fixed dates, open-ended, no reminder, internal task', () => {
    const d = { ...emptyDraft('2026-05-04'), assign: 'none' as const, name: 'TÜV Sprinter', unit: 'fixed' as const, dates: '15.03.2027, 2027-09-15',
      reminderOn: false, employee_id: 2, actionType: 'notify' as const };
    const { body, errors } = bodyOf(d, msg);
    expect(errors).toEqual({});
    expect(body.interval).toEqual({ unit: 'fixed', dates: ['2027-03-15', '2027-09-15'] });
    expect(body.customer_id).toBeNull();
    expect(body.term).toBeNull();
    expect(body.reminder).toBeNull();
  });
});

describe('the list query', () => {
  it('asks nothing for 1–2 characters of text', () => {
    expect(listQuery({ ...defaultFilters(), q: 'ab' }, '2026-05-04')).toBeNull();
    expect(listQuery({ ...defaultFilters(), q: 'abc' }, '2026-05-04')).toMatchObject({ q: 'abc' });
  });
  it('turns due filters into date bounds and sorting into the sort parameter', () => {
    expect(listQuery({ ...defaultFilters(), due: '30', sort: 'name', desc: true }, '2026-05-04')).toEqual({
      page: 1, per_page: 50, sort: '-name', status: 'active,inactive', due_after: '2026-05-04', due_before: '2026-06-03',
    });
    expect(listQuery({ ...defaultFilters(), due: 'overdue' }, '2026-03-01')).toMatchObject({ due_before: '2026-02-28' });
  });
  it('pages on by the cursor of the previous answer, the page number only as its label', () => {
    const f = nextPage(nextPage(defaultFilters(), 'c2'), 'c3');
    expect(pageNo(f)).toBe(3);
    expect(listQuery(f, '2026-05-04')).toEqual({ page: 3, per_page: 50, sort: 'next_due_date', status: 'active,inactive', after: 'c3' });
    expect(listQuery(defaultFilters(), '2026-05-04')).not.toHaveProperty('after');
  });
  it('goes back by the cursor each page was reached with, to page 1 without one', () => {
    const third = nextPage(nextPage(defaultFilters(), 'c2'), 'c3');
    const second = prevPage(third);
    expect(second.cursors).toEqual(['c2']);
    expect(listQuery(second, '2026-05-04')).toMatchObject({ page: 2, after: 'c2' });
    const first = prevPage(second);
    expect(pageNo(first)).toBe(1);
    expect(listQuery(first, '2026-05-04')).not.toHaveProperty('after');
    expect(prevPage(first).cursors).toEqual([]);
    expect(third.cursors).toEqual(['c2', 'c3']); // the steps leave the earlier state as it was
  });
  it('goes on while the answer has a next, unless its exact total ends with this page', () => {
    const d = { next: 'c', total: 50, total_exact: true, page: 1, per_page: 25 };
    expect(canGoOn(d)).toBe(true);
    expect(canGoOn({ ...d, page: 2 })).toBe(false);
    expect(canGoOn({ ...d, page: 2, total: 51 })).toBe(true);
    expect(canGoOn({ ...d, page: 40, total: 1000, total_exact: false })).toBe(true);
    expect(canGoOn({ ...d, next: null })).toBe(false);
  });
  it('starts again at page 1 without cursors on any other change', () => {
    const deep = nextPage(nextPage({ ...defaultFilters(), status: 'active' }, 'c2'), 'c3');
    for (const patch of [{ q: 'Therme' }, { sort: 'name' as const }, { desc: true }, { per_page: 100 }, { due: '7' as const }, { customer_id: 4 }]) {
      const f = refine(deep, patch);
      expect(f).toMatchObject({ ...patch, status: 'active', cursors: [] });
      expect(listQuery(f, '2026-05-04')).toMatchObject({ page: 1 });
      expect(listQuery(f, '2026-05-04')).not.toHaveProperty('after');
    }
  });
  it('marks contracts due soon from the reminder day, overdue before today', () => {
    expect(dueState({ ...contract, next_due_date: '2026-05-10' }, '2026-05-04')).toBe('soon');
    expect(dueState({ ...contract, next_due_date: '2026-06-10' }, '2026-05-04')).toBeNull();
    expect(dueState({ ...contract, next_due_date: '2026-05-01' }, '2026-05-04')).toBe('overdue');
    expect(dueState({ ...contract, status: 'archived' }, '2026-05-04')).toBeNull();
  });
});

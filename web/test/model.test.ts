import { describe, expect, it } from 'vitest';
import type { Contract } from '../src/api';
import { bodyOf, defaultFilters, draftOf, dueState, emptyDraft, lastPage, listQuery, scheduleChanged } from '../src/model';

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
  it('pages stop at the window of 10,000', () => {
    expect(lastPage(1000, 50)).toBe(20);
    expect(lastPage(0, 50)).toBe(1);
    expect(lastPage(50000, 200)).toBe(50);
  });
  it('marks contracts due soon from the reminder day, overdue before today', () => {
    expect(dueState({ ...contract, next_due_date: '2026-05-10' }, '2026-05-04')).toBe('soon');
    expect(dueState({ ...contract, next_due_date: '2026-06-10' }, '2026-05-04')).toBeNull();
    expect(dueState({ ...contract, next_due_date: '2026-05-01' }, '2026-05-04')).toBe('overdue');
    expect(dueState({ ...contract, status: 'archived' }, '2026-05-04')).toBeNull();
  });
});

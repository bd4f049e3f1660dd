import { describe, expect, it } from 'vitest';
import type { Execution } from '../src/api';
import { formatDateTime } from '../src/i18n';
import { historyRow, recordHref } from '../src/model';

describe('the contract history ("Verlauf")', () => {
  const base: Execution = {
    id: 9, contract_id: 17, due_date: '2027-03-01', kind: 'action', trigger: 'manual', outcome: 'executed',
    created: { type: 'task', id: 44 }, executed_at: '2027-02-20T13:05:00Z',
  };
  it('says a manual execution and links to the record it created', () => {
    const r = historyRow(base);
    expect(r).toMatchObject({ id: 9, due: '01.03.2027', kind: 'Aktion', trigger: 'Manuell ausgelöst', outcome: 'Ausgeführt', outcomeClass: 'active', reason: '' });
    expect(r.record).toEqual({ label: 'Aufgabe #44', href: '/tasks?highlight=44' });
    expect(r.at).toBe(formatDateTime('2027-02-20T13:05:00Z'));
  });
  it('translates the reasons the API spells as codes and keeps a failure text as it is', () => {
    expect(historyRow({ ...base, trigger: 'scheduler', outcome: 'skipped', reason: 'inactive', created: null })).toMatchObject({
      trigger: 'Automatisch', outcome: 'Übersprungen', outcomeClass: 'inactive', reason: 'Vertrag war inaktiv', record: null,
    });
    expect(historyRow({ ...base, kind: 'reminder', trigger: 'catch_up', outcome: 'skipped', reason: 'overdue', created: null })).toMatchObject({
      kind: 'Erinnerung', trigger: 'Nachgeholt', reason: 'Fälligkeit schon vorbei',
    });
    expect(historyRow({ ...base, trigger: 'scheduler', outcome: 'failed', reason: 'The employee is inactive.', created: null })).toMatchObject({
      outcome: 'Fehlgeschlagen', outcomeClass: 'failed', reason: 'The employee is inactive.',
    });
  });
  it('an execution without kind (older servers) is an action', () => {
    const { kind: _, ...rest } = base;
    expect(historyRow(rest).kind).toBe('Aktion');
  });
  it('links every kind of created record to its page', () => {
    expect(recordHref({ type: 'project', id: 3 })).toBe('/projects?highlight=3');
    expect(recordHref({ type: 'order', id: 4 })).toBe('/orders?highlight=4');
    expect(recordHref({ type: 'notification', id: 5 })).toBe('/notifications?highlight=5');
  });
  it('shows instants in local time, day first in German', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('kaputt')).toBe('kaputt');
    const d = new Date(2027, 2, 5, 8, 7);
    expect(formatDateTime(d.toISOString(), 'de')).toBe('05.03.2027, 08:07');
    expect(formatDateTime(d.toISOString(), 'en')).toBe('5 Mar 2027, 08:07');
  });
});

import { describe, expect, it } from 'vitest';
import { addMonths, occurrences, parseIso, validate } from '../src/schedule';

describe('occurrences (product.md schedule semantics)', () => {
  it('clamps month ends without drifting: 31 Jan → 29 Feb → 31 Mar → 30 Apr', () => {
    expect(occurrences('2024-01-31', { unit: 'month', every: 1 }, null, 5)).toEqual([
      '2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31',
    ]);
  });
  it('yearly from 29 Feb falls on 28 Feb in common years and 29 Feb in leap years', () => {
    expect(occurrences('2024-02-29', { unit: 'year', every: 1 }, null, 5)).toEqual([
      '2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29',
    ]);
  });
  it('every 2 years', () => {
    expect(occurrences('2026-03-01', { unit: 'year', every: 2 }, null, 3)).toEqual(['2026-03-01', '2028-03-01', '2030-03-01']);
  });
  it('weeks keep the weekday, days add N days', () => {
    expect(occurrences('2026-01-05', { unit: 'week', every: 2 }, null, 3)).toEqual(['2026-01-05', '2026-01-19', '2026-02-02']);
    expect(occurrences('2026-12-25', { unit: 'day', every: 14 }, null, 3)).toEqual(['2026-12-25', '2027-01-08', '2027-01-22']);
  });
  it('the term ends the schedule before start + term', () => {
    expect(occurrences('2026-01-31', { unit: 'month', every: 1 }, { count: 3, unit: 'month' }, 10)).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31',
    ]);
    expect(occurrences('2026-03-01', { unit: 'year', every: 1 }, { count: 2, unit: 'year' }, 10)).toEqual(['2026-03-01', '2027-03-01']);
  });
  it('fixed dates: sorted, those on or after the start, inside the term', () => {
    expect(
      occurrences('2027-01-01', { unit: 'fixed', dates: ['2027-09-15', '2026-12-01', '2027-03-15'] }, null, 5),
    ).toEqual(['2027-03-15', '2027-09-15']);
    expect(occurrences('2027-01-01', { unit: 'fixed', dates: ['2027-03-15', '2028-03-15'] }, { count: 12, unit: 'month' }, 5)).toEqual(['2027-03-15']);
  });
  it('from: the next dates on or after a later day, still computed from the start', () => {
    expect(occurrences('2020-01-31', { unit: 'month', every: 1 }, null, 3, '2026-02-01')).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
    expect(occurrences('2000-02-29', { unit: 'year', every: 4 }, null, 2, '2026-06-01')).toEqual(['2028-02-29', '2032-02-29']);
  });
  it('invalid drafts give no dates and name the field', () => {
    expect(validate('2026-02-30', { unit: 'month', every: 1 }, null)).toBe('start');
    expect(validate('2026-02-01', { unit: 'year', every: 11 }, null)).toBe('every');
    expect(validate('2026-02-01', { unit: 'day', every: 3650 }, null)).toBeNull();
    expect(validate('2026-02-01', { unit: 'fixed', dates: [] }, null)).toBe('dates');
    expect(validate('2026-02-01', { unit: 'fixed', dates: ['2026-05-01', '2026-05-01'] }, null)).toBe('dates');
    expect(occurrences('x', { unit: 'month', every: 1 }, null, 5)).toEqual([]);
  });
  it('month arithmetic across years and leap days', () => {
    expect(addMonths(parseIso('2023-12-31')!, 2)).toEqual({ y: 2024, m: 2, d: 29 });
    expect(addMonths(parseIso('2024-02-29')!, 12)).toEqual({ y: 2025, m: 2, d: 28 });
  });
});

import { describe, expect, it } from 'vitest';
import { formatDate, inputDate, parseDateInput } from '../src/i18n';

describe('dates in the UI', () => {
  it('German dates are TT.MM.JJJJ, English ones spelled out', () => {
    expect(formatDate('2027-03-05', 'de')).toBe('05.03.2027');
    expect(formatDate('2027-03-05', 'en')).toBe('5 Mar 2027');
    expect(formatDate(null)).toBe('');
    expect(inputDate('2027-03-05', 'de')).toBe('05.03.2027');
    expect(inputDate('2027-03-05', 'en')).toBe('2027-03-05');
  });
  it('parses what people type', () => {
    expect(parseDateInput('1.3.2026')).toBe('2026-03-01');
    expect(parseDateInput(' 29.02.2024 ')).toBe('2024-02-29');
    expect(parseDateInput('29.02.2025')).toBeNull();
    expect(parseDateInput('2026-12-31')).toBe('2026-12-31');
    expect(parseDateInput('31/12/2026')).toBe('2026-12-31');
    expect(parseDateInput('32.01.2026')).toBeNull();
    expect(parseDateInput('morgen')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { emptyTokenDraft, tokenBody, tokenExpired } from '../src/tokens';

const msg = { required: 'Pflichtfeld', invalidDays: '1–3650' };

describe('the API access form', () => {
  it('turns a draft into the body of POST /tokens', () => {
    expect(tokenBody({ user_id: '5', label: '  Lager-Tablet ', days: '30' }, msg)).toEqual({
      body: { user_id: 5, label: 'Lager-Tablet', expires_in_days: 30 }, errors: {},
    });
    expect(tokenBody({ user_id: '5', label: '', days: ' ' }, msg).body).toEqual({ user_id: 5, label: '', expires_in_days: null });
  });
  it('needs an employee and a whole number of days from 1 to 3650, or none', () => {
    expect(tokenBody(emptyTokenDraft(), msg).errors).toEqual({ user_id: 'Pflichtfeld' });
    for (const days of ['0', '3651', '-1', '2.5', 'zehn', '1e3']) {
      expect(tokenBody({ user_id: '5', label: '', days }, msg).errors, days).toEqual({ expires_in_days: '1–3650' });
    }
    for (const days of ['1', '3650', '0365']) expect(tokenBody({ user_id: '5', label: '', days }, msg).errors, days).toEqual({});
  });
});

describe('a token', () => {
  it('is expired from its expires_at on, and never without one', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    expect(tokenExpired({ expires_at: null }, now)).toBe(false);
    expect(tokenExpired({ expires_at: '2026-03-02T08:00:01Z' }, now)).toBe(false);
    expect(tokenExpired({ expires_at: '2026-03-02T08:00:00Z' }, now)).toBe(true);
  });
});

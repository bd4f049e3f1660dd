// API access (API tokens) as the settings page edits them: the create form's draft → the
// API body, with the checks the page can make before asking; and a token's state.
import type { Id } from './api';

export interface ApiToken {
  id: Id; user_id: Id; user_name: string; user_email?: string; label: string;
  created_at: string; last_used_at: string | null; expires_at: string | null;
}
export interface CreatedToken extends ApiToken { token: string }
export interface TokenDraft { user_id: string; label: string; days: string }
export interface TokenBody { user_id: Id; label: string; expires_in_days: number | null }

export const MIN_DAYS = 1;
export const MAX_DAYS = 3650;

export const emptyTokenDraft = (): TokenDraft => ({ user_id: '', label: '', days: '' });

// The body of POST /tokens, or the fields the page refuses itself (the API checks again).
export function tokenBody(d: TokenDraft, msg: { required: string; invalidDays: string }): { body?: TokenBody; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const user = Number(d.user_id);
  if (!d.user_id || !Number.isInteger(user) || user <= 0) errors.user_id = msg.required;
  const days = d.days.trim();
  let expires: number | null = null;
  if (days !== '') {
    if (!/^\d+$/.test(days) || Number(days) < MIN_DAYS || Number(days) > MAX_DAYS) errors.expires_in_days = msg.invalidDays;
    else expires = Number(days);
  }
  if (Object.keys(errors).length) return { errors };
  return { body: { user_id: user, label: d.label.trim(), expires_in_days: expires }, errors };
}

// Expired tokens stay listed (until revoked) so the admin sees why a script stopped.
export function tokenExpired(t: Pick<ApiToken, 'expires_at'>, now: Date = new Date()): boolean {
  return t.expires_at !== null && new Date(t.expires_at).getTime() <= now.getTime();
}

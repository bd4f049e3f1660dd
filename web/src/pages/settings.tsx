// "Einstellungen → API-Zugänge" (admins): the organisation's API tokens, a new one (its key
// shown once, with a copy button), revoking with a confirmation.
import { useState } from 'preact/hooks';
import { api, ApiError, employees, type Employee, type Page } from '../api';
import { formatDateTime, t } from '../i18n';
import { emptyTokenDraft, tokenBody, tokenExpired, type ApiToken, type CreatedToken, type TokenDraft } from '../tokens';
import { Trash } from '../components/icons';
import { Confirm, Empty, ErrorBox, Field, Loading, Modal, Spinner, useLoad, useToast } from '../components/ui';

export function ApiTokensPage() {
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const list = useLoad(() => api.get<Page<ApiToken>>('/tokens', { per_page: 200 }), []);
  const revoke = async (token: ApiToken) => {
    setRevoking(null);
    try {
      await api.del(`/tokens/${token.id}`);
      toast(t('tokenRevoked'));
    } catch (e) {
      toast((e as Error).message, 'error');
    }
    list.reload();
  };
  const name = (x: ApiToken) => x.label || t('noLabel');
  return (
    <section class="page" aria-labelledby="tokens-title">
      <div class="page-head">
        <div><div class="crumb">{t('settings')}</div><h1 id="tokens-title">{t('apiTokens')}</h1></div>
        <button type="button" class="btn primary" onClick={() => setCreating(true)}>{t('newToken')}</button>
      </div>
      <p class="muted">{t('apiTokensIntro')}</p>
      <div class="card table-card">
        {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : !list.data ? <Loading /> : list.data.items.length === 0 ? <Empty title={t('emptyTokens')} /> : (
          <div class="table-wrap"><table class="list" data-testid="tokens">
            <thead><tr>
              <th scope="col">{t('tokenLabel')}</th><th scope="col">{t('employee')}</th><th scope="col">{t('createdAt')}</th>
              <th scope="col">{t('lastUsed')}</th><th scope="col">{t('expires')}</th>
              <th scope="col" class="right"><span class="sr-only">{t('actions')}</span></th>
            </tr></thead>
            <tbody>{list.data.items.map((x) => (
              <tr key={x.id} data-token-id={x.id}>
                <td>{name(x)}</td>
                <td>{x.user_name}{x.user_email && <small class="muted"> · {x.user_email}</small>}</td>
                <td>{formatDateTime(x.created_at)}</td>
                <td>{x.last_used_at ? formatDateTime(x.last_used_at) : t('neverUsed')}</td>
                <td>{x.expires_at ? <>{formatDateTime(x.expires_at)}{tokenExpired(x) && <span class="badge danger"> {t('expired')}</span>}</> : t('noExpiry')}</td>
                <td><div class="row-actions">
                  <button type="button" class="icon-btn" aria-label={`${t('revoke')}: ${name(x)}`} title={t('revoke')} onClick={() => setRevoking(x)}><Trash /></button>
                </div></td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </div>
      {creating && <NewTokenDialog onClose={() => { setCreating(false); list.reload(); }} />}
      {revoking && (
        <Confirm title={t('revokeTokenTitle')} text={`„${name(revoking)}“ (${revoking.user_name}) ${t('revokeTokenConfirm')}`} confirmLabel={t('revoke')} danger
          onCancel={() => setRevoking(null)} onConfirm={() => void revoke(revoking)} />
      )}
    </section>
  );
}

// First the form; once created, the key — shown only in this dialog, never again.
function NewTokenDialog(p: { onClose: () => void }) {
  const toast = useToast();
  const staff = useLoad(() => employees().then((all) => all.filter((e: Employee) => e.active)), []);
  const [draft, setDraft] = useState<TokenDraft>(emptyTokenDraft());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const change = (k: keyof TokenDraft, field: string) => (e: Event) => {
    setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
    setErrors(({ [field]: _, ...rest }) => rest);
  };
  const save = async () => {
    const { body, errors: found } = tokenBody(draft, { required: t('required'), invalidDays: t('invalidDays') });
    if (!body) { setErrors(found); setBanner(t('fixFields')); return; }
    setSaving(true);
    try {
      setCreated(await api.post<CreatedToken>('/tokens', body));
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : {};
      setErrors(fields);
      setBanner(Object.keys(fields).length ? (e as ApiError).detail || t('fixFields') : (e as Error).message);
    } finally { setSaving(false); }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created!.token);
      toast(t('copied'));
    } catch {
      toast(t('copyFailed'), 'error');
    }
  };
  if (created) {
    return (
      <Modal title={t('tokenCreatedTitle')} onClose={p.onClose}
        footer={<button type="button" class="btn primary" onClick={p.onClose}>{t('finish')}</button>}>
        <div class="notice warn" role="alert">{t('tokenShownOnce')}</div>
        <Field label={t('tokenSecret')}>
          {(id) => <div class="secret-row">
            <input id={id} class="secret" readOnly value={created.token} data-testid="token-secret" onFocus={(e) => (e.target as HTMLInputElement).select()} />
            <button type="button" class="btn" data-autofocus onClick={() => void copy()}>{t('copy')}</button>
          </div>}
        </Field>
        <p class="muted">{created.label || t('noLabel')} · {created.user_name} · {created.expires_at ? `${t('expires')} ${formatDateTime(created.expires_at)}` : t('noExpiry')}</p>
      </Modal>
    );
  }
  return (
    <Modal title={t('newTokenTitle')} onClose={p.onClose}
      footer={<><button type="button" class="btn" onClick={p.onClose}>{t('cancel')}</button>
        <button type="button" class="btn primary" disabled={saving} onClick={save}>{saving && <Spinner />}{t('createToken')}</button></>}>
      {banner && <div class="notice error" role="alert">{banner}</div>}
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        <Field label={t('employee')} error={errors.user_id}>
          {(id, d) => <select id={id} value={draft.user_id} aria-describedby={d} aria-invalid={!!errors.user_id} onChange={change('user_id', 'user_id')}>
            <option value="">{t('chooseEmployee')}</option>
            {(staff.data ?? []).map((e) => <option key={e.id} value={String(e.id)}>{e.name}</option>)}
          </select>}
        </Field>
        <Field label={t('tokenLabel')} error={errors.label} hint={t('tokenLabelHint')}>
          {(id, d) => <input id={id} value={draft.label} maxLength={200} aria-describedby={d} aria-invalid={!!errors.label} onInput={change('label', 'label')} />}
        </Field>
        <Field label={t('tokenDays')} error={errors.expires_in_days} hint={t('tokenDaysHint')}>
          {(id, d) => <input id={id} inputMode="numeric" value={draft.days} aria-describedby={d} aria-invalid={!!errors.expires_in_days} onInput={change('days', 'expires_in_days')} />}
        </Field>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

// The create / edit dialog: tabs "Allgemein", "Erinnerung", "Dokumente", "Verlauf" (saved
// contracts); the next five due dates live; field errors from the API at their fields;
// "Aktion auslösen" with its result.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  api, ApiError, customer, invalidate, project, type Contract, type DocumentInfo, type Employee, type Execution, type Id, type Page,
} from '../api';
import { actionHelp, formatDate, lang, t } from '../i18n';
import { bodyOf, draftOf, emptyDraft, historyRow, recordHref, scheduleChanged, type Draft } from '../model';
import { occurrences, todayIso, validate } from '../schedule';
import { Download, FileIcon, Trash, Upload, Zap } from '../components/icons';
import { Picker, searchCustomers, searchProjects } from '../components/picker';
import { Confirm, ErrorBox, Field, Loading, Modal, Spinner } from '../components/ui';

type Tab = 'general' | 'reminder' | 'documents' | 'history';
const TAB_OF_FIELD = (field: string): Tab => (field.startsWith('action') || field.startsWith('reminder') ? 'reminder' : 'general');

export function ContractDialog(p: { id: Id | 'new'; staff: Employee[]; onClose: () => void; onSaved: (c: Contract) => void; onChanged: () => void }) {
  const isNew = p.id === 'new';
  const today = todayIso();
  const [contract, setContract] = useState<Contract | null>(null);
  const [loadError, setLoadError] = useState<unknown>();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(today));
  const [labels, setLabels] = useState({ customer: '', project: '' });
  const [tab, setTab] = useState<Tab>('general');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [saving, setSaving] = useState(false);
  const [serverDates, setServerDates] = useState<string[] | null>(null);
  const [docs, setDocs] = useState<DocumentInfo[]>([]);
  const [pending, setPending] = useState<File[]>([]);
  const [confirmTrigger, setConfirmTrigger] = useState(false);
  const [triggered, setTriggered] = useState<Execution | null>(null);
  // Bumped after "Aktion auslösen" so an open (or later opened) history loads again.
  const [historyTick, setHistoryTick] = useState(0);
  const readOnly = contract?.status === 'archived';

  useEffect(() => {
    if (isNew) return;
    api.get<Contract>(`/maintenance-contracts/${p.id}`).then((c) => {
      setContract(c);
      setDraft(draftOf(c));
      if (c.customer_id) customer(c.customer_id).then((x) => setLabels((l) => ({ ...l, customer: x.name })), () => {});
      if (c.project_id) project(c.project_id).then((x) => setLabels((l) => ({ ...l, project: x.name })), () => {});
      api.get<{ items: string[] }>(`/maintenance-contracts/${c.id}/occurrences`, { count: 5 }).then((o) => setServerDates(o.items), () => setServerDates(null));
      api.get<Page<DocumentInfo>>(`/maintenance-contracts/${c.id}/documents`, { per_page: 200 }).then((d) => setDocs(d.items), () => {});
    }, setLoadError);
  }, [p.id]);
  useEffect(() => {
    if (isNew && p.staff.length && draft.employee_id === null) setDraft((d) => ({ ...d, employee_id: p.staff[0].id }));
  }, [p.staff]);

  const msg = { required: t('required'), invalidDate: t('invalidDate') };
  const { body, errors: localErrors } = useMemo(() => bodyOf(draft, msg), [draft]);
  // The preview: the server's dates for a saved, unchanged schedule; else computed here.
  const preview = useMemo(() => {
    if (contract && !scheduleChanged(contract, body) && serverDates) return { dates: serverDates, invalid: false };
    const problem = validate(body.start_date, body.interval, body.term);
    if (problem) return { dates: [], invalid: true };
    const from = body.start_date > today ? body.start_date : today;
    return { dates: occurrences(body.start_date, body.interval, body.term, 5, from), invalid: false };
  }, [body, serverDates, contract]);

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const keys = Object.keys(patch);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !keys.some((x) => k.startsWith(fieldOfDraft(x))))));
  };
  const err = (field: string) => errors[field];

  const save = async () => {
    if (Object.keys(localErrors).length) {
      setErrors(localErrors);
      setBanner(t('fixFields'));
      setTab(TAB_OF_FIELD(Object.keys(localErrors)[0]));
      return;
    }
    setSaving(true);
    setBanner('');
    try {
      const saved = isNew
        ? await api.post<Contract>('/maintenance-contracts', body)
        : await api.patch<Contract>(`/maintenance-contracts/${contract!.id}`, { ...body, version: contract!.version });
      for (const file of pending) await upload(saved.id, file);
      invalidate('contract');
      p.onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) {
        setErrors(e.fields);
        setBanner(e.detail || t('fixFields'));
        setTab(TAB_OF_FIELD(Object.keys(e.fields)[0]));
      } else setBanner((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const upload = async (contractId: Id, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.post<DocumentInfo>(`/maintenance-contracts/${contractId}/documents`, form);
  };
  const addFiles = async (files: FileList | File[]) => {
    const list = [...files];
    if (!contract) { setPending((x) => [...x, ...list]); return; }
    setBanner('');
    for (const f of list) {
      try {
        const d = await upload(contract.id, f);
        setDocs((x) => [d, ...x]);
      } catch (e) { setBanner(`${f.name}: ${(e as Error).message}`); }
    }
  };
  const removeDoc = async (d: DocumentInfo) => {
    try { await api.del(`/documents/${d.id}`); setDocs((x) => x.filter((y) => y.id !== d.id)); } catch (e) { setBanner((e as Error).message); }
  };
  const trigger = async () => {
    setConfirmTrigger(false);
    setBanner('');
    try {
      const ex = await api.post<Execution>(`/maintenance-contracts/${contract!.id}/trigger`);
      setTriggered(ex);
      setHistoryTick((n) => n + 1);
      const fresh = await api.get<Contract>(`/maintenance-contracts/${contract!.id}`);
      setContract(fresh);
      setDraft((d) => ({ ...d }));
      api.get<{ items: string[] }>(`/maintenance-contracts/${fresh.id}/occurrences`, { count: 5 }).then((o) => setServerDates(o.items), () => {});
      p.onChanged();
    } catch (e) { setBanner((e as Error).message); }
  };

  const title = isNew ? t('dialogNew') : readOnly ? t('dialogView') : t('dialogEdit');
  if (loadError) return <Modal title={title} onClose={p.onClose}><ErrorBox error={loadError} /></Modal>;
  if (!isNew && !contract) return <Modal title={title} onClose={p.onClose}><Loading /></Modal>;

  const tabs: { key: Tab; label: string; count?: number }[] = [
    { key: 'general', label: t('tabGeneral') },
    { key: 'reminder', label: t('tabReminder') },
    { key: 'documents', label: t('tabDocuments'), count: docs.length + pending.length },
    ...(contract ? [{ key: 'history' as const, label: t('tabHistory') }] : []),
  ];
  const tabErr = (k: Tab) => Object.keys(errors).some((f) => TAB_OF_FIELD(f) === k);
  const unitWord = { year: t('unitYears'), month: t('unitMonths'), week: t('unitWeeks'), day: t('unitDays'), fixed: '' }[draft.unit];

  return (
    <Modal title={title} onClose={p.onClose} wide
      footer={<>
        {contract && !readOnly && (
          <button type="button" class="btn ghost trigger" disabled={!contract.next_due_date} onClick={() => setConfirmTrigger(true)}><Zap /> {t('trigger')}</button>
        )}
        <span class="spacer" />
        <button type="button" class="btn" onClick={p.onClose}>{readOnly ? t('close') : t('cancel')}</button>
        {!readOnly && <button type="button" class="btn primary" disabled={saving} onClick={save}>{saving && <Spinner />}{t('save')}</button>}
      </>}>
      {readOnly && <div class="notice">{t('archivedReadOnly')}</div>}
      {banner && <div class="notice error" role="alert">{banner}</div>}
      {triggered && <TriggerResult ex={triggered} />}
      <div class="tabs" role="tablist" aria-label={title}>
        {tabs.map((x) => (
          <button key={x.key} type="button" role="tab" id={`tab-${x.key}`} aria-selected={tab === x.key} aria-controls={`panel-${x.key}`}
            tabIndex={tab === x.key ? 0 : -1} class={`tab${tab === x.key ? ' on' : ''}${tabErr(x.key) ? ' err' : ''}`} onClick={() => setTab(x.key)}
            onKeyDown={(e) => {
              const i = tabs.findIndex((y) => y.key === tab);
              const n = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i + tabs.length - 1) % tabs.length : -1;
              if (n >= 0) { setTab(tabs[n].key); (e.currentTarget.parentElement!.children[n] as HTMLElement).focus(); }
            }}>
            {x.label}{x.count ? <span class="tab-count">{x.count}</span> : null}
          </button>
        ))}
      </div>

      <fieldset disabled={readOnly} class="plain">
      <div role="tabpanel" id="panel-general" aria-labelledby="tab-general" hidden={tab !== 'general'} class="panel grid2">
        <div class="col">
          <div class="field">
            <span class="label" id="assign-label">{t('assignTo')}</span>
            <div class="segmented" role="radiogroup" aria-labelledby="assign-label">
              {(['customer', 'project', 'none'] as const).map((a) => (
                <label key={a} class={draft.assign === a ? 'on' : ''}>
                  <input type="radio" name="assign" value={a} checked={draft.assign === a} onChange={() => set({ assign: a })} />
                  {t(a === 'customer' ? 'assignCustomer' : a === 'project' ? 'assignProject' : 'assignNone')}
                </label>
              ))}
            </div>
          </div>
          {draft.assign === 'customer' && (
            <Field label={t('customer')} error={err('customer_id')}>
              {(id, d) => <Picker id={id} value={draft.customer_id} valueLabel={labels.customer} placeholder={t('chooseCustomer')} describedBy={d} invalid={!!err('customer_id')}
                search={searchCustomers} onChange={(cid, label) => { setLabels((l) => ({ ...l, customer: label })); set({ customer_id: cid }); }} />}
            </Field>
          )}
          {draft.assign === 'project' && (
            <Field label={t('project')} error={err('project_id')}>
              {(id, d) => <Picker id={id} value={draft.project_id} valueLabel={labels.project} placeholder={t('chooseProject')} describedBy={d} invalid={!!err('project_id')}
                search={searchProjects} onChange={(pid, label) => { setLabels((l) => ({ ...l, project: label })); set({ project_id: pid }); }} />}
            </Field>
          )}
          <Field label={t('name')} error={err('name')}>
            {(id, d) => <input id={id} type="text" value={draft.name} maxLength={200} aria-describedby={d} aria-invalid={!!err('name')}
              placeholder="z. B. Thermenwartung" onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />}
          </Field>
          <div class="row2">
            <Field label={t('startDate')} error={err('start_date')}>
              {(id, d) => <input id={id} type="text" inputMode="numeric" value={draft.start} placeholder={t('datePh')} aria-describedby={d} aria-invalid={!!err('start_date')}
                onInput={(e) => set({ start: (e.target as HTMLInputElement).value })} />}
            </Field>
            <Field label={t('term')} error={err('term.count') || err('term')} hint={draft.termCount.trim() ? undefined : t('termOpen')}>
              {(id, d) => (
                <div class="joined">
                  <input id={id} type="number" min={1} value={draft.termCount} placeholder="∞" aria-describedby={d} aria-invalid={!!err('term.count')}
                    onInput={(e) => set({ termCount: (e.target as HTMLInputElement).value })} />
                  <select aria-label={`${t('term')}: ${t('termMonths')} / ${t('termYears')}`} value={draft.termUnit}
                    onChange={(e) => set({ termUnit: (e.target as HTMLSelectElement).value as Draft['termUnit'] })}>
                    <option value="month">{t('termMonths')}</option>
                    <option value="year">{t('termYears')}</option>
                  </select>
                </div>
              )}
            </Field>
          </div>
          <div class="row2">
            <Field label={t('interval')} error={err('interval.unit') || err('interval')}>
              {(id) => (
                <select id={id} value={draft.unit} onChange={(e) => set({ unit: (e.target as HTMLSelectElement).value as Draft['unit'] })}>
                  {(['year', 'month', 'week', 'day', 'fixed'] as const).map((u) => <option key={u} value={u}>{t(u)}</option>)}
                </select>
              )}
            </Field>
            {draft.unit !== 'fixed' && (
              <Field label={`${t('everyN')} N ${unitWord}`} error={err('interval.every')}>
                {(id, d) => (
                  <div class="joined">
                    <span class="prefix" aria-hidden="true">{t('everyN')}</span>
                    <input id={id} type="number" min={1} value={draft.every} aria-describedby={d} aria-invalid={!!err('interval.every')}
                      onInput={(e) => set({ every: (e.target as HTMLInputElement).value })} />
                    <span class="suffix" aria-hidden="true">{unitWord}</span>
                  </div>
                )}
              </Field>
            )}
          </div>
          {draft.unit === 'fixed' && (
            <Field label={t('fixedDates')} error={err('interval.dates')} hint={t('fixedDatesHint')}>
              {(id, d) => <textarea id={id} rows={2} value={draft.dates} aria-describedby={d} aria-invalid={!!err('interval.dates')}
                onInput={(e) => set({ dates: (e.target as HTMLTextAreaElement).value })} />}
            </Field>
          )}
        </div>
        <aside class="preview" aria-labelledby="preview-title" aria-live="polite">
          <h3 id="preview-title">{t('preview')}</h3>
          {preview.invalid ? <p class="muted">{t('previewInvalid')}</p> : preview.dates.length === 0 ? <p class="muted">{t('previewNone')}</p> : (
            <ol class="due-list" data-testid="due-preview">
              {preview.dates.map((d, i) => <li key={d}><span class="dot" />{formatDate(d)}{i === 0 && contract?.next_due_date === d && <small class="muted"> · {t('nextDue')}</small>}</li>)}
            </ol>
          )}
        </aside>
      </div>

      <div role="tabpanel" id="panel-reminder" aria-labelledby="tab-reminder" hidden={tab !== 'reminder'} class="panel">
        <div class="field">
          <span class="label" id="action-label">{t('action')}</span>
          <div class="choice-grid" role="radiogroup" aria-labelledby="action-label">
            {(['create_project', 'create_task', 'notify', 'create_order'] as const).map((a) => (
              <div key={a} class={`choice${draft.actionType === a ? ' on' : ''}`} onClick={() => !readOnly && set({ actionType: a })}>
                <input type="radio" id={`action-${a}`} name="action" value={a} checked={draft.actionType === a} aria-describedby={`action-${a}-help`}
                  onChange={() => set({ actionType: a })} />
                <label for={`action-${a}`}><strong>{t(a)}</strong></label>
                <small id={`action-${a}-help`}>{actionHelp(a)}</small>
              </div>
            ))}
          </div>
          {err('action.type') && <div class="field-error" role="alert">{err('action.type')}</div>}
        </div>
        <div class="row2">
          <Field label={t('employee')} error={err('action.employee_id')}>
            {(id, d) => (
              <select id={id} value={draft.employee_id ?? ''} aria-describedby={d} aria-invalid={!!err('action.employee_id')}
                onChange={(e) => set({ employee_id: Number((e.target as HTMLSelectElement).value) || null })}>
                <option value="">{t('chooseEmployee')}</option>
                {p.staff.filter((e) => e.active || e.id === draft.employee_id).map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}
              </select>
            )}
          </Field>
          <div class="field">
            <label class="check">
              <input type="checkbox" checked={draft.reminderOn} onChange={(e) => set({ reminderOn: (e.target as HTMLInputElement).checked })} />
              {t('reminderShow')}
            </label>
            {draft.reminderOn && (
              <Field label={t('daysBefore')} error={err('reminder.days_before')} class="inline">
                {(id, d) => <input id={id} type="number" min={0} max={365} value={draft.daysBefore} aria-describedby={d} aria-invalid={!!err('reminder.days_before')}
                  onInput={(e) => set({ daysBefore: (e.target as HTMLInputElement).value })} />}
              </Field>
            )}
          </div>
        </div>
      </div>
      </fieldset>

      <div role="tabpanel" id="panel-documents" aria-labelledby="tab-documents" hidden={tab !== 'documents'} class="panel">
        {!readOnly && <DropZone onFiles={addFiles} />}
        {docs.length === 0 && pending.length === 0 ? <p class="muted center">{t('docsEmpty')}</p> : (
          <ul class="docs" aria-label={t('tabDocuments')}>
            {pending.map((f, i) => (
              <li key={`p${i}`} class="pending">
                <FileIcon /><span class="doc-name">{f.name}</span><small class="muted">{size(f.size)} · {t('docsPending')}</small>
                <button type="button" class="icon-btn" aria-label={`${t('delete')}: ${f.name}`} onClick={() => setPending((x) => x.filter((_, j) => j !== i))}><Trash /></button>
              </li>
            ))}
            {docs.map((d) => (
              <li key={d.id}>
                <FileIcon /><span class="doc-name">{d.file_name}</span><small class="muted">{size(d.size)}{d.created_at ? ` · ${formatDate(d.created_at)}` : ''}</small>
                <a class="icon-btn" href={`/api/v1/documents/${d.id}/content`} download={d.file_name} aria-label={`${t('download')}: ${d.file_name}`}><Download /></a>
                {!readOnly && <button type="button" class="icon-btn" aria-label={`${t('delete')}: ${d.file_name}`} onClick={() => removeDoc(d)}><Trash /></button>}
              </li>
            ))}
          </ul>
        )}
      </div>

      {contract && (
        <div role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden={tab !== 'history'} class="panel">
          {tab === 'history' && <History contractId={contract.id} tick={historyTick} />}
        </div>
      )}

      {confirmTrigger && (
        <Confirm title={t('trigger')} text={`${t('triggerConfirm')}${contract?.next_due_date ? ` (${formatDate(contract.next_due_date)})` : ''}`}
          confirmLabel={t('trigger')} onCancel={() => setConfirmTrigger(false)} onConfirm={trigger} />
      )}
    </Modal>
  );
}

// Draft keys → the API field paths their errors use.
function fieldOfDraft(key: string): string {
  return ({ start: 'start_date', termCount: 'term', unit: 'interval', every: 'interval', dates: 'interval', actionType: 'action', employee_id: 'action',
    daysBefore: 'reminder', reminderOn: 'reminder', customer_id: 'customer_id', project_id: 'project_id', name: 'name', assign: '_' } as Record<string, string>)[key] ?? key;
}

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`);

function TriggerResult(p: { ex: Execution }) {
  const c = p.ex.created;
  const what = c ? { project: t('createdProject'), task: t('createdTask'), order: t('createdOrder'), notification: t('createdNotification') }[c.type] : t('triggered');
  const href = c ? recordHref(c) : '';
  return (
    <div class="notice ok" role="status" data-testid="trigger-result">
      <strong>{t('triggered')}:</strong> {what}{c ? ` (#${c.id})` : ''} · {lang() === 'de' ? 'Fälligkeit' : 'due'} {formatDate(p.ex.due_date)}
      {href && <a href={href} class="btn small">{t('openRecord')}</a>}
    </div>
  );
}

// The contract's executions, newest first, 50 at a time; loaded when the tab is opened.
const HISTORY_PAGE = 50;
function History(p: { contractId: Id; tick: number }) {
  const [items, setItems] = useState<Execution[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(false);
  const load = (page: number) => api.get<Page<Execution>>(`/maintenance-contracts/${p.contractId}/executions`, { page, per_page: HISTORY_PAGE });
  const first = () => {
    let alive = true;
    setError(undefined);
    load(1).then((d) => { if (alive) { setItems(d.items); setTotal(d.total); } }, (e) => alive && setError(e));
    return () => { alive = false; };
  };
  useEffect(first, [p.contractId, p.tick]);
  const loadMore = async () => {
    if (!items) return;
    setMore(true);
    try {
      const d = await load(Math.floor(items.length / HISTORY_PAGE) + 1);
      setItems((x) => [...(x ?? []), ...d.items.filter((e) => !x?.some((y) => y.id === e.id))]);
      setTotal(d.total);
    } catch (e) { setError(e); } finally { setMore(false); }
  };
  if (error) return <ErrorBox error={error} onRetry={first} />;
  if (!items) return <Loading />;
  if (items.length === 0) return <p class="muted center" data-testid="history-empty">{t('historyEmpty')}</p>;
  return (
    <div class="history">
      <div class="table-wrap">
        <table class="list compact" aria-label={t('historyLabel')} data-testid="history">
          <thead><tr>
            <th scope="col">{t('dueColumn')}</th>
            <th scope="col">{t('kind')}</th><th scope="col">{t('triggerCol')}</th><th scope="col">{t('outcome')}</th>
            <th scope="col">{t('executedAt')}</th><th scope="col">{t('record')}</th>
          </tr></thead>
          <tbody>
            {items.map(historyRow).map((r) => (
              <tr key={r.id}>
                <td class="nowrap">{r.due}</td>
                <td>{r.kind}</td>
                <td>{r.trigger}</td>
                <td><span class={`status ${r.outcomeClass}`}>{r.outcome}</span>{r.reason && <small class="muted block">{t('reason')}: {r.reason}</small>}</td>
                <td class="nowrap">{r.at}</td>
                <td>{r.record ? <a href={r.record.href}>{r.record.label}</a> : <span class="muted">{t('none')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length < total && (
        <button type="button" class="btn small" disabled={more} onClick={loadMore}>{more && <Spinner />}{t('moreHistory')}</button>
      )}
    </div>
  );
}

function DropZone(p: { onFiles: (f: FileList) => void }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class={`drop${over ? ' over' : ''}`} data-testid="dropzone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); if (e.dataTransfer?.files.length) p.onFiles(e.dataTransfer.files); }}>
      <Upload />
      <span>{t('docsDrop')}</span>
      <button type="button" class="btn small" onClick={() => input.current?.click()}>{t('docsUpload')}</button>
      <input ref={input} type="file" multiple class="sr-only" tabIndex={-1} aria-label={t('docsUpload')}
        onChange={(e) => { const f = (e.target as HTMLInputElement).files; if (f?.length) p.onFiles(f); (e.target as HTMLInputElement).value = ''; }} />
    </div>
  );
}

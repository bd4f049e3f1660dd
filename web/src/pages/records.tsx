// "Projekte" (pipeline board), "Aufgaben" and "Aufträge" (lists: mine/all, open/done, mark
// done), "Kunden" (list, new, edit, delete), "Benachrichtigungen" (all of mine, mark read).
import { useEffect, useState } from 'preact/hooks';
import {
  api, ApiError, customer, employees, invalidate, stages, type Customer, type Employee, type Id, type Notification, type Page, type Project, type Stage, type Work,
} from '../api';
import { formatDate, formatNumber, t } from '../i18n';
import { moveOnBoard, type Column } from '../model';
import { navigate } from '../router';
import { Check, Pencil, Trash } from '../components/icons';
import { Confirm, Empty, ErrorBox, Field, Loading, Modal, Spinner, useLoad, useToast } from '../components/ui';

function useStaff(): Employee[] {
  const [staff, setStaff] = useState<Employee[]>([]);
  useEffect(() => { employees().then(setStaff, () => {}); }, []);
  return staff;
}
function useCustomerNames(ids: (Id | null | undefined)[]): Record<Id, string> {
  const [names, setNames] = useState<Record<Id, string>>({});
  const key = ids.filter(Boolean).join(',');
  useEffect(() => {
    let alive = true;
    for (const id of new Set(ids)) if (id && !(id in names)) customer(id).then((c) => alive && setNames((n) => ({ ...n, [c.id]: c.name })), () => {});
    return () => { alive = false; };
  }, [key]);
  return names;
}
const highlightId = () => Number(new URLSearchParams(location.search).get('highlight')) || null;

export function ProjectsPage() {
  const toast = useToast();
  const staff = useStaff();
  const board = useLoad(async (): Promise<Column[]> => {
    const st = await stages();
    const pages = await Promise.all(st.map((s) => api.get<Page<Project>>('/projects', { stage_id: s.id, per_page: 100 })));
    return st.map((s, i) => ({ stage: s, projects: pages[i].items, total: pages[i].total }));
  }, []);
  const names = useCustomerNames(board.data?.flatMap((c) => c.projects.map((p) => p.customer_id)) ?? []);
  const [dragging, setDragging] = useState<Id | null>(null);
  const [over, setOver] = useState<Id | null>(null);
  const hl = highlightId();
  useEffect(() => { if (hl && board.data) document.querySelector(`[data-project-id="${hl}"]`)?.scrollIntoView({ block: 'center' }); }, [board.data]);
  // Optimistic: the card moves at once; a refusal puts the board back as the server has it.
  const move = async (p: Project, stageId: Id) => {
    if (!board.data || p.stage_id === stageId) return;
    const target = board.data.find((c) => c.stage.id === stageId)?.stage.name ?? '';
    board.set(moveOnBoard(board.data, p.id, stageId));
    try {
      await api.patch<Project>(`/projects/${p.id}`, { stage_id: stageId });
      toast(`${p.name} ${t('movedTo')} „${target}“`);
    } catch (e) {
      toast(`${t('moveFailed')}: ${(e as Error).message}`, 'error');
      board.reload();
    }
  };
  const drop = (e: DragEvent, stageId: Id) => {
    e.preventDefault();
    setOver(null);
    setDragging(null);
    const id = Number(e.dataTransfer?.getData('text/plain'));
    const p = board.data?.flatMap((c) => c.projects).find((x) => x.id === id);
    if (p) void move(p, stageId);
  };
  return (
    <section class="page" aria-labelledby="projects-title">
      <div class="page-head"><div><div class="crumb">{t('stageBoard')}</div><h1 id="projects-title">{t('projects')}</h1></div></div>
      <p class="muted small board-hint">{t('dragHint')}</p>
      {board.error ? <ErrorBox error={board.error} onRetry={board.reload} /> : !board.data ? <Loading /> : (
        <div class="board">
          {board.data.map(({ stage, projects, total }) => (
            <section key={stage.id} class={`column${over === stage.id ? ' drop-target' : ''}`} aria-labelledby={`stage-${stage.id}`} data-stage={stage.name}
              onDragOver={(e) => { if (dragging !== null) { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'move'; setOver(stage.id); } }}
              onDragLeave={(e) => { if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOver((o) => (o === stage.id ? null : o)); }}
              onDrop={(e) => drop(e, stage.id)}>
              <h2 id={`stage-${stage.id}`}>{stage.name} <span class="count-pill">{formatNumber(total)}</span></h2>
              {projects.length === 0 ? <p class="muted small">{t('emptyStage')}</p> : projects.map((p) => (
                <article key={p.id} class={`project-card${hl === p.id ? ' highlight' : ''}${dragging === p.id ? ' dragging' : ''}`} data-project-id={p.id} aria-label={p.name}
                  draggable onDragStart={(e) => { e.dataTransfer?.setData('text/plain', String(p.id)); if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move'; setDragging(p.id); }}
                  onDragEnd={() => { setDragging(null); setOver(null); }}>
                  <h3>{p.name}</h3>
                  <div class="muted">{names[p.customer_id] ?? '…'}</div>
                  <div class="contact"><span class="avatar" aria-hidden="true">{initials(staff.find((e) => e.id === p.main_contact_employee_id)?.name)}</span>
                    <span><small class="muted">{t('mainContact')}</small><br />{staff.find((e) => e.id === p.main_contact_employee_id)?.name ?? t('none')}</span></div>
                  {p.source && <a class="src" href={`/maintenance-contracts/${p.source.contract_id}`} draggable={false}>{t('fromContract')} · {formatDate(p.source.due_date)}</a>}
                  <StageSelect stages={board.data!.map((c) => c.stage)} value={p.stage_id} name={p.name} onChange={(s) => move(p, s)} />
                </article>
              ))}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
function StageSelect(p: { stages: Stage[]; value: Id; name: string; onChange: (id: Id) => void }) {
  return (
    <select class="stage-select" aria-label={`${t('moveTo')}: ${p.name}`} value={p.value} onChange={(e) => p.onChange(Number((e.target as HTMLSelectElement).value))}>
      {p.stages.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
    </select>
  );
}
const initials = (name?: string) => (name ?? '?').split(/\s+/).map((x) => x[0]).slice(0, 2).join('').toUpperCase();

export function WorkPage(p: { kind: 'tasks' | 'orders'; me: Employee }) {
  const toast = useToast();
  const staff = useStaff();
  const [mine, setMine] = useState(p.me.role === 'technician');
  const [status, setStatus] = useState<'open' | 'done' | ''>('open');
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.get<Page<Work>>(`/${p.kind}`, { assignee_id: mine ? p.me.id : undefined, status: status || undefined, page, per_page: 50 }), [p.kind, mine, status, page]);
  const names = useCustomerNames(list.data?.items.map((w) => w.customer_id) ?? []);
  const hl = highlightId();
  const title = p.kind === 'tasks' ? t('tasks') : t('orders');
  const setDone = async (w: Work, done: boolean) => {
    try {
      await api.patch<Work>(`/${p.kind}/${w.id}`, { status: done ? 'done' : 'open' });
      toast(`${w.title}: ${done ? t('done') : t('open')}`);
      list.reload();
    } catch (e) { toast((e as Error).message, 'error'); }
  };
  return (
    <section class="page" aria-labelledby="work-title">
      <div class="page-head"><div><div class="crumb">{t('service')}</div><h1 id="work-title">{title}</h1></div></div>
      <div class="filters">
        <div class="segmented" role="group" aria-label={t('employee')}>
          <button type="button" aria-pressed={mine} class={mine ? 'on' : ''} onClick={() => { setMine(true); setPage(1); }}>{t('mine')}</button>
          <button type="button" aria-pressed={!mine} class={!mine ? 'on' : ''} onClick={() => { setMine(false); setPage(1); }}>{t('all')}</button>
        </div>
        <div class="segmented" role="group" aria-label={t('status')}>
          {(['open', 'done', ''] as const).map((s) => (
            <button key={s} type="button" aria-pressed={status === s} class={status === s ? 'on' : ''} onClick={() => { setStatus(s); setPage(1); }}>{s ? t(s) : t('all')}</button>
          ))}
        </div>
      </div>
      <div class="card table-card">
        {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : !list.data ? <Loading /> : list.data.items.length === 0 ? (
          <Empty title={p.kind === 'tasks' ? t('emptyTasks') : t('emptyOrders')} />
        ) : (
          <div class="table-wrap">
            <table class="list">
              <thead><tr>
                {p.kind === 'orders' && <th scope="col">{t('number')}</th>}
                <th scope="col">{t('title')}</th>
                {p.kind === 'orders' && <th scope="col">{t('customer')}</th>}
                <th scope="col">{t('dueDate')}</th><th scope="col">{t('assignee')}</th><th scope="col">{t('status')}</th><th scope="col"><span class="sr-only">{t('actions')}</span></th>
              </tr></thead>
              <tbody>
                {list.data.items.map((w) => (
                  <tr key={w.id} class={hl === w.id ? 'highlight' : ''}>
                    {p.kind === 'orders' && <td class="nowrap">#{w.number}</td>}
                    <td>{w.title}{w.source && <a class="src block" href={`/maintenance-contracts/${w.source.contract_id}`}>{t('fromContract')}</a>}</td>
                    {p.kind === 'orders' && <td>{w.customer_id ? names[w.customer_id] ?? '…' : ''}</td>}
                    <td class="nowrap">{formatDate(w.due_date)}</td>
                    <td>{staff.find((e) => e.id === w.assignee_id)?.name ?? ''}</td>
                    <td><span class={`status ${w.status === 'done' ? 'active' : 'inactive'}`}>{t(w.status)}</span></td>
                    <td><div class="row-actions">
                      {w.status === 'open'
                        ? <button type="button" class="btn small" onClick={() => setDone(w, true)} aria-label={`${t('markDone')}: ${w.title}`}><Check /> {t('markDone')}</button>
                        : <button type="button" class="btn small ghost" onClick={() => setDone(w, false)} aria-label={`${t('reopen')}: ${w.title}`}>{t('reopen')}</button>}
                    </div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.data && list.data.total > 50 && (
          <nav class="pager" aria-label="Seiten">
            <span class="count">{formatNumber(list.data.total)}</span>
            <button type="button" class="btn small" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('prev')}</button>
            <span class="page-no">{page}</span>
            <button type="button" class="btn small" disabled={page * 50 >= list.data.total} onClick={() => setPage(page + 1)}>{t('next')}</button>
          </nav>
        )}
      </div>
    </section>
  );
}

export function CustomersPage() {
  const toast = useToast();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Customer | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Customer | null>(null);
  const [refused, setRefused] = useState<{ name: string; message: string } | null>(null);
  const list = useLoad(() => api.get<Page<Customer>>('/customers', { q: q.trim() || undefined, per_page: 100 }), [q]);
  const remove = async (c: Customer) => {
    setDeleting(null);
    setRefused(null);
    try {
      await api.del(`/customers/${c.id}`);
      invalidate(`customer:${c.id}`);
      toast(t('customerDeleted'));
      list.reload();
    } catch (e) {
      // The API says in the UI's language why (e.g. contracts still refer to the customer).
      setRefused({ name: c.name, message: (e as Error).message });
    }
  };
  return (
    <section class="page" aria-labelledby="customers-title">
      <div class="page-head">
        <div><div class="crumb">{t('service')}</div><h1 id="customers-title">{t('customers')}</h1></div>
        <button type="button" class="btn primary" onClick={() => setEditing('new')}>{t('newCustomer')}</button>
      </div>
      <div class="filters">
        <Field label={t('search')} class="grow">{(id) => <input id={id} type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />}</Field>
      </div>
      {refused && (
        <div class="notice error" role="alert" data-testid="delete-refused">
          <strong>{t('cannotDelete')}: {refused.name}.</strong> {refused.message}
          <button type="button" class="btn small ghost" onClick={() => setRefused(null)}>{t('close')}</button>
        </div>
      )}
      <div class="card table-card">
        {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : !list.data ? <Loading /> : list.data.items.length === 0 ? <Empty title={t('emptyCustomers')} /> : (
          <div class="table-wrap"><table class="list">
            <thead><tr>
              <th scope="col">{t('name')}</th><th scope="col">{t('email')}</th><th scope="col">{t('phone')}</th><th scope="col">{t('address')}</th>
              <th scope="col" class="right"><span class="sr-only">{t('actions')}</span></th>
            </tr></thead>
            <tbody>{list.data.items.map((c) => (
              <tr key={c.id} data-customer-id={c.id}>
                <td>{c.name}</td><td>{c.email}</td><td>{c.phone}</td><td>{c.address}</td>
                <td><div class="row-actions">
                  <button type="button" class="icon-btn" aria-label={`${t('edit')}: ${c.name}`} title={t('edit')} onClick={() => setEditing(c)}><Pencil /></button>
                  <button type="button" class="icon-btn" aria-label={`${t('delete')}: ${c.name}`} title={t('delete')} onClick={() => setDeleting(c)}><Trash /></button>
                </div></td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </div>
      {editing && <CustomerDialog customer={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
        onSaved={(c) => { setEditing(null); toast(t('customerSaved')); invalidate(`customer:${c.id}`); list.reload(); }} />}
      {deleting && (
        <Confirm title={t('deleteCustomerTitle')} text={`„${deleting.name}“ ${t('deleteCustomerConfirm')}`} confirmLabel={t('delete')} danger
          onCancel={() => setDeleting(null)} onConfirm={() => void remove(deleting)} />
      )}
    </section>
  );
}

// New or edit: POST or PATCH; the API's field errors appear at their fields.
function CustomerDialog(p: { customer: Customer | null; onClose: () => void; onSaved: (c: Customer) => void }) {
  const c = p.customer;
  const [v, setV] = useState({ name: c?.name ?? '', email: c?.email ?? '', phone: c?.phone ?? '', address: c?.address ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (!v.name.trim()) { setErrors({ name: t('required') }); setBanner(t('fixFields')); return; }
    setSaving(true);
    try {
      p.onSaved(c ? await api.patch<Customer>(`/customers/${c.id}`, v) : await api.post<Customer>('/customers', v));
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : {};
      setErrors(fields);
      setBanner(Object.keys(fields).length ? (e as ApiError).detail || t('fixFields') : (e as Error).message);
    } finally { setSaving(false); }
  };
  const input = (k: keyof typeof v, label: string, type: 'text' | 'email' | 'tel' = 'text') => (
    <Field label={label} error={errors[k]}>
      {(id, d) => <input id={id} type={type as 'text'} value={v[k]} aria-describedby={d} aria-invalid={!!errors[k]}
        onInput={(e) => { setV({ ...v, [k]: (e.target as HTMLInputElement).value }); setErrors(({ [k]: _, ...rest }) => rest); }} />}
    </Field>
  );
  return (
    <Modal title={c ? t('editCustomerTitle') : t('newCustomerTitle')} onClose={p.onClose}
      footer={<><button type="button" class="btn" onClick={p.onClose}>{t('cancel')}</button>
        <button type="button" class="btn primary" disabled={saving} onClick={save}>{saving && <Spinner />}{t('save')}</button></>}>
      {banner && <div class="notice error" role="alert">{banner}</div>}
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        {input('name', t('name'))}{input('email', t('email'), 'email')}{input('phone', t('phone'), 'tel')}{input('address', t('address'))}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

// The caller's notifications; the bell shows the newest, this page all of them.
export async function markRead(n: Notification): Promise<void> {
  if (!n.read) await api.post(`/notifications/${n.id}/read`);
}
export function notificationHref(n: Notification): string {
  if (n.link && n.link.startsWith('/')) return n.link;
  return n.source ? `/maintenance-contracts/${n.source.contract_id}` : '/notifications';
}

export function NotificationsPage(p: { me: Employee; onChange: () => void }) {
  const list = useLoad(() => api.get<Page<Notification> & { unread: number }>('/notifications', { recipient_id: p.me.id, per_page: 100 }), []);
  return (
    <section class="page" aria-labelledby="notes-title">
      <div class="page-head"><div><div class="crumb">{t('service')}</div><h1 id="notes-title">{t('notifications')}</h1></div></div>
      <div class="card">
        {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : !list.data ? <Loading /> : list.data.items.length === 0 ? <Empty title={t('noNotifications')} /> : (
          <ul class="note-list">
            {list.data.items.map((n) => (
              <li key={n.id} class={n.read ? '' : 'unread'}>
                <a href={notificationHref(n)} onClick={() => { void markRead(n).then(p.onChange); }}>{n.text}</a>
                <small class="muted">{formatDate(n.created_at)}</small>
                {!n.read && <button type="button" class="btn small ghost" onClick={async () => { await markRead(n); list.reload(); p.onChange(); }}>{t('markRead')}</button>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
export { navigate };

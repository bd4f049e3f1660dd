// "Wartungsverträge": the list with filters, sorting and paging of product.md, the row
// actions (edit, activate/deactivate, archive) and the create/edit dialog.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, customer, employees, project, takeEarly, type Contract, type CursorPage, type Employee, type Id } from '../api';
import { formatDate, formatNumber, t, type Key } from '../i18n';
import { canGoOn, contractsEarlyKey, defaultFilters, dueState, listQuery, nextPage, pageNo, prevPage, refine, type FilterPatch, type Filters, type SortKey } from '../model';
import { navigate } from '../router';
import { todayIso } from '../schedule';
import { ArchiveIcon, Pencil } from '../components/icons';
import { Picker, searchCustomers, searchProjects } from '../components/picker';
import { Confirm, Empty, ErrorBox, Field, Loading, Switch, useToast } from '../components/ui';
import { ContractDialog } from './contract-dialog';

// Starts the lookups of the page's customer and project names as soon as its rows arrive,
// not one frame later in an effect (the cached promises are what useNames then reads).
export function lookupNames(items: Contract[]): void {
  for (const c of items) {
    if (c.customer_id) customer(c.customer_id).catch(() => {});
    if (c.project_id) project(c.project_id).catch(() => {});
  }
}

// Names of customers and projects on the page, fetched once each.
function useNames(items: Contract[] | undefined): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!items) return;
    let alive = true;
    for (const c of items) {
      if (c.customer_id && !(`c${c.customer_id}` in names)) customer(c.customer_id).then((x) => alive && setNames((n) => ({ ...n, [`c${x.id}`]: x.name })), () => {});
      if (c.project_id && !(`p${c.project_id}` in names)) project(c.project_id).then((x) => alive && setNames((n) => ({ ...n, [`p${x.id}`]: x.name })), () => {});
    }
    return () => { alive = false; };
  }, [items]);
  return names;
}

const SORTS: { key: SortKey; label: Key }[] = [{ key: 'name', label: 'name' }, { key: 'customer', label: 'customerProject' }, { key: 'next_due_date', label: 'nextDue' }];

export function ContractsPage(p: { openId: Id | 'new' | null }) {
  const toast = useToast();
  const [f, setF] = useState<Filters>(defaultFilters);
  const [qText, setQText] = useState('');
  const [data, setData] = useState<CursorPage<Contract>>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const [staff, setStaff] = useState<Employee[]>([]);
  const [confirmArchive, setConfirmArchive] = useState<Contract | null>(null);
  const [filterNames, setFilterNames] = useState({ customer: '', project: '' });
  const today = todayIso();
  const query = useMemo(() => listQuery(f, today), [f, today]);
  const firstRender = useRef(true);
  // The query `data` answers: its `next` continues only that query, not one still loading.
  const dataQuery = useRef<typeof query>(null);

  useEffect(() => { employees().then(setStaff, () => {}); }, []);
  // Debounced free text; the filter itself resets the page.
  useEffect(() => {
    const timer = setTimeout(() => setF((x) => (x.q === qText ? x : refine(x, { q: qText }))), 250);
    return () => clearTimeout(timer);
  }, [qText]);
  useEffect(() => {
    if (!query) { setLoading(false); return; }
    let alive = true;
    setLoading(true);
    setError(undefined);
    const early = firstRender.current ? takeEarly<CursorPage<Contract>>(contractsEarlyKey(query)) : undefined;
    (early ?? api.get<CursorPage<Contract>>('/maintenance-contracts', query)).then((d) => {
      if (!alive) return;
      lookupNames(d.items);
      dataQuery.current = query;
      setData(d);
      setLoading(false);
      if (firstRender.current) {
        firstRender.current = false;
        requestAnimationFrame(() => performance.mark('turnus:contracts-rendered'));
      }
    }, (e) => { if (alive) { setError(e); setLoading(false); } });
    return () => { alive = false; };
  }, [query, tick]);
  const names = useNames(data?.items);
  // The page is complete once every row shows its customer / project and employee name.
  const namesMarked = useRef(false);
  useEffect(() => {
    if (namesMarked.current || !data || !staff.length) return;
    if (data.items.every((c) => (c.project_id ? `p${c.project_id}` in names : c.customer_id ? `c${c.customer_id}` in names : true))) {
      namesMarked.current = true;
      requestAnimationFrame(() => performance.mark('turnus:contracts-names'));
    }
  }, [data, names, staff]);
  const staffName = (id: Id | null) => staff.find((e) => e.id === id)?.name ?? '';
  const set = (patch: FilterPatch) => setF((x) => refine(x, patch));
  const reload = () => setTick((n) => n + 1);

  const lifecycle = async (c: Contract, op: 'activate' | 'deactivate' | 'archive') => {
    try {
      const updated = await api.post<Contract>(`/maintenance-contracts/${c.id}/${op}`);
      setData((d) => d && { ...d, items: d.items.map((x) => (x.id === c.id ? updated : x)) });
      toast(`${c.name}: ${t(updated.status)}`);
    } catch (e) {
      toast((e as Error).message, 'error');
      reload();
    }
  };
  const sortBy = (key: SortKey) => setF((x) => refine(x, { sort: key, desc: x.sort === key ? !x.desc : false }));
  const filtered = f.status !== 'active,inactive' || f.customer_id || f.project_id || f.employee_id || f.action_type || f.interval_unit || f.due || f.q;
  const from = data ? (data.page - 1) * data.per_page + 1 : 0;
  const to = data ? from + data.items.length - 1 : 0;
  const page = pageNo(f);
  const next = data && dataQuery.current === query && canGoOn(data) ? data.next : null;
  // Contracts removed since the previous page can leave the page after a cursor empty: it
  // still has its way back.
  const beyond = data !== undefined && data.items.length === 0 && data.page > 1;
  const qShort = qText.trim().length > 0 && qText.trim().length < 3;

  return (
    <section class="page" aria-labelledby="contracts-title">
      <div class="page-head">
        <div>
          <div class="crumb">{t('service')}</div>
          <h1 id="contracts-title">{t('contracts')}</h1>
        </div>
        <button type="button" class="btn primary" onClick={() => navigate('/maintenance-contracts/new')}>{t('newContract')}</button>
      </div>

      <div class="filters" role="search">
        <Field label={t('search')} hint={qShort ? t('searchHint') : undefined} class="grow">
          {(id, d) => <input id={id} type="search" value={qText} placeholder={t('searchPh')} aria-describedby={d} onInput={(e) => setQText((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label={t('filterStatus')}>
          {(id) => (
            <select id={id} value={f.status} onChange={(e) => set({ status: (e.target as HTMLSelectElement).value })}>
              <option value="active,inactive">{t('activeInactive')}</option>
              <option value="active">{t('active')}</option>
              <option value="inactive">{t('inactive')}</option>
              <option value="archived">{t('archived')}</option>
              <option value="active,inactive,archived">{t('all')}</option>
            </select>
          )}
        </Field>
        <Field label={t('filterCustomer')}>
          {(id) => <Picker id={id} value={f.customer_id} valueLabel={filterNames.customer} placeholder={t('anyOption')} search={searchCustomers}
            onChange={(cid, label) => { setFilterNames((n) => ({ ...n, customer: label })); set({ customer_id: cid }); }} />}
        </Field>
        <Field label={t('filterProject')}>
          {(id) => <Picker id={id} value={f.project_id} valueLabel={filterNames.project} placeholder={t('anyOption')} search={searchProjects}
            onChange={(pid, label) => { setFilterNames((n) => ({ ...n, project: label })); set({ project_id: pid }); }} />}
        </Field>
        <Field label={t('filterEmployee')}>
          {(id) => (
            <select id={id} value={f.employee_id ?? ''} onChange={(e) => set({ employee_id: Number((e.target as HTMLSelectElement).value) || null })}>
              <option value="">{t('anyOption')}</option>
              {staff.map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('filterAction')}>
          {(id) => (
            <select id={id} value={f.action_type} onChange={(e) => set({ action_type: (e.target as HTMLSelectElement).value as Filters['action_type'] })}>
              <option value="">{t('anyOption')}</option>
              {(['create_project', 'create_task', 'notify', 'create_order'] as const).map((a) => <option key={a} value={a}>{t(a)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('filterInterval')}>
          {(id) => (
            <select id={id} value={f.interval_unit} onChange={(e) => set({ interval_unit: (e.target as HTMLSelectElement).value as Filters['interval_unit'] })}>
              <option value="">{t('anyOption')}</option>
              {(['year', 'month', 'week', 'day', 'fixed'] as const).map((u) => <option key={u} value={u}>{t(u)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('filterDue')}>
          {(id) => (
            <select id={id} value={f.due} onChange={(e) => set({ due: (e.target as HTMLSelectElement).value as Filters['due'] })}>
              <option value="">{t('anyOption')}</option>
              <option value="overdue">{t('dueOverdue')}</option>
              <option value="7">{t('due7')}</option>
              <option value="30">{t('due30')}</option>
              <option value="90">{t('due90')}</option>
            </select>
          )}
        </Field>
        {filtered && <button type="button" class="btn link reset" onClick={() => { setQText(''); setFilterNames({ customer: '', project: '' }); setF(defaultFilters()); }}>{t('resetFilters')}</button>}
      </div>

      <div class="card table-card">
        {error ? <ErrorBox error={error} onRetry={reload} /> : !data && loading ? <Loading /> : data && data.items.length === 0 && !qShort ? (
          beyond ? <div class="state hint-state" role="status">{t('noMorePages')}</div>
            : filtered ? <Empty title={t('emptyFiltered')}><button type="button" class="btn" onClick={() => { setQText(''); setF(defaultFilters()); }}>{t('resetFilters')}</button></Empty>
            : <Empty title={t('emptyContracts')} hint={t('emptyContractsHint')} />
        ) : data && (
          <div class={`table-wrap${loading ? ' busy' : ''}`} aria-busy={loading}>
            <table class="list">
              <thead>
                <tr>
                  {SORTS.slice(0, 2).map((s) => <SortHead key={s.key} s={s} f={f} onSort={sortBy} />)}
                  <th scope="col">{t('interval')}</th>
                  <SortHead s={SORTS[2]} f={f} onSort={sortBy} />
                  <th scope="col">{t('action')}</th>
                  <th scope="col">{t('employee')}</th>
                  <th scope="col" class="col-status">{t('status')}</th>
                  <th scope="col" class="right"><span class="sr-only">{t('actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => {
                  const due = dueState(c, today);
                  const who = c.project_id ? names[`p${c.project_id}`] : c.customer_id ? names[`c${c.customer_id}`] : '';
                  return (
                    <tr key={c.id} class={c.status} data-contract-id={c.id}>
                      <td class="name-cell">
                        <button type="button" class="row-link" onClick={() => navigate(`/maintenance-contracts/${c.id}`)}>{c.name}</button>
                        <span class={`status ${c.status} show-narrow`} aria-hidden="true">{t(c.status)}</span>
                      </td>
                      <td>{who === undefined ? <span class="muted">…</span> : who || <span class="muted">{t('assignNone')}</span>}
                        {c.project_id ? <small class="muted block">{t('project')}</small> : null}</td>
                      <td>{c.interval_text}</td>
                      <td class="nowrap">{c.next_due_date ? formatDate(c.next_due_date) : <span class="muted">{t('none')}</span>}
                        {due && <span class={`badge ${due}`}>{due === 'soon' ? t('soonDue') : t('overdue')}</span>}</td>
                      <td>{t(c.action.type)}</td>
                      <td>{staffName(c.action.employee_id)}</td>
                      <td class="col-status"><span class={`status ${c.status}`}>{t(c.status)}</span></td>
                      <td><div class="row-actions">
                        <button type="button" class="icon-btn" aria-label={c.status === 'archived' ? t('view') : t('edit')} title={c.status === 'archived' ? t('view') : t('edit')}
                          onClick={() => navigate(`/maintenance-contracts/${c.id}`)}><Pencil /></button>
                        {c.status === 'archived'
                          ? <Switch checked={false} disabled label={t('activate')} title={t('cannotReactivate')} onChange={() => {}} />
                          : <Switch checked={c.status === 'active'} label={c.status === 'active' ? t('deactivate') : t('activate')}
                              onChange={() => lifecycle(c, c.status === 'active' ? 'deactivate' : 'activate')} />}
                        {c.status === 'inactive'
                          ? <button type="button" class="btn small ghost" onClick={() => setConfirmArchive(c)}><ArchiveIcon /> <span class="hide-1180">{t('archive')}</span></button>
                          : <span class="archive-slot" />}
                      </div></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {qShort && <div class="state hint-state" role="status">{t('searchHint')}</div>}
        {data && (data.items.length > 0 || beyond) && !qShort && (
          <nav class="pager" aria-label="Seiten">
            <span class="count" aria-live="polite">{data.items.length > 0 &&
              `${formatNumber(from)}–${formatNumber(to)} ${t('ofTotal')} ${data.total_exact === false ? t('moreThan1000') : formatNumber(data.total)}`}</span>
            <label class="per-page">{t('perPage')}
              <select value={f.per_page} onChange={(e) => set({ per_page: Number((e.target as HTMLSelectElement).value) })}>
                {[25, 50, 100, 200].map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
            <button type="button" class="btn small" disabled={page <= 1} onClick={() => setF(prevPage)}>{t('prev')}</button>
            <span class="page-no">{page}</span>
            {/* Steps only from the state the button was rendered for: a second click before the re-render is no second step. */}
            <button type="button" class="btn small" disabled={!next} onClick={() => next && setF((x) => (x === f ? nextPage(x, next) : x))}>{t('next')}</button>
          </nav>
        )}
      </div>

      {confirmArchive && (
        <Confirm title={t('archiveConfirmTitle')} text={`„${confirmArchive.name}“: ${t('archiveConfirm')}`} confirmLabel={t('archive')} danger
          onCancel={() => setConfirmArchive(null)} onConfirm={() => { const c = confirmArchive; setConfirmArchive(null); void lifecycle(c, 'archive'); }} />
      )}
      {p.openId !== null && (
        <ContractDialog key={String(p.openId)} id={p.openId} staff={staff}
          onClose={() => navigate('/maintenance-contracts')} onSaved={() => { toast(t('saved')); reload(); navigate('/maintenance-contracts'); }} onChanged={reload} />
      )}
    </section>
  );
}

function SortHead(p: { s: { key: SortKey; label: Key }; f: Filters; onSort: (k: SortKey) => void }) {
  const on = p.f.sort === p.s.key;
  return (
    <th scope="col" aria-sort={on ? (p.f.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class={`sort${on ? ' on' : ''}`} onClick={() => p.onSort(p.s.key)}>
        {t(p.s.label)} <span aria-hidden="true" class="arrow">{on ? (p.f.desc ? '↓' : '↑') : '↕'}</span>
      </button>
    </th>
  );
}

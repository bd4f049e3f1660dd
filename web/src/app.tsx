// The shell: login, navigation ("Kundendienst" → "Wartungsverträge", …), the notification
// bell, language switch, logout; routes to the pages.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, forgetSession, hasCsrf, login, logout, setUnauthorizedHandler, takeEarly, type Employee, type Notification, type Page } from './api';
import { formatDate, lang, setLang, t, type Lang } from './i18n';
import { linkClick, navigate, useLocation } from './router';
import { Bell, Board, ClipboardIcon, KeyIcon, LogoutIcon, Truck, Users, Wrench } from './components/icons';
import { Field, Loading, Spinner, ToastHost } from './components/ui';
import { ContractsPage } from './pages/contracts';
import { CustomersPage, markRead, notificationHref, NotificationsPage, ProjectsPage, WorkPage } from './pages/records';
import { ApiTokensPage } from './pages/settings';

export function App() {
  const [me, setMe] = useState<Employee | null | undefined>(undefined);
  const [, setLangTick] = useState(0);
  useEffect(() => {
    setUnauthorizedHandler(() => { forgetSession(); setMe(null); });
    if (!hasCsrf()) { setMe(null); return; }
    (takeEarly<Employee>('me') ?? api.get<Employee>('/me')).then(setMe, () => setMe(null));
  }, []);
  const switchLang = (l: Lang) => { setLang(l); setLangTick((n) => n + 1); };
  if (me === undefined) return <div class="boot"><Loading /></div>;
  return (
    <ToastHost>
      {me === null
        ? <Login onLogin={(u) => { setMe(u); if (location.pathname === '/login') navigate('/maintenance-contracts', true); }} onLang={switchLang} />
        : <Shell key={lang()} me={me} onLang={switchLang} onLogout={async () => { await logout().catch(() => {}); setMe(null); }} />}
    </ToastHost>
  );
}

function LangSwitch(p: { onLang: (l: Lang) => void }) {
  return (
    <div class="lang" role="group" aria-label={t('language')}>
      {(['de', 'en'] as const).map((l) => (
        <button key={l} type="button" aria-pressed={lang() === l} class={lang() === l ? 'on' : ''} onClick={() => p.onLang(l)}>{l.toUpperCase()}</button>
      ))}
    </div>
  );
}

function Login(p: { onLogin: (u: Employee) => void; onLang: (l: Lang) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organisation, setOrganisation] = useState('');
  // The API's question when the address and password fit accounts of several organisations.
  const [askOrg, setAskOrg] = useState('');
  const orgInput = useRef<HTMLInputElement>(null);
  useEffect(() => { if (askOrg) orgInput.current?.focus(); }, [askOrg]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try { p.onLogin(await login(email.trim(), password, askOrg ? organisation.trim() : undefined)); } catch (err) {
      const status = (err as { status?: number }).status;
      if (err instanceof ApiError && status === 422 && err.fields.organisation) {
        setAskOrg(err.fields.organisation);
      } else {
        setError(status === 401 || status === 422 ? t('loginFailed') : (err as Error).message);
      }
    } finally { setBusy(false); }
  };
  return (
    <main class="login-page">
      <div class="login-art" aria-hidden="true">
        <div class="brand big"><span class="logo">t</span> turnus</div>
        <p>{lang() === 'de' ? 'Wartungsverträge und wiederkehrende Aufgaben – pünktlich, jedes Mal.' : 'Maintenance contracts and recurring work – on time, every time.'}</p>
      </div>
      <form class="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div class="login-top"><div class="brand"><span class="logo">t</span> turnus</div><LangSwitch onLang={p.onLang} /></div>
        <h1 id="login-title">{t('loginTitle')}</h1>
        <p class="muted">{t('loginSub')}</p>
        {error && <div class="notice error" role="alert">{error}</div>}
        <Field label={t('email')}>{(id) => <input id={id} type="email" autocomplete="username" required value={email} onInput={(e) => { setEmail((e.target as HTMLInputElement).value); setAskOrg(''); }} />}</Field>
        <Field label={t('password')}>{(id) => <input id={id} type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />}</Field>
        {askOrg && (
          <Field label={t('organisation')} hint={askOrg}>
            {(id, d) => <input id={id} ref={orgInput} autocomplete="organization" required value={organisation} aria-describedby={d}
              onInput={(e) => setOrganisation((e.target as HTMLInputElement).value)} />}
          </Field>
        )}
        <button type="submit" class="btn primary block" disabled={busy}>{busy && <Spinner />}{t('login')}</button>
      </form>
    </main>
  );
}

function Shell(p: { me: Employee; onLang: (l: Lang) => void; onLogout: () => void }) {
  const { path } = useLocation();
  const [unreadTick, setUnreadTick] = useState(0);
  useEffect(() => { if (path === '/' || path === '/login') navigate('/maintenance-contracts', true); }, [path]);
  const m = /^\/maintenance-contracts(?:\/(new|\d+))?\/?$/.exec(path);
  const nav = [
    { href: '/customers', label: t('customers'), icon: <Users /> },
    { href: '/projects', label: t('projects'), icon: <Board /> },
    { href: '/tasks', label: t('tasks'), icon: <ClipboardIcon /> },
    { href: '/orders', label: t('orders'), icon: <Truck /> },
  ];
  const current = (href: string) => (path.startsWith(href) ? 'page' : undefined);
  let page;
  if (m) page = <ContractsPage openId={m[1] === 'new' ? 'new' : m[1] ? Number(m[1]) : null} />;
  else if (path.startsWith('/projects')) page = <ProjectsPage />;
  else if (path.startsWith('/tasks')) page = <WorkPage key="tasks" kind="tasks" me={p.me} />;
  else if (path.startsWith('/orders')) page = <WorkPage key="orders" kind="orders" me={p.me} />;
  else if (path.startsWith('/customers')) page = <CustomersPage />;
  else if (path.startsWith('/notifications')) page = <NotificationsPage me={p.me} onChange={() => setUnreadTick((n) => n + 1)} />;
  else if (path.startsWith('/settings/api-tokens') && p.me.role === 'admin') page = <ApiTokensPage />;
  else page = <section class="page"><h1>{t('notFound')}</h1></section>;
  return (
    <div class="shell" onClick={linkClick}>
      <a class="skip" href="#main">{lang() === 'de' ? 'Zum Inhalt springen' : 'Skip to content'}</a>
      <aside class="sidebar">
        <div class="brand"><span class="logo">t</span> turnus</div>
        <nav aria-label={t('mainNav')}>
          <div class="nav-group" id="nav-service">{t('service')}</div>
          <ul aria-labelledby="nav-service">
            <li><a href="/maintenance-contracts" aria-current={current('/maintenance-contracts')}><Wrench /> <span>{t('contracts')}</span></a></li>
          </ul>
          <ul class="nav-rest">
            {nav.map((n) => <li key={n.href}><a href={n.href} aria-current={current(n.href)}>{n.icon} <span>{n.label}</span></a></li>)}
          </ul>
          {p.me.role === 'admin' && <>
            <div class="nav-group" id="nav-settings">{t('settings')}</div>
            <ul aria-labelledby="nav-settings">
              <li><a href="/settings/api-tokens" aria-current={current('/settings/api-tokens')}><KeyIcon /> <span>{t('apiTokens')}</span></a></li>
            </ul>
          </>}
        </nav>
      </aside>
      <div class="main-col">
        <header class="topbar">
          <span class="org">{p.me.name}<small class="muted"> · {p.me.email}</small></span>
          <span class="spacer" />
          <LangSwitch onLang={p.onLang} />
          <NotificationBell me={p.me} tick={unreadTick} />
          <button type="button" class="btn ghost" onClick={p.onLogout}><LogoutIcon /> <span class="hide-narrow">{t('logout')}</span></button>
        </header>
        <main id="main" tabIndex={-1}>{page}</main>
      </div>
    </div>
  );
}

function NotificationBell(p: { me: Employee; tick: number }) {
  const [data, setData] = useState<(Page<Notification> & { unread: number }) | null>(null);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const load = () => api.get<Page<Notification> & { unread: number }>('/notifications', { recipient_id: p.me.id, per_page: 8 }).then(setData, () => {});
  useEffect(() => { void load(); const timer = setInterval(load, 30000); return () => clearInterval(timer); }, [p.tick]);
  useEffect(() => {
    if (!open) return;
    void load();
    const close = (e: Event) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => { document.removeEventListener('mousedown', close); document.removeEventListener('keydown', esc); };
  }, [open]);
  const unread = data?.unread ?? 0;
  return (
    <div class="bell" ref={box}>
      <button type="button" class="icon-btn bell-btn" aria-expanded={open} aria-haspopup="true"
        aria-label={`${t('notifications')}${unread ? ` (${unread} ${t('unread')})` : ''}`} onClick={() => setOpen(!open)}>
        <Bell />{unread > 0 && <span class="bell-count" data-testid="unread-count">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div class="bell-pop" role="region" aria-label={t('notifications')}>
          <div class="bell-head"><strong>{t('notifications')}</strong></div>
          {!data || data.items.length === 0 ? <p class="muted pad">{t('noNotifications')}</p> : (
            <ul>
              {data.items.map((n) => (
                <li key={n.id} class={n.read ? '' : 'unread'}>
                  <a href={notificationHref(n)} onClick={() => { setOpen(false); void markRead(n).then(load); }}>
                    <span>{n.text}</span><small class="muted">{formatDate(n.created_at)}</small>
                  </a>
                  {!n.read && <button type="button" class="icon-btn" aria-label={`${t('markRead')}: ${n.text}`} onClick={async () => { await markRead(n); void load(); }}>✓</button>}
                </li>
              ))}
            </ul>
          )}
          <a class="bell-all" href="/notifications" onClick={() => setOpen(false)}>{t('allNotifications')}</a>
        </div>
      )}
    </div>
  );
}

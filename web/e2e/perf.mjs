// The contract list with 100,000 contracts: how long until the browser shows the first page.
//   node e2e/perf.mjs --turnus build/turnus --web-root build/web [--contracts 100000] [--runs 11]
//                     [--db-cache FILE] [--server-log 1]
// Fills a fresh SQLite database through the API (Bearer token, 8 requests in flight), then
// logs in with chromium and measures navigation → first rows rendered (performance mark
// "turnus:contracts-rendered" set by the list) and → names of the page's customers and
// projects in ("turnus:contracts-names"), --runs times. With --db-cache the filled database
// is kept in FILE and later runs start from a copy of it (filling takes minutes);
// --server-log prints the server's last log lines (each request with its own time).
// Reported in docs/performance.md; not asserted and not part of ctest.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { launchBrowser, startServer } from './harness.mjs';
import { args, isoDate } from './harness.mjs';

const opts = args();
const N = Number(opts.contracts ?? 100000);
const RUNS = Number(opts.runs ?? 11);
const ADMIN = { org: 'Perf GmbH', email: 'perf@example.test', name: 'Perf Admin', role: 'admin', password: 'perf-passwort-123' };
const cache = opts.dbCache && existsSync(opts.dbCache) ? opts.dbCache : undefined;
let server = await startServer(opts, [ADMIN], { seedDb: cache });
const token = spawnSync(opts.turnus, ['token', 'create', '--db', server.db, '--email', ADMIN.email], { encoding: 'utf8' }).stdout.trim();
const post = async (path, body) => {
  const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
// 500 customers, N contracts over the four intervals and action types, all due in the next
// 700 days, through the API like a client would.
async function fill() {
  const me = await (await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const customers = [];
  for (let i = 0; i < 500; i++) customers.push(await post('/customers', { name: `Kunde ${String(i).padStart(4, '0')} GmbH` }));
  const t0 = Date.now();
  let next = 0;
  const units = [{ unit: 'year', every: 1 }, { unit: 'month', every: 6 }, { unit: 'week', every: 2 }, { unit: 'day', every: 30 }];
  const types = ['create_task', 'create_order', 'create_project', 'notify'];
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < N) {
      const i = next++;
      await post('/maintenance-contracts', {
        name: `Wartung ${i}`, customer_id: customers[i % customers.length].id, start_date: isoDate(1 + (i % 700)), term: null,
        interval: units[i % units.length], reminder: i % 3 ? { days_before: 14 } : null, action: { type: types[i % types.length], employee_id: me.id },
      });
      if (i % 10000 === 0) console.log(`  ${i} contracts (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }));
  console.log(`filled ${N} contracts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  if (cache) console.log(`database from ${cache}`);
  else {
    await fill();
    if (opts.dbCache) {
      await server.stop({ saveDb: opts.dbCache });
      server = await startServer(opts, [ADMIN], { seedDb: opts.dbCache });
    }
  }

  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/`);
  await page.getByLabel('E-Mail').fill(ADMIN.email);
  await page.getByLabel('Passwort').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('tbody tr').first().waitFor();
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    await page.goto(`${server.url}/maintenance-contracts`);
    await page.locator('tbody tr').first().waitFor();
    await page.waitForFunction(() => performance.getEntriesByName('turnus:contracts-names').length > 0);
    runs.push(await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const res = (part) => performance.getEntriesByType('resource').find((e) => e.name.includes(part));
      const span = (e) => (e ? [Math.round(e.startTime), Math.round(e.responseEnd)] : null);
      // start, request sent, first byte, end: where a request waited (queue, server, body).
      const detail = (e) => (e ? [e.startTime, e.requestStart, e.responseStart, e.responseEnd].map(Math.round) : null);
      return {
        rendered: mark('turnus:contracts-rendered'), names: mark('turnus:contracts-names'), dcl: nav.domContentLoadedEventEnd,
        script: span(res('/assets/index-')), me: span(res('/api/v1/me')), list: span(res('/api/v1/maintenance-contracts?')),
        html: [nav.requestStart, nav.responseEnd].map(Math.round), listDetail: detail(res('/api/v1/maintenance-contracts?')),
        rows: document.querySelectorAll('tbody tr').length, count: document.querySelector('.pager .count')?.textContent,
      };
    }));
  }
  const js = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')).map((e) => ({ name: e.name.split('/').pop(), transfer: e.transferSize, body: e.decodedBodySize })));
  for (const [i, r] of runs.entries()) {
    console.log(`run ${i + 1}: rendered ${r.rendered.toFixed(0)} ms, names ${r.names.toFixed(0)} ms, DCL ${r.dcl.toFixed(0)} ms; `
      + `html ${r.html.join('–')}, script ${r.script?.join('–')}, /me ${r.me?.join('–')}, list ${r.listDetail?.join('/')} ms; ${r.rows} rows, ${r.count}`);
  }
  console.log(JSON.stringify({ js }));
  const at = (k) => runs.map((x) => x[k]);
  const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}; ${xs.map((x) => x.toFixed(0)).join(' ')})`;
  console.log(`${RUNS} runs, first page rendered after navigation: ${fmt(at('rendered'))}`);
  console.log(`${RUNS} runs, customer/project names in:           ${fmt(at('names'))}`);
  console.log(`list request (start–end): ${runs.map((x) => x.list?.join('–')).join(', ')}`);
  // The server's own time for the same requests (its access log), without the browser's part.
  const served = [...server.log().matchAll(/GET \/api\/v1\/maintenance-contracts\S* 200 ([\d.]+)ms/g)].map((m) => Number(m[1]));
  console.log(`list request as the server timed it (ms): ${served.slice(-RUNS).map((x) => x.toFixed(1)).join(' ')}`);
  if (opts.serverLog) console.log(server.log().split('\n').slice(-200).join('\n'));
  await browser.close();
} finally {
  await server.stop();
}

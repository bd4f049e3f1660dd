// The contract list with 100,000 contracts: how long until the browser shows the first page.
//   node e2e/perf.mjs --turnus build/turnus --web-root build/web [--contracts 100000]
// Fills a fresh SQLite database through the API (Bearer token, 8 requests in flight), then
// logs in with chromium and measures navigation → first rows rendered (performance mark
// "turnus:contracts-rendered" set by the list), five times. Reported in docs/performance.md;
// not asserted and not part of ctest (filling takes minutes).
import { spawnSync } from 'node:child_process';
import { launchBrowser, startServer } from './harness.mjs';
import { args, isoDate } from './harness.mjs';

const opts = args();
const N = Number(opts.contracts ?? 100000);
const ADMIN = { org: 'Perf GmbH', email: 'perf@example.test', name: 'Perf Admin', role: 'admin', password: 'perf-passwort-123' };
const server = await startServer(opts, [ADMIN]);
const token = spawnSync(opts.turnus, ['token', 'create', '--db', server.db, '--email', ADMIN.email], { encoding: 'utf8' }).stdout.trim();
const post = async (path, body) => {
  const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
try {
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

  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/`);
  await page.getByLabel('E-Mail').fill(ADMIN.email);
  await page.getByLabel('Passwort').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('tbody tr').first().waitFor();
  const runs = [];
  for (let r = 0; r < 5; r++) {
    await page.goto(`${server.url}/maintenance-contracts`);
    await page.locator('tbody tr').first().waitFor();
    await page.waitForFunction(() => performance.getEntriesByName('turnus:contracts-rendered').length > 0);
    runs.push(await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = performance.getEntriesByName('turnus:contracts-rendered')[0];
      const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/maintenance-contracts?'));
      return { rendered: mark.startTime, api: api ? api.duration : null, dcl: nav.domContentLoadedEventEnd, rows: document.querySelectorAll('tbody tr').length, count: document.querySelector('.pager .count')?.textContent };
    }));
  }
  const js = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')).map((e) => ({ name: e.name.split('/').pop(), transfer: e.transferSize, body: e.decodedBodySize })));
  console.log(JSON.stringify({ runs, js }, null, 1));
  const sorted = runs.map((x) => x.rendered).sort((a, b) => a - b);
  console.log(`first page rendered after navigation: median ${sorted[2].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[4].toFixed(0)}); list API ${runs.map((x) => x.api?.toFixed(0)).join('/')} ms`);
  await browser.close();
} finally {
  await server.stop();
}

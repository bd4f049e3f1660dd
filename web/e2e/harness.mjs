// Starts a real `turnus serve` on a fresh SQLite database in a temp dir (users created with
// `turnus user add --password-stdin`) and Debian's chromium through playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export function args() {
  const out = { turnus: process.env.TURNUS_BINARY, webRoot: process.env.TURNUS_WEB_ROOT, screenshots: '' };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    const key = a[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    out[key] = a[i + 1];
  }
  if (!out.turnus) throw new Error('--turnus PATH (or TURNUS_BINARY) is required');
  return out;
}

// seedDb: a SQLite file saved by an earlier stop({ saveDb }); its users exist already.
export async function startServer(opts, users, { seedDb } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'turnus-e2e-'));
  const dbFile = join(dir, 'turnus.db');
  const db = `sqlite:${dbFile}`;
  if (seedDb) {
    copyFileSync(seedDb, dbFile);
    if (existsSync(`${seedDb}-wal`)) copyFileSync(`${seedDb}-wal`, `${dbFile}-wal`);
  }
  for (const u of seedDb ? [] : users) {
    const r = spawnSync(opts.turnus, ['user', 'add', '--db', db, '--org', u.org, '--email', u.email, '--name', u.name, '--role', u.role, '--password-stdin'],
      { input: `${u.password}\n`, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`turnus user add failed: ${r.stderr}`);
  }
  const serveArgs = ['serve', '--db', db, '--data-dir', dir, '--listen', '127.0.0.1:0'];
  if (opts.webRoot) serveArgs.push('--web-root', opts.webRoot);
  const proc = spawn(opts.turnus, serveArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  proc.stdout.on('data', (d) => { log += d; }); // the access log, with each request's own time
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`turnus serve did not start:\n${out}\n${log}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /serving on (http:\/\/[^/\s]+)\//.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => reject(new Error(`turnus serve exited (${code}):\n${out}\n${log}`)));
  });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, dir, db,
    log: () => log,
    // saveDb: copy the database (and a WAL the server left) once the server has stopped.
    async stop({ saveDb } = {}) {
      proc.kill('SIGTERM');
      await new Promise((r) => { if (proc.exitCode !== null) r(); else proc.on('exit', r); });
      if (saveDb) {
        copyFileSync(dbFile, saveDb);
        if (existsSync(`${dbFile}-wal`)) copyFileSync(`${dbFile}-wal`, `${saveDb}-wal`);
        else rmSync(`${saveDb}-wal`, { force: true });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('chromium not found (apt-get install chromium, or set CHROMIUM)');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

// TT.MM.JJJJ of today + days (local time).
export function germanDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}
export function isoDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function check(cond, message) { if (!cond) throw new Error(`check failed: ${message}`); }

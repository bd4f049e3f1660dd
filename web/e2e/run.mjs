// The browser walk through the module description (German), then an English smoke run.
//   node e2e/run.mjs --turnus build/turnus --web-root build/web [--screenshots DIR]
// Registered in ctest as web_e2e. Screenshots go to --screenshots (docs/screenshots for the
// committed copies: `npm run e2e -- --turnus … --web-root … --screenshots ../docs/screenshots`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { args, check, germanDate, isoDate, launchBrowser, startServer } from './harness.mjs';

const opts = args();
const ADMIN = { org: 'Heizung Müller GmbH', email: 'chef@mueller.example', name: 'Anna Müller', role: 'admin', password: 'ein-langes-passwort' };
const TECH = { org: 'Heizung Müller GmbH', email: 'ben@mueller.example', name: 'Ben Schmidt', role: 'technician', password: 'noch-ein-passwort' };
// One address with the same password in two organisations: the login asks which.
const SHARED = { email: 'buero@beide.example', password: 'gleiches-passwort', role: 'office' };
const SHARED_A = { ...SHARED, org: 'Heizung Müller GmbH', name: 'Büro Müller' };
const SHARED_B = { ...SHARED, org: 'Garage Berg', name: 'Büro Berg' };
const shots = opts.screenshots;
if (shots) mkdirSync(shots, { recursive: true });
const T = 15000;
let step = '';
const log = (s) => { step = s; console.log(`• ${s}`); };

async function shot(page, name) { if (shots) await page.screenshot({ path: join(shots, `${name}.png`) }); }
async function visible(locator, what) {
  try { await locator.first().waitFor({ state: 'visible', timeout: T }); } catch { throw new Error(`not visible: ${what}`); }
}
async function until(fn, what) {
  const end = Date.now() + T;
  while (Date.now() < end) { if (await fn()) return; await new Promise((r) => setTimeout(r, 100)); }
  throw new Error(`timed out: ${what}`);
}
// The API from inside the page (cookie + CSRF token of the logged-in UI): seeding data.
async function apiCall(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const res = await fetch(`/api/v1${p}`, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': localStorage.getItem('turnus.csrf') }, body: b ? JSON.stringify(b) : undefined });
    const text = await res.text();
    if (!res.ok) throw new Error(`${m} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }, [method, path, body]);
}

async function german(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE', acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/401|Failed to load resource/.test(m.text())) errors.push(m.text()); });

  log('login form, wrong password, then log in');
  await page.goto(`${base}/`);
  await visible(page.getByRole('button', { name: 'Anmelden' }), 'Anmelden');
  await shot(page, 'login');
  await page.getByLabel('E-Mail').fill(ADMIN.email);
  await page.getByLabel('Passwort').fill('falsch');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await visible(page.getByText('E-Mail oder Passwort ist falsch.'), 'login error');
  await page.getByLabel('Passwort').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await visible(page.getByRole('heading', { name: 'Wartungsverträge' }), 'contract list heading');
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await visible(nav.getByText('Kundendienst'), 'Kundendienst');
  for (const n of ['Wartungsverträge', 'Kunden', 'Projekte', 'Aufgaben', 'Aufträge']) await visible(nav.getByRole('link', { name: n, exact: true }), n);
  await visible(page.getByText('Noch keine Wartungsverträge'), 'empty state');

  log('customers: create one through the UI, more through the API');
  await nav.getByRole('link', { name: 'Kunden', exact: true }).click();
  await page.getByRole('button', { name: '+ Kunde' }).click();
  const cd = page.getByRole('dialog', { name: 'Neuer Kunde' });
  await cd.getByLabel('Name').fill('Bäckerei Sonnenschein');
  await cd.getByLabel('Adresse').fill('Hauptstraße 1, 79098 Freiburg');
  await cd.getByRole('button', { name: 'Speichern' }).click();
  await visible(page.getByRole('cell', { name: 'Bäckerei Sonnenschein' }), 'new customer in list');
  const seeded = [];
  for (const name of ['Autohaus Weber', 'Praxis Dr. Kaya', 'Wohnbau Lindenhof eG', 'Hotel Schwarzwaldblick', 'Schreinerei Vogt']) {
    seeded.push(await apiCall(page, 'POST', '/customers', { name, address: 'Freiburg im Breisgau' }));
  }
  const me = await apiCall(page, 'GET', '/me');
  const staff = (await apiCall(page, 'GET', '/employees')).items;
  const ben = staff.find((e) => e.email === TECH.email);
  const samples = [
    ['Thermenwartung Gas-Brennwert', 0, { unit: 'year', every: 1 }, 'create_order', 5, 14],
    ['TÜV Sprinter', 1, { unit: 'year', every: 2 }, 'create_task', 40, 30],
    ['Legionellenprüfung', 2, { unit: 'year', every: 3 }, 'create_project', 120, null],
    ['Wartung Lüftungsanlage', 3, { unit: 'month', every: 6 }, 'create_task', 12, 7],
    ['Feuerlöscher prüfen', 4, { unit: 'year', every: 2 }, 'notify', 200, 14],
    ['Heizungscheck Frühjahr', 2, { unit: 'fixed', dates: [isoDate(60), isoDate(425)] }, 'create_order', 60, 10],
    ['Dachrinnenreinigung', 3, { unit: 'month', every: 12 }, 'create_order', 90, null],
  ];
  for (const [name, ci, interval, type, days, reminder] of samples) {
    await apiCall(page, 'POST', '/maintenance-contracts', {
      name, customer_id: seeded[ci].id, start_date: isoDate(days), interval, term: null, reminder: reminder === null ? null : { days_before: reminder },
      action: { type, employee_id: type === 'create_task' ? ben.id : me.id },
    });
  }

  log('customers: edit (the API\'s field error at its field), delete refused while contracts refer to it, delete an unused one');
  await apiCall(page, 'POST', '/customers', { name: 'Einmalkunde Meier', address: 'Basel' });
  await page.reload();
  const custRow = (name) => page.locator('tbody tr', { has: page.getByRole('cell', { name, exact: true }) });
  await visible(custRow('Schreinerei Vogt'), 'seeded customers in the list');
  await custRow('Schreinerei Vogt').getByRole('button', { name: 'Bearbeiten: Schreinerei Vogt' }).click();
  const ce = page.getByRole('dialog', { name: 'Kunde bearbeiten' });
  check(await ce.getByLabel('Name').inputValue() === 'Schreinerei Vogt', 'edit dialog shows the customer');
  await ce.getByLabel('E-Mail').fill('keine-mail-adresse');
  await ce.getByRole('button', { name: 'Speichern' }).click();
  const emailField = ce.locator('.field', { has: page.getByLabel('E-Mail') });
  await visible(emailField.locator('.field-error'), 'email error at its field');
  check(await ce.getByLabel('E-Mail').getAttribute('aria-invalid') === 'true', 'email marked invalid');
  await ce.getByLabel('E-Mail').fill('info@vogt.example');
  await ce.getByLabel('Telefon').fill('0761 123456');
  await ce.getByRole('button', { name: 'Speichern' }).click();
  await ce.waitFor({ state: 'detached', timeout: T });
  await visible(custRow('Schreinerei Vogt').getByRole('cell', { name: 'info@vogt.example' }), 'edited e-mail in the list');
  check((await custRow('Schreinerei Vogt').textContent()).includes('0761 123456'), 'edited phone in the list');
  await custRow('Autohaus Weber').getByRole('button', { name: 'Löschen: Autohaus Weber' }).click();
  const del = page.getByRole('alertdialog', { name: 'Kunde löschen?' });
  check((await del.textContent()).includes('Autohaus Weber'), 'confirmation names the customer');
  await del.getByRole('button', { name: 'Löschen' }).click();
  await visible(page.getByTestId('delete-refused'), 'refusal shown');
  const refusal = await page.getByTestId('delete-refused').textContent();
  check(/Autohaus Weber/.test(refusal) && /kann nicht gelöscht werden/.test(refusal), `the API's German reason (${refusal})`);
  check((await custRow('Autohaus Weber').count()) === 1, 'the refused customer stays');
  await shot(page, 'customers');
  await custRow('Einmalkunde Meier').getByRole('button', { name: 'Löschen: Einmalkunde Meier' }).click();
  await page.getByRole('alertdialog', { name: 'Kunde löschen?' }).getByRole('button', { name: 'Löschen' }).click();
  await visible(page.getByText('Kunde gelöscht.'), 'deleted toast');
  await until(async () => (await custRow('Einmalkunde Meier').count()) === 0, 'deleted customer gone');
  check((await apiCall(page, 'GET', '/customers?q=Einmalkunde')).items.length === 0, 'deleted in the API');

  log('tab Verlauf: empty for a contract nothing has happened to');
  const legionella = (await apiCall(page, 'GET', '/maintenance-contracts?q=Legionellen')).items[0];
  await page.goto(`${base}/maintenance-contracts/${legionella.id}`);
  const ld = page.getByRole('dialog', { name: 'Wartungsvertrag bearbeiten' });
  await ld.getByRole('tab', { name: 'Verlauf' }).click();
  await visible(ld.getByTestId('history-empty'), 'empty history');
  await ld.getByRole('button', { name: 'Abbrechen' }).click();

  log('"+ Wartungsvertrag": tab Allgemein with customer search, schedule and live preview');
  await nav.getByRole('link', { name: 'Wartungsverträge' }).click();
  await visible(page.getByRole('cell', { name: 'TÜV Sprinter' }), 'seeded list');
  await page.getByRole('button', { name: '+ Wartungsvertrag' }).click();
  const dlg = page.getByRole('dialog', { name: 'Neuer Wartungsvertrag' });
  await visible(dlg.getByRole('tab', { name: 'Allgemein' }), 'tab Allgemein');
  await dlg.getByRole('combobox', { name: 'Kunde' }).fill('Sonnen');
  await dlg.getByRole('option', { name: /Bäckerei Sonnenschein/ }).click();
  await dlg.getByLabel('Name').fill('Thermenwartung Sonnenschein');
  const start = germanDate(3);
  await dlg.getByLabel('Start-Datum').fill(start);
  await dlg.getByLabel('Intervall').selectOption({ label: 'monatlich' });
  await dlg.getByLabel(/^alle N/).fill('6');
  const preview = dlg.getByTestId('due-preview').locator('li');
  await until(async () => (await preview.count()) === 5, 'five due dates');
  check((await preview.first().textContent()).includes(start), `first due date ${start}`);
  await dlg.getByLabel('Intervall').selectOption({ label: 'jährlich' });
  await dlg.getByLabel(/^alle N/).fill('1');
  await dlg.getByLabel('Laufzeit', { exact: true }).fill('24');
  await until(async () => (await preview.count()) === 2, 'term of 24 months leaves two due dates');
  await dlg.getByLabel('Laufzeit', { exact: true }).fill('');
  await until(async () => (await preview.count()) === 5, 'open-ended again');
  await shot(page, 'dialog-allgemein');

  log('tab Erinnerung: action "Projekt anlegen", employee, reminder 14 days');
  await dlg.getByRole('tab', { name: 'Erinnerung' }).click();
  for (const a of ['Projekt anlegen', 'Aufgabe anlegen', 'Benachrichtigung', 'Auftrag anlegen']) await visible(dlg.getByRole('radio', { name: a, exact: true }), a);
  await dlg.getByRole('radio', { name: 'Projekt anlegen', exact: true }).check();
  await dlg.getByLabel('Mitarbeiter', { exact: true }).selectOption({ label: 'Anna Müller' });
  await dlg.getByLabel('Erinnerung vor Fälligkeit anzeigen').check();
  await dlg.getByLabel('Tage vorher').fill('14');
  await shot(page, 'dialog-erinnerung');

  log('tab Dokumente: upload by button and by drag and drop');
  await dlg.getByRole('tab', { name: 'Dokumente' }).click();
  await dlg.locator('input[type=file]').setInputFiles({ name: 'Wartungsprotokoll.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% turnus e2e\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n') });
  const drop = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Checkliste Therme\n1. Brenner reinigen\n'], 'Checkliste.txt', { type: 'text/plain' }));
    return dt;
  });
  await dlg.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: drop });
  await visible(dlg.getByText('Checkliste.txt'), 'dropped file');
  await visible(dlg.getByText('Wartungsprotokoll.pdf'), 'uploaded file');
  await shot(page, 'dialog-dokumente');
  await dlg.getByRole('button', { name: 'Speichern' }).click();
  await dlg.waitFor({ state: 'detached', timeout: T });
  await visible(page.getByText('Wartungsvertrag gespeichert.'), 'saved toast');

  log('find it with a filter (2 characters: hint, no query)');
  const search = page.getByRole('searchbox', { name: 'Suche' });
  await search.fill('So');
  await visible(page.getByText('Bitte mindestens 3 Zeichen eingeben.').first(), 'q hint');
  await search.fill('Sonnenschein');
  const rows = page.locator('tbody tr');
  await until(async () => (await rows.count()) === 1 && (await rows.first().textContent()).includes('Thermenwartung Sonnenschein'), 'filtered row');
  const row = rows.first();
  check((await row.textContent()).includes('Bäckerei Sonnenschein'), 'customer column');
  check((await row.textContent()).includes('jährlich'), 'interval in words');
  check((await row.textContent()).includes(start), 'next due date TT.MM.JJJJ');
  check((await row.textContent()).includes('bald fällig'), 'due soon (reminder 14 days, due in 3)');
  await search.fill('');
  await page.getByLabel('Aktion', { exact: true }).selectOption({ label: 'Projekt anlegen' });
  await until(async () => (await rows.count()) === 2, 'action filter: two create_project contracts');
  await page.getByLabel('Aktion', { exact: true }).selectOption({ label: 'Alle' });
  await until(async () => (await rows.count()) === 8, 'all eight contracts');
  await page.getByRole('button', { name: /^Name/ }).click();
  await until(async () => (await rows.first().textContent()).includes('Dachrinnenreinigung'), 'sorted by name');
  await page.getByRole('button', { name: /^Nächste Fälligkeit/ }).click();
  await until(async () => (await rows.first().textContent()).includes('Thermenwartung Sonnenschein'), 'sorted by due date');
  await shot(page, 'contract-list');

  log('field errors from the API appear at the field');
  await page.getByRole('button', { name: '+ Wartungsvertrag' }).click();
  const bad = page.getByRole('dialog', { name: 'Neuer Wartungsvertrag' });
  await bad.getByRole('combobox', { name: 'Kunde' }).fill('Weber');
  await bad.getByRole('option', { name: /Autohaus Weber/ }).click();
  await bad.getByLabel('Name').fill('Zu oft');
  await bad.getByLabel(/^alle N/).fill('11');
  await bad.getByRole('button', { name: 'Speichern' }).click();
  const everyField = bad.locator('.field', { has: page.getByLabel(/^alle N/) });
  await visible(everyField.locator('.field-error'), 'interval.every error at its field');
  await bad.getByRole('button', { name: 'Abbrechen' }).click();

  log('pencil → dialog shows documents; "Aktion auslösen" with confirmation and the created project');
  await search.fill('Sonnenschein');
  await until(async () => (await rows.count()) === 1, 'one row');
  await rows.first().getByRole('button', { name: 'Bearbeiten' }).click();
  const edit = page.getByRole('dialog', { name: 'Wartungsvertrag bearbeiten' });
  await visible(edit.getByLabel('Name'), 'edit dialog');
  check(await edit.getByLabel('Name').inputValue() === 'Thermenwartung Sonnenschein', 'name loaded');
  await edit.getByRole('tab', { name: /Dokumente/ }).click();
  await visible(edit.getByRole('link', { name: 'Herunterladen: Wartungsprotokoll.pdf' }), 'stored document');
  await visible(edit.getByRole('link', { name: 'Herunterladen: Checkliste.txt' }), 'stored dropped document');
  const download = page.waitForEvent('download');
  await edit.getByRole('link', { name: 'Herunterladen: Checkliste.txt' }).click();
  check((await download).suggestedFilename() === 'Checkliste.txt', 'download file name');
  await edit.getByRole('button', { name: 'Aktion auslösen' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Aktion auslösen' });
  await confirm.getByRole('button', { name: 'Aktion auslösen' }).click();
  await visible(edit.getByTestId('trigger-result'), 'trigger result');
  check((await edit.getByTestId('trigger-result').textContent()).includes('Projekt angelegt'), 'project created');
  await shot(page, 'trigger-result');
  const createdNo = /#(\d+)/.exec(await edit.getByTestId('trigger-result').textContent())[1];

  log('tab Verlauf lists the manual execution with a link to the project it created');
  await edit.getByRole('tab', { name: 'Verlauf' }).click();
  const history = edit.getByTestId('history');
  const manual = history.locator('tbody tr', { hasText: 'Manuell ausgelöst' });
  await visible(manual, 'the manual execution in the history');
  check((await manual.count()) === 1, 'one manual execution');
  const manualText = await manual.textContent();
  check(manualText.includes('Aktion') && manualText.includes('Ausgeführt') && manualText.includes(start), `kind, outcome, due date (${manualText})`);
  await visible(manual.getByRole('link', { name: `Projekt #${createdNo}` }), 'link to the created project');
  await shot(page, 'dialog-verlauf');
  await edit.getByRole('link', { name: 'Öffnen' }).click();

  log('the project sits in "Neu - Erstkontakt" with its main contact');
  await visible(page.getByRole('heading', { name: 'Projekte' }), 'board');
  await visible(page.locator('.column h2'), 'stages');
  const stagesText = await page.locator('.column h2').allTextContents();
  check(stagesText[0].startsWith('Neu - Erstkontakt'), `first stage is Neu - Erstkontakt (${stagesText[0]})`);
  const first = page.locator('.column').first();
  const card = first.locator('.project-card', { hasText: 'Bäckerei Sonnenschein' });
  await visible(card, 'project card in Neu - Erstkontakt');
  check((await card.textContent()).includes('Anna Müller'), 'main contact on the card');
  await shot(page, 'project-board');

  log('projects: drag the card to the next stage, then move it on with the keyboard (stage select)');
  const projectId = Number(await card.getAttribute('data-project-id'));
  const stageList = (await apiCall(page, 'GET', '/pipeline-stages')).items;
  const columns = page.locator('.column');
  await card.dragTo(columns.nth(1));
  const inColumn = (i) => columns.nth(i).locator(`[data-project-id="${projectId}"]`);
  await visible(inColumn(1), `card in "${stageList[1].name}"`);
  await visible(page.getByText(`verschoben nach „${stageList[1].name}“`), 'move announced');
  await until(async () => (await apiCall(page, 'GET', `/projects/${projectId}`)).stage_id === stageList[1].id, 'stage saved by drag and drop');
  const select = inColumn(1).getByRole('combobox', { name: /^Phase:/ });
  await select.focus();
  await select.selectOption({ label: stageList[2].name });
  await visible(inColumn(2), `card in "${stageList[2].name}"`);
  await until(async () => (await apiCall(page, 'GET', `/projects/${projectId}`)).stage_id === stageList[2].id, 'stage saved by the select');
  await page.reload();
  await visible(inColumn(2), 'still there after reload');

  log('deactivate, archive (confirmation: cannot be undone), not activatable again');
  await nav.getByRole('link', { name: 'Wartungsverträge' }).click();
  await page.getByRole('searchbox', { name: 'Suche' }).fill('Sonnenschein');
  await until(async () => (await rows.count()) === 1, 'row again');
  check((await rows.first().getByRole('button', { name: 'Archivieren' }).count()) === 0, 'no archive on active rows');
  await rows.first().getByRole('switch', { name: 'Deaktivieren', exact: true }).click();
  await visible(rows.first().getByRole('switch', { name: 'Aktivieren', exact: true }), 'inactive');
  check((await rows.first().textContent()).includes('Inaktiv'), 'status Inaktiv');
  await rows.first().getByRole('button', { name: 'Archivieren' }).click();
  const arch = page.getByRole('alertdialog', { name: 'Wartungsvertrag archivieren?' });
  check((await arch.textContent()).includes('nicht rückgängig'), 'says it cannot be undone');
  await arch.getByRole('button', { name: 'Archivieren' }).click();
  await visible(rows.first().locator('.col-status').getByText('Archiviert'), 'archived status');
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Archiviert' });
  await until(async () => (await rows.count()) === 1 && (await rows.first().textContent()).includes('Archiviert'), 'archived filter');
  const sw = rows.first().getByRole('switch', { name: 'Aktivieren', exact: true });
  check(await sw.isDisabled(), 'archived cannot be activated');
  await rows.first().getByRole('button', { name: 'Ansehen' }).click();
  const ro = page.getByRole('dialog', { name: 'Wartungsvertrag (archiviert)' });
  await visible(ro.getByText('kann nicht mehr bearbeitet werden'), 'read-only notice');
  check((await ro.getByRole('button', { name: 'Speichern' }).count()) === 0, 'no Speichern on archived');
  check((await ro.getByRole('button', { name: 'Aktion auslösen' }).count()) === 0, 'no trigger on archived');
  check(await ro.getByLabel('Name').isDisabled(), 'fields read-only');
  await ro.getByRole('button', { name: 'Schließen' }).first().click();

  log('notification: bell count, open, link to the contract, read');
  const list = await apiCall(page, 'GET', '/maintenance-contracts?q=Feuerl%C3%B6scher');
  await apiCall(page, 'PATCH', `/maintenance-contracts/${list.items[0].id}`, { version: list.items[0].version, action: { type: 'notify', employee_id: me.id } });
  await apiCall(page, 'POST', `/maintenance-contracts/${list.items[0].id}/trigger`);
  await page.reload();
  // The scheduler in serve may have sent reminders too: the bell shows what the API counts.
  const unread = (await apiCall(page, 'GET', '/notifications')).unread;
  check(unread >= 1, 'the triggered notification is unread');
  await visible(page.getByTestId('unread-count'), 'unread count');
  check((await page.getByTestId('unread-count').textContent()).trim() === String(unread), 'bell shows the unread count');
  await page.getByRole('button', { name: /Benachrichtigungen/ }).click();
  const pop = page.getByRole('region', { name: 'Benachrichtigungen' });
  await visible(pop.locator('li'), 'notification in the bell');
  await shot(page, 'notifications');
  await pop.locator('li a').first().click();
  await visible(page.getByRole('dialog', { name: 'Wartungsvertrag bearbeiten' }), 'the notification opens its contract');
  check((await page.getByRole('dialog').getByLabel('Name').inputValue()) === 'Feuerlöscher prüfen', 'right contract');
  await page.getByRole('dialog').getByRole('button', { name: 'Abbrechen' }).click();
  await until(async () => unread === 1
    ? (await page.getByTestId('unread-count').count()) === 0
    : (await page.getByTestId('unread-count').textContent()).trim() === String(unread - 1), 'read: one fewer unread');

  log('tasks: mine / all, open / done, mark done');
  const tuv = await apiCall(page, 'GET', '/maintenance-contracts?q=Sprinter');
  await apiCall(page, 'POST', `/maintenance-contracts/${tuv.items[0].id}/trigger`);
  await nav.getByRole('link', { name: 'Aufgaben' }).click();
  await visible(page.getByRole('heading', { name: 'Aufgaben' }), 'tasks');
  await page.getByRole('button', { name: 'Alle', exact: true }).first().click();
  const taskRows = page.locator('tbody tr');
  await until(async () => (await taskRows.count()) === 1, 'one open task (Ben)');
  await page.getByRole('button', { name: 'Meine' }).click();
  await visible(page.getByText('Keine Aufgaben in dieser Ansicht.'), 'none of mine');
  await page.getByRole('button', { name: 'Alle', exact: true }).first().click();
  await shot(page, 'tasks');
  await taskRows.first().getByRole('button', { name: /^Erledigt/ }).click();
  await visible(page.getByText('Keine Aufgaben in dieser Ansicht.'), 'done: gone from open');
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Erledigt' }).click();
  await until(async () => (await taskRows.count()) === 1, 'in done');

  log('orders: the triggered order');
  const therme = await apiCall(page, 'GET', '/maintenance-contracts?q=Gas-Brennwert');
  await apiCall(page, 'POST', `/maintenance-contracts/${therme.items[0].id}/trigger`);
  await nav.getByRole('link', { name: 'Aufträge' }).click();
  await visible(page.getByRole('cell', { name: 'Autohaus Weber' }), 'order with its customer');
  await shot(page, 'orders');

  log('keyboard: tab to the "+ Wartungsvertrag" button, Enter opens the dialog, Escape closes it');
  await nav.getByRole('link', { name: 'Wartungsverträge' }).click();
  await page.getByRole('button', { name: '+ Wartungsvertrag' }).focus();
  await page.keyboard.press('Enter');
  await visible(page.getByRole('dialog', { name: 'Neuer Wartungsvertrag' }), 'dialog by keyboard');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: T });

  log('1024×768 and a 10" tablet: no horizontal page overflow');
  for (const vp of [{ width: 1024, height: 768 }, { width: 800, height: 1280 }]) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(150);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = overflow > 0 ? await page.evaluate((w) => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1)
      .slice(0, 5).map((e) => `${e.tagName}.${e.className}`).join(', '), vp.width) : '';
    check(overflow <= 0, `no horizontal overflow at ${vp.width}×${vp.height} (${overflow}px: ${wide})`);
    await visible(page.getByRole('button', { name: '+ Wartungsvertrag' }), 'button at this size');
  }
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, 'contract-list-1024');

  log('pager: forward by the cursor of each answer, back by the cursor each page was reached with');
  await page.setViewportSize({ width: 1280, height: 800 });
  // Far in the future and without reminder: nothing of these is due during the run.
  for (let i = 1; i <= 55; i++) {
    await apiCall(page, 'POST', '/maintenance-contracts', {
      name: `Seitentest ${String(i).padStart(2, '0')}`, customer_id: null, start_date: isoDate(400 + i), interval: { unit: 'year', every: 1 },
      term: null, reminder: null, action: { type: 'notify', employee_id: me.id },
    });
  }
  const pager = page.getByRole('navigation', { name: 'Seiten' });
  const forward = pager.getByRole('button', { name: 'Weiter' });
  const back = pager.getByRole('button', { name: 'Zurück' });
  // The list request an action causes: its parameters and its answer.
  const listStep = async (act) => {
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/maintenance-contracts?'), { timeout: T }), act()]);
    check(res.ok(), `list request ${res.url()}: ${res.status()}`);
    return { params: new URL(res.url()).searchParams, body: await res.json() };
  };
  const showing = async (first, count, pageNo, range) => until(async () => (await rows.count()) === count
    && (await rows.first().textContent()).includes(first) && (await pager.locator('.page-no').textContent()) === pageNo
    && (await pager.locator('.count').textContent()).startsWith(range), `page ${pageNo}: ${count} rows from ${first}, ${range}`);
  await search.fill('Seitentest');
  await showing('Seitentest 01', 50, '1', '1–50 von 55');
  const p1 = await listStep(() => pager.getByLabel('Pro Seite').selectOption('25'));
  check(p1.params.get('page') === '1' && !p1.params.has('after') && typeof p1.body.next === 'string', 'page 1: no cursor asked, one answered');
  await showing('Seitentest 01', 25, '1', '1–25 von 55');
  check(await back.isDisabled(), 'no way back from page 1');
  const p2 = await listStep(() => forward.click());
  check(p2.params.get('after') === p1.body.next && p2.params.get('page') === '2', `page 2 after page 1's next (${p2.params})`);
  await showing('Seitentest 26', 25, '2', '26–50 von 55');
  const p3 = await listStep(() => forward.click());
  check(p3.params.get('after') === p2.body.next && p3.params.get('page') === '3' && p3.body.next === null, `page 3 after page 2's next, the last (${p3.params})`);
  await showing('Seitentest 51', 5, '3', '51–55 von 55');
  check(await forward.isDisabled(), 'no way on from the last page');
  const b2 = await listStep(() => back.click());
  check(b2.params.get('after') === p1.body.next && b2.params.get('page') === '2', `back to page 2 by its own cursor (${b2.params})`);
  await showing('Seitentest 26', 25, '2', '26–50 von 55');
  const b1 = await listStep(() => back.click());
  check(!b1.params.has('after') && b1.params.get('page') === '1', `back to page 1 without cursor (${b1.params})`);
  await showing('Seitentest 01', 25, '1', '1–25 von 55');
  await listStep(() => forward.click());
  await showing('Seitentest 26', 25, '2', '26–50 von 55');
  const reset = await listStep(() => page.getByRole('button', { name: /^Name/ }).click());
  check(!reset.params.has('after') && reset.params.get('page') === '1', `another sort starts at page 1 without cursor (${reset.params})`);
  await showing('Seitentest 01', 25, '1', '1–25 von 55');
  check(await back.isDisabled(), 'no way back after the reset');

  log('pager: an exact total ends the pages; contracts removed meanwhile leave an empty page that leads back');
  const seitentest = (await apiCall(page, 'GET', '/maintenance-contracts?q=Seitentest&per_page=100')).items;
  for (const c of seitentest) {
    if (c.name > 'Seitentest 50') await apiCall(page, 'POST', `/maintenance-contracts/${c.id}/deactivate`);
  }
  await listStep(() => page.getByLabel('Status', { exact: true }).selectOption({ label: 'Aktiv' }));
  await showing('Seitentest 01', 25, '1', '1–25 von 50');
  await listStep(() => forward.click());
  await showing('Seitentest 26', 25, '2', '26–50 von 50');
  check(await forward.isDisabled(), 'the exact total says page 2 of 50 at 25 is the last');
  await listStep(() => back.click());
  await showing('Seitentest 01', 25, '1', '1–25 von 50');
  await listStep(() => forward.click());
  await showing('Seitentest 26', 25, '2', '26–50 von 50');
  // Now page 1 shows 25 of 50; another user deactivates 26–50 meanwhile.
  await listStep(() => back.click());
  for (const c of seitentest) {
    if (c.name > 'Seitentest 25' && c.name <= 'Seitentest 50') await apiCall(page, 'POST', `/maintenance-contracts/${c.id}/deactivate`);
  }
  const stale = await listStep(() => forward.click());
  check(stale.params.has('after') && stale.body.items.length === 0 && stale.body.next === null, 'the page after the cursor is empty now');
  await visible(page.getByText('Keine weiteren Wartungsverträge.'), 'no more contracts');
  check((await pager.locator('.page-no').textContent()) === '2' && await forward.isDisabled() && !(await back.isDisabled()), 'page 2: back, not on');
  await listStep(() => back.click());
  await showing('Seitentest 01', 25, '1', '1–25 von 25');
  await search.fill('');

  log('Einstellungen → API-Zugänge: create one (the key once, copied), use it, revoke it');
  const settings = page.getByRole('list', { name: 'Einstellungen' });
  await settings.getByRole('link', { name: 'API-Zugänge' }).click();
  await visible(page.getByRole('heading', { name: 'API-Zugänge' }), 'API-Zugänge heading');
  await visible(page.getByText('Noch keine API-Zugänge.'), 'no tokens yet');
  await page.getByRole('button', { name: '+ API-Zugang' }).click();
  const td = page.getByRole('dialog', { name: 'Neuer API-Zugang' });
  await td.getByLabel('Mitarbeiter').selectOption({ label: TECH.name });
  await td.getByLabel('Bezeichnung').fill('Lager-Tablet');
  await td.getByLabel('Gültig für (Tage)').fill('null');
  await td.getByRole('button', { name: 'Erstellen' }).click();
  await visible(td.locator('.field', { has: page.getByLabel('Gültig für (Tage)') }).locator('.field-error'), 'days error at its field');
  await td.getByLabel('Gültig für (Tage)').fill('30');
  await td.getByRole('button', { name: 'Erstellen' }).click();
  const shown = page.getByRole('dialog', { name: 'API-Zugang erstellt' });
  await visible(shown.getByText('Dieser Schlüssel wird nur jetzt angezeigt.', { exact: false }), 'shown-once warning');
  const secret = await shown.getByTestId('token-secret').inputValue();
  check(/^tn_[A-Za-z0-9_-]{20,}$/.test(secret), `a token key (${secret.slice(0, 6)}…)`);
  await shot(page, 'api-token-created');
  await shown.getByRole('button', { name: 'Kopieren' }).click();
  await visible(page.getByText('In die Zwischenablage kopiert.'), 'copied toast');
  check(await page.evaluate(() => navigator.clipboard.readText()) === secret, 'the clipboard holds the key');
  await shown.getByRole('button', { name: 'Fertig' }).click();
  const tokenRow = page.locator('tbody tr', { hasText: 'Lager-Tablet' });
  await visible(tokenRow, 'the new token in the list');
  const rowText = await tokenRow.textContent();
  check(rowText.includes(TECH.name) && rowText.includes('nie') && !rowText.includes(secret), `row: employee, never used, no key (${rowText})`);
  const asToken = (key) => fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
  const me2 = await asToken(secret);
  check(me2.status === 200 && (await me2.json()).email === TECH.email, 'the key works as a Bearer token for Ben');
  await page.reload();
  await visible(tokenRow, 'token after reload');
  check(!(await tokenRow.textContent()).includes('nie'), 'last use recorded');
  await shot(page, 'api-tokens');
  await tokenRow.getByRole('button', { name: 'Widerrufen: Lager-Tablet' }).click();
  const rv = page.getByRole('alertdialog', { name: 'API-Zugang widerrufen?' });
  check((await rv.textContent()).includes('sofort nicht mehr'), 'the confirmation says what happens');
  await rv.getByRole('button', { name: 'Widerrufen' }).click();
  await visible(page.getByText('API-Zugang widerrufen.'), 'revoked toast');
  await visible(page.getByText('Noch keine API-Zugänge.'), 'list empty again');
  check((await asToken(secret)).status === 401, 'the revoked key is refused at once');

  log('logout');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await visible(page.getByRole('button', { name: 'Anmelden' }), 'back at the login');

  log('one address in two organisations: the login asks for the organisation');
  await page.getByLabel('E-Mail').fill(SHARED.email);
  await page.getByLabel('Passwort').fill(SHARED.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  const orgField = page.getByLabel('Organisation');
  await visible(orgField, 'organisation field');
  const question = await page.locator('.field', { has: orgField }).textContent();
  check(question.includes('Garage Berg') && question.includes('Heizung Müller GmbH'), `names both organisations (${question})`);
  await shot(page, 'login-organisation');
  await orgField.fill('Garage Berg');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  // Still at the admin page the previous user left: an office user has none.
  await visible(page.getByRole('heading', { name: 'Diese Seite gibt es nicht.' }), 'no API access page for an office user');
  check((await page.locator('.topbar .org').textContent()).includes(SHARED_B.name), 'in Garage Berg');
  check((await page.getByRole('link', { name: 'API-Zugänge' }).count()) === 0, 'no settings for an office user');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Wartungsverträge' }).click();
  await visible(page.getByRole('heading', { name: 'Wartungsverträge' }), 'logged in');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await visible(page.getByRole('button', { name: 'Anmelden' }), 'logged out');
  check(errors.length === 0, `no page errors: ${errors.join(' | ')}`);
  await context.close();
}

async function english(browser, base) {
  log('English smoke run');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await visible(page.getByRole('heading', { name: 'Maintenance contracts' }), 'English list');
  const rows = page.locator('tbody tr');
  await until(async () => (await rows.count()) > 0, 'rows');
  check(/\d{1,2} [A-Z][a-z]{2} \d{4}/.test(await rows.first().textContent()), 'English dates');
  check((await page.locator('tbody').textContent()).includes('yearly'), 'interval text in English');
  await page.getByRole('button', { name: '+ Maintenance contract' }).click();
  const dlg = page.getByRole('dialog', { name: 'New maintenance contract' });
  for (const tab of ['General', 'Reminder', 'Documents']) await visible(dlg.getByRole('tab', { name: tab }), tab);
  await dlg.getByRole('tab', { name: 'Reminder' }).click();
  await visible(dlg.getByRole('radio', { name: 'Create project' }), 'English actions');
  await dlg.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await visible(page.getByRole('button', { name: 'Log in' }), 'English login');
  await context.close();
}

const server = await startServer(opts, [ADMIN, TECH, SHARED_A, SHARED_B]);
const browser = await launchBrowser();
let failed = false;
try {
  await german(browser, server.url);
  await english(browser, server.url);
  console.log('web_e2e: German walk-through and English smoke run passed');
} catch (e) {
  failed = true;
  console.error(`web_e2e FAILED at "${step}": ${e.stack ?? e}`);
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages.length) {
    const file = join(tmpdir(), 'turnus-e2e-failure.png');
    await pages[pages.length - 1].screenshot({ path: file }).catch(() => {});
    writeFileSync(join(tmpdir(), 'turnus-e2e-failure.html'), await pages[pages.length - 1].content().catch(() => ''));
    console.error(`screenshot: ${file}`);
  }
  console.error(server.log().split('\n').slice(-30).join('\n'));
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);

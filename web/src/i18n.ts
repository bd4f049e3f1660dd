// German by default, English switchable (stored in localStorage). t(key) looks a text up in
// the current language; dates are TT.MM.JJJJ in German and "15 Mar 2027" in English.
export type Lang = 'de' | 'en';

const LANG_KEY = 'turnus.lang';
function initialLang(): Lang {
  try { return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'de'; } catch { return 'de'; }
}
let current: Lang = initialLang();
export const lang = (): Lang => current;
export function setLang(l: Lang): void {
  current = l;
  try { localStorage.setItem(LANG_KEY, l); } catch { /* private mode */ }
  document.documentElement.lang = l;
}

const de = {
  appName: 'turnus', email: 'E-Mail', password: 'Passwort', login: 'Anmelden', logout: 'Abmelden',
  loginTitle: 'Willkommen zurück', loginSub: 'Melden Sie sich mit Ihrem Firmenkonto an.',
  loginFailed: 'E-Mail oder Passwort ist falsch.',
  service: 'Kundendienst', contracts: 'Wartungsverträge', customers: 'Kunden', projects: 'Projekte', tasks: 'Aufgaben', orders: 'Aufträge',
  notifications: 'Benachrichtigungen', language: 'Sprache', mainNav: 'Hauptnavigation',
  newContract: '+ Wartungsvertrag', newCustomer: '+ Kunde',
  name: 'Name', customerProject: 'Kunde / Projekt', interval: 'Intervall', nextDue: 'Nächste Fälligkeit', action: 'Aktion',
  employee: 'Mitarbeiter', status: 'Status', actions: 'Aktionen', customer: 'Kunde', project: 'Projekt',
  active: 'Aktiv', inactive: 'Inaktiv', archived: 'Archiviert', activeInactive: 'Aktiv und inaktiv', all: 'Alle',
  edit: 'Bearbeiten', view: 'Ansehen', activate: 'Aktivieren', deactivate: 'Deaktivieren', archive: 'Archivieren',
  search: 'Suche', searchPh: 'Name oder Kunde …', searchHint: 'Bitte mindestens 3 Zeichen eingeben.',
  filterStatus: 'Status', filterCustomer: 'Kunde', filterProject: 'Projekt', filterEmployee: 'Mitarbeiter', filterAction: 'Aktion',
  filterInterval: 'Intervall', filterDue: 'Fällig', anyOption: 'Alle', resetFilters: 'Filter zurücksetzen',
  dueOverdue: 'Überfällig', due7: 'Nächste 7 Tage', due30: 'Nächste 30 Tage', due90: 'Nächste 90 Tage',
  create_project: 'Projekt anlegen', create_task: 'Aufgabe anlegen', notify: 'Benachrichtigung', create_order: 'Auftrag anlegen',
  year: 'jährlich', month: 'monatlich', week: 'wöchentlich', day: 'Tage', fixed: 'festes Datum',
  everyN: 'alle', unitYears: 'Jahre', unitMonths: 'Monate', unitWeeks: 'Wochen', unitDays: 'Tage',
  soonDue: 'bald fällig', overdue: 'überfällig', none: '—',
  loading: 'Wird geladen …', emptyContracts: 'Noch keine Wartungsverträge', emptyContractsHint: 'Legen Sie Ihren ersten Wartungsvertrag über „+ Wartungsvertrag“ an.',
  emptyFiltered: 'Keine Wartungsverträge passen zu diesen Filtern.',
  ofTotal: 'von', moreThan1000: 'mehr als 1.000', prev: 'Zurück', next: 'Weiter', perPage: 'Pro Seite', noMorePages: 'Keine weiteren Wartungsverträge.',
  dialogNew: 'Neuer Wartungsvertrag', dialogEdit: 'Wartungsvertrag bearbeiten', dialogView: 'Wartungsvertrag (archiviert)',
  tabGeneral: 'Allgemein', tabReminder: 'Erinnerung', tabDocuments: 'Dokumente',
  assignTo: 'Zuordnung', assignCustomer: 'Kunde', assignProject: 'Projekt', assignNone: 'Interne Aufgabe',
  chooseCustomer: 'Kunde suchen …', chooseProject: 'Projekt suchen …', noResults: 'Keine Treffer',
  startDate: 'Start-Datum', term: 'Laufzeit', termOpen: 'unbefristet', termMonths: 'Monate', termYears: 'Jahre',
  fixedDates: 'Termine', fixedDatesHint: 'Mehrere Daten mit Komma trennen, z. B. 15.03.2027, 15.09.2027',
  datePh: 'TT.MM.JJJJ', preview: 'Nächste 5 Fälligkeiten', previewNone: 'Keine weiteren Fälligkeiten.', previewInvalid: 'Bitte Start-Datum und Intervall angeben.',
  reminderShow: 'Erinnerung vor Fälligkeit anzeigen', daysBefore: 'Tage vorher', chooseEmployee: 'Mitarbeiter wählen …',
  actionHelp: {
    create_project: 'Legt ein Projekt in der Pipeline unter „Neu - Erstkontakt“ an; der Mitarbeiter wird Hauptansprechpartner.',
    create_task: 'Legt eine Aufgabe an und weist sie dem Mitarbeiter zu.',
    notify: 'Der Mitarbeiter erhält eine Benachrichtigung, dass eine Aktion fällig ist.',
    create_order: 'Legt einen Auftrag an und weist ihn dem Mitarbeiter zu.',
  } as Record<string, string>,
  save: 'Speichern', cancel: 'Abbrechen', close: 'Schließen', confirm: 'Bestätigen', saved: 'Wartungsvertrag gespeichert.',
  trigger: 'Aktion auslösen', triggerConfirm: 'Die Aktion für die nächste Fälligkeit wird jetzt sofort ausgeführt. Fortfahren?',
  triggered: 'Aktion ausgelöst', createdProject: 'Projekt angelegt', createdTask: 'Aufgabe angelegt', createdOrder: 'Auftrag angelegt', createdNotification: 'Benachrichtigung gesendet',
  openRecord: 'Öffnen', archiveConfirmTitle: 'Wartungsvertrag archivieren?',
  archiveConfirm: 'Archivierte Wartungsverträge können nicht wieder aktiviert werden. Das kann nicht rückgängig gemacht werden.',
  archivedReadOnly: 'Dieser Wartungsvertrag ist archiviert und kann nicht mehr bearbeitet werden.',
  cannotReactivate: 'Archivierte Wartungsverträge können nicht wieder aktiviert werden.',
  docsUpload: 'Datei hochladen', docsDrop: 'Dateien hierher ziehen oder', docsEmpty: 'Noch keine Dokumente.', docsPending: 'Wird nach dem Speichern hochgeladen',
  download: 'Herunterladen', delete: 'Löschen', deleteDocConfirm: 'Dokument löschen?',
  errorTitle: 'Etwas ist schiefgelaufen', retry: 'Erneut versuchen', fixFields: 'Bitte prüfen Sie die markierten Felder.',
  required: 'Pflichtfeld', invalidDate: 'Bitte ein Datum im Format TT.MM.JJJJ eingeben.',
  stageBoard: 'Pipeline', mainContact: 'Hauptansprechpartner', fromContract: 'aus Wartungsvertrag', emptyStage: 'Keine Projekte', moveTo: 'Phase',
  mine: 'Meine', open: 'Offen', done: 'Erledigt', markDone: 'Erledigt', reopen: 'Wieder öffnen', title: 'Titel', dueDate: 'Fällig am', assignee: 'Mitarbeiter',
  number: 'Nr.', emptyTasks: 'Keine Aufgaben in dieser Ansicht.', emptyOrders: 'Keine Aufträge in dieser Ansicht.',
  noNotifications: 'Keine Benachrichtigungen.', markRead: 'Als gelesen markieren', unread: 'ungelesen', allNotifications: 'Alle Benachrichtigungen',
  phone: 'Telefon', address: 'Adresse', emptyCustomers: 'Noch keine Kunden.', customerSaved: 'Kunde gespeichert.', newCustomerTitle: 'Neuer Kunde',
  contractLink: 'Wartungsvertrag', notFound: 'Diese Seite gibt es nicht.',
  editCustomerTitle: 'Kunde bearbeiten', deleteCustomerTitle: 'Kunde löschen?', customerDeleted: 'Kunde gelöscht.',
  deleteCustomerConfirm: 'wird gelöscht. Das kann nicht rückgängig gemacht werden.', cannotDelete: 'Nicht gelöscht',
  tabHistory: 'Verlauf', historyEmpty: 'Noch nichts ausgeführt: Hier erscheinen Aktionen und Erinnerungen, sobald sie fällig oder ausgelöst wurden.',
  historyLabel: 'Verlauf dieses Wartungsvertrags', moreHistory: 'Ältere laden', dueColumn: 'Fälligkeit', kind: 'Art', triggerCol: 'Auslöser', outcome: 'Ergebnis', reason: 'Grund',
  executedAt: 'Ausgeführt am', record: 'Angelegt',
  kind_action: 'Aktion', kind_reminder: 'Erinnerung',
  trigger_scheduler: 'Automatisch', trigger_manual: 'Manuell ausgelöst', trigger_catch_up: 'Nachgeholt',
  outcome_executed: 'Ausgeführt', outcome_skipped: 'Übersprungen', outcome_failed: 'Fehlgeschlagen',
  reason_inactive: 'Vertrag war inaktiv', reason_overdue: 'Fälligkeit schon vorbei',
  record_project: 'Projekt', record_task: 'Aufgabe', record_order: 'Auftrag', record_notification: 'Benachrichtigung',
  dragHint: 'Karten zwischen den Phasen ziehen oder die Phase an der Karte wählen.', movedTo: 'verschoben nach', moveFailed: 'Nicht verschoben',
  organisation: 'Organisation',
  settings: 'Einstellungen', apiTokens: 'API-Zugänge', newToken: '+ API-Zugang', newTokenTitle: 'Neuer API-Zugang',
  apiTokensIntro: 'Mit einem API-Zugang greifen Programme und Skripte im Namen eines Mitarbeiters auf turnus zu (Authorization: Bearer …).',
  emptyTokens: 'Noch keine API-Zugänge.', tokenLabel: 'Bezeichnung', tokenLabelHint: 'Wofür der Zugang ist, z. B. „Buchhaltung“ oder „Lager-Tablet“.',
  tokenDays: 'Gültig für (Tage)', tokenDaysHint: 'Leer lassen: gültig bis zum Widerruf. Sonst 1 bis 3650 Tage.',
  invalidDays: 'Bitte eine ganze Zahl von 1 bis 3650 eingeben.', createToken: 'Erstellen', noLabel: '(ohne Bezeichnung)',
  createdAt: 'Erstellt', lastUsed: 'Zuletzt verwendet', expires: 'Läuft ab', neverUsed: 'nie', noExpiry: 'unbefristet', expired: 'abgelaufen',
  tokenCreatedTitle: 'API-Zugang erstellt', tokenSecret: 'Schlüssel',
  tokenShownOnce: 'Dieser Schlüssel wird nur jetzt angezeigt. Kopieren Sie ihn und bewahren Sie ihn sicher auf – turnus speichert ihn nicht und kann ihn nicht noch einmal anzeigen.',
  copy: 'Kopieren', copied: 'In die Zwischenablage kopiert.', copyFailed: 'Kopieren nicht möglich – bitte den Schlüssel markieren und selbst kopieren.', finish: 'Fertig',
  revoke: 'Widerrufen', revokeTokenTitle: 'API-Zugang widerrufen?',
  revokeTokenConfirm: 'funktioniert danach sofort nicht mehr. Das kann nicht rückgängig gemacht werden.', tokenRevoked: 'API-Zugang widerrufen.',
};
type Dict = typeof de;
const en: Dict = {
  appName: 'turnus', email: 'E-mail', password: 'Password', login: 'Log in', logout: 'Log out',
  loginTitle: 'Welcome back', loginSub: 'Log in with your company account.', loginFailed: 'E-mail or password is wrong.',
  service: 'Customer service', contracts: 'Maintenance contracts', customers: 'Customers', projects: 'Projects', tasks: 'Tasks', orders: 'Orders',
  notifications: 'Notifications', language: 'Language', mainNav: 'Main navigation',
  newContract: '+ Maintenance contract', newCustomer: '+ Customer',
  name: 'Name', customerProject: 'Customer / project', interval: 'Interval', nextDue: 'Next due', action: 'Action',
  employee: 'Employee', status: 'Status', actions: 'Actions', customer: 'Customer', project: 'Project',
  active: 'Active', inactive: 'Inactive', archived: 'Archived', activeInactive: 'Active and inactive', all: 'All',
  edit: 'Edit', view: 'View', activate: 'Activate', deactivate: 'Deactivate', archive: 'Archive',
  search: 'Search', searchPh: 'Name or customer …', searchHint: 'Please enter at least 3 characters.',
  filterStatus: 'Status', filterCustomer: 'Customer', filterProject: 'Project', filterEmployee: 'Employee', filterAction: 'Action',
  filterInterval: 'Interval', filterDue: 'Due', anyOption: 'All', resetFilters: 'Reset filters',
  dueOverdue: 'Overdue', due7: 'Next 7 days', due30: 'Next 30 days', due90: 'Next 90 days',
  create_project: 'Create project', create_task: 'Create task', notify: 'Notification', create_order: 'Create order',
  year: 'yearly', month: 'monthly', week: 'weekly', day: 'days', fixed: 'fixed dates',
  everyN: 'every', unitYears: 'years', unitMonths: 'months', unitWeeks: 'weeks', unitDays: 'days',
  soonDue: 'due soon', overdue: 'overdue', none: '—',
  loading: 'Loading …', emptyContracts: 'No maintenance contracts yet', emptyContractsHint: 'Create your first one with “+ Maintenance contract”.',
  emptyFiltered: 'No maintenance contracts match these filters.',
  ofTotal: 'of', moreThan1000: 'more than 1,000', prev: 'Previous', next: 'Next', perPage: 'Per page', noMorePages: 'No more maintenance contracts.',
  dialogNew: 'New maintenance contract', dialogEdit: 'Edit maintenance contract', dialogView: 'Maintenance contract (archived)',
  tabGeneral: 'General', tabReminder: 'Reminder', tabDocuments: 'Documents',
  assignTo: 'Assigned to', assignCustomer: 'Customer', assignProject: 'Project', assignNone: 'Internal task',
  chooseCustomer: 'Search customer …', chooseProject: 'Search project …', noResults: 'No results',
  startDate: 'Start date', term: 'Term', termOpen: 'open-ended', termMonths: 'months', termYears: 'years',
  fixedDates: 'Dates', fixedDatesHint: 'Separate several dates with commas, e.g. 2027-03-15, 2027-09-15',
  datePh: 'YYYY-MM-DD', preview: 'Next 5 due dates', previewNone: 'No further due dates.', previewInvalid: 'Please enter a start date and an interval.',
  reminderShow: 'Show a reminder before the due date', daysBefore: 'days before', chooseEmployee: 'Choose employee …',
  actionHelp: {
    create_project: 'Creates a project in the pipeline stage “Neu - Erstkontakt”; the employee becomes its main contact.',
    create_task: 'Creates a task and assigns it to the employee.',
    notify: 'The employee gets a notification that an action is due.',
    create_order: 'Creates a work order and assigns it to the employee.',
  },
  save: 'Save', cancel: 'Cancel', close: 'Close', confirm: 'Confirm', saved: 'Maintenance contract saved.',
  trigger: 'Trigger action', triggerConfirm: 'The action for the next due date runs right now. Continue?',
  triggered: 'Action triggered', createdProject: 'Project created', createdTask: 'Task created', createdOrder: 'Order created', createdNotification: 'Notification sent',
  openRecord: 'Open', archiveConfirmTitle: 'Archive maintenance contract?',
  archiveConfirm: 'Archived maintenance contracts cannot be activated again. This cannot be undone.',
  archivedReadOnly: 'This maintenance contract is archived and can no longer be edited.',
  cannotReactivate: 'Archived maintenance contracts cannot be activated again.',
  docsUpload: 'Upload file', docsDrop: 'Drag files here or', docsEmpty: 'No documents yet.', docsPending: 'Uploaded when saved',
  download: 'Download', delete: 'Delete', deleteDocConfirm: 'Delete document?',
  errorTitle: 'Something went wrong', retry: 'Try again', fixFields: 'Please check the marked fields.',
  required: 'Required', invalidDate: 'Please enter a date as YYYY-MM-DD.',
  stageBoard: 'Pipeline', mainContact: 'Main contact', fromContract: 'from maintenance contract', emptyStage: 'No projects', moveTo: 'Stage',
  mine: 'Mine', open: 'Open', done: 'Done', markDone: 'Done', reopen: 'Reopen', title: 'Title', dueDate: 'Due', assignee: 'Employee',
  number: 'No.', emptyTasks: 'No tasks in this view.', emptyOrders: 'No orders in this view.',
  noNotifications: 'No notifications.', markRead: 'Mark as read', unread: 'unread', allNotifications: 'All notifications',
  phone: 'Phone', address: 'Address', emptyCustomers: 'No customers yet.', customerSaved: 'Customer saved.', newCustomerTitle: 'New customer',
  contractLink: 'Maintenance contract', notFound: 'There is no such page.',
  editCustomerTitle: 'Edit customer', deleteCustomerTitle: 'Delete customer?', customerDeleted: 'Customer deleted.',
  deleteCustomerConfirm: 'will be deleted. This cannot be undone.', cannotDelete: 'Not deleted',
  tabHistory: 'History', historyEmpty: 'Nothing executed yet: actions and reminders appear here once they fell due or were triggered.',
  historyLabel: 'History of this maintenance contract', moreHistory: 'Load older', dueColumn: 'Due date', kind: 'Kind', triggerCol: 'Trigger', outcome: 'Outcome', reason: 'Reason',
  executedAt: 'Executed at', record: 'Created',
  kind_action: 'Action', kind_reminder: 'Reminder',
  trigger_scheduler: 'Automatic', trigger_manual: 'Triggered manually', trigger_catch_up: 'Caught up',
  outcome_executed: 'Executed', outcome_skipped: 'Skipped', outcome_failed: 'Failed',
  reason_inactive: 'Contract was inactive', reason_overdue: 'Due date had passed',
  record_project: 'Project', record_task: 'Task', record_order: 'Order', record_notification: 'Notification',
  dragHint: 'Drag cards between stages or choose the stage on the card.', movedTo: 'moved to', moveFailed: 'Not moved',
  organisation: 'Organisation',
  settings: 'Settings', apiTokens: 'API access', newToken: '+ API access', newTokenTitle: 'New API access',
  apiTokensIntro: 'With API access, programs and scripts use turnus on behalf of an employee (Authorization: Bearer …).',
  emptyTokens: 'No API access yet.', tokenLabel: 'Label', tokenLabelHint: 'What the access is for, e.g. “Accounting” or “Warehouse tablet”.',
  tokenDays: 'Valid for (days)', tokenDaysHint: 'Leave empty: valid until revoked. Otherwise 1 to 3650 days.',
  invalidDays: 'Please enter a whole number from 1 to 3650.', createToken: 'Create', noLabel: '(no label)',
  createdAt: 'Created', lastUsed: 'Last used', expires: 'Expires', neverUsed: 'never', noExpiry: 'no expiry', expired: 'expired',
  tokenCreatedTitle: 'API access created', tokenSecret: 'Key',
  tokenShownOnce: 'This key is shown only now. Copy it and keep it safe – turnus does not store it and cannot show it again.',
  copy: 'Copy', copied: 'Copied to the clipboard.', copyFailed: 'Could not copy – please select the key and copy it yourself.', finish: 'Done',
  revoke: 'Revoke', revokeTokenTitle: 'Revoke API access?',
  revokeTokenConfirm: 'stops working at once. This cannot be undone.', tokenRevoked: 'API access revoked.',
};
const dicts: Record<Lang, Dict> = { de, en };
export type Key = { [K in keyof Dict]: Dict[K] extends string ? K : never }[keyof Dict];
export const t = (key: Key): string => dicts[current][key];
export const actionHelp = (type: string): string => dicts[current].actionHelp[type] ?? '';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "2027-03-15" → "15.03.2027" (de) or "15 Mar 2027" (en); "" for null.
export function formatDate(iso: string | null | undefined, l: Lang = current): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  return l === 'de' ? `${d}.${mo}.${y}` : `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}`;
}

// The value a date input shows: TT.MM.JJJJ (de), YYYY-MM-DD (en).
export function inputDate(iso: string | null | undefined, l: Lang = current): string {
  if (!iso) return '';
  if (l === 'en') return iso;
  return formatDate(iso, 'de');
}

// Accepts TT.MM.JJJJ (also T.M.JJJJ), YYYY-MM-DD and DD/MM/YYYY; returns ISO or null.
export function parseDateInput(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let r: RegExpExecArray | null;
  if ((r = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s)) || (r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) {
    d = Number(r[1]); m = Number(r[2]); y = Number(r[3]);
  } else if ((r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    y = Number(r[1]); m = Number(r[2]); d = Number(r[3]);
  } else return null;
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 9999) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// An RFC 3339 instant in the browser's time zone: "15.03.2027, 14:05" (de), "15 Mar 2027, 14:05" (en).
export function formatDateTime(instant: string | null | undefined, l: Lang = current): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(`${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`, l)}, ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatNumber(n: number): string { return n.toLocaleString(current === 'de' ? 'de-DE' : 'en-GB'); }

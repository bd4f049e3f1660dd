import { render } from 'preact';
import { api, employees, hasCsrf, startEarly } from './api';
import { App } from './app';
import { lang } from './i18n';
import { contractsEarlyKey, defaultFilters, listQuery } from './model';
import { todayIso } from './schedule';
import './styles.css';

document.documentElement.lang = lang();
// A returning user (CSRF token kept): ask for who is logged in, the contract list's first
// page and the employees at once instead of one after the other once the page renders.
if (hasCsrf()) {
  startEarly('me', () => api.get('/me'));
  if (/^\/(maintenance-contracts(\/.*)?)?$/.test(location.pathname)) {
    const query = listQuery(defaultFilters(), todayIso())!;
    startEarly(contractsEarlyKey(query), () => api.get('/maintenance-contracts', query));
  }
  employees().catch(() => {});
}
render(<App />, document.getElementById('app')!);

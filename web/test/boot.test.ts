import { describe, expect, it } from 'vitest';
import { contractsEarlyKey, defaultFilters, listQuery, nextPage, prevPage } from '../src/model';

describe('the list request started at boot', () => {
  it('has the key the list page asks for, whatever the order of the parameters', () => {
    const q = listQuery(defaultFilters(), '2027-01-01')!;
    const reversed = Object.fromEntries(Object.entries(q).reverse());
    expect(contractsEarlyKey(reversed)).toBe(contractsEarlyKey(q));
    expect(contractsEarlyKey(q)).toBe('contracts?page=1&per_page=50&sort=next_due_date&status=active,inactive');
    expect(contractsEarlyKey({ ...q, page: 2 })).not.toBe(contractsEarlyKey(q));
  });
  it('is the page 1 the list asks for after going forward and back again', () => {
    const back = prevPage(nextPage(defaultFilters(), 'c2'));
    expect(contractsEarlyKey(listQuery(back, '2027-01-01')!)).toBe(contractsEarlyKey(listQuery(defaultFilters(), '2027-01-01')!));
  });
});

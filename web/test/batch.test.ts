import { describe, expect, it } from 'vitest';
import { batchedLookup, NotFound } from '../src/batch';

describe('lookups by id', () => {
  it('sends the ids asked for in one task as one request, each once, and answers every caller', async () => {
    const requests: number[][] = [];
    const lookup = batchedLookup<{ id: number; name: string }>(async (ids) => {
      requests.push(ids);
      return ids.filter((id) => id !== 4).map((id) => ({ id, name: `n${id}` }));
    });
    const asked = [3, 1, 3, 4].map((id) => lookup(id).then((x) => x.name, (e) => e));
    const [a, b, c, d] = await Promise.all(asked);
    expect(requests).toEqual([[3, 1, 4]]);
    expect([a, b, c]).toEqual(['n3', 'n1', 'n3']);
    expect(d).toBeInstanceOf(NotFound);
    await lookup(7);
    expect(requests).toEqual([[3, 1, 4], [7]]);
  });

  it('splits more ids than a request takes, and a failed request fails only its own ids', async () => {
    const requests: number[][] = [];
    const lookup = batchedLookup<{ id: number }>(async (ids) => {
      requests.push(ids);
      if (ids.includes(1)) throw new Error('offline');
      return ids.map((id) => ({ id }));
    }, 2);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((id) => lookup(id)));
    expect(requests).toEqual([[1, 2], [3, 4], [5]]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
  });
});

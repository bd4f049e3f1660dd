// Lookups of single records by id, collected while the current task runs and sent as one
// request per up to `max` ids (`GET /customers?ids=3,17,5`): a page of 50 contracts costs one
// request for its customers' names instead of 50. Pure apart from `fetchMany`; no DOM.

export interface WithId { id: number }

export class NotFound extends Error {
  constructor(id: number) { super(`not found: ${id}`); }
}

export function batchedLookup<T extends WithId>(fetchMany: (ids: number[]) => Promise<T[]>, max = 200): (id: number) => Promise<T> {
  let pending = new Map<number, { resolve: (x: T) => void; reject: (e: unknown) => void }[]>();
  const flush = () => {
    const batch = pending;
    pending = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += max) {
      const chunk = ids.slice(i, i + max);
      fetchMany(chunk).then((found) => {
        const byId = new Map(found.map((x) => [x.id, x]));
        for (const id of chunk) {
          const x = byId.get(id);
          for (const w of batch.get(id)!) if (x) w.resolve(x); else w.reject(new NotFound(id));
        }
      }, (e) => { for (const id of chunk) for (const w of batch.get(id)!) w.reject(e); });
    }
  };
  return (id) => new Promise<T>((resolve, reject) => {
    if (pending.size === 0) queueMicrotask(flush);
    const waiting = pending.get(id) ?? [];
    waiting.push({ resolve, reject });
    pending.set(id, waiting);
  });
}

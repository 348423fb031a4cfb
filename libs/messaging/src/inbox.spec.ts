import type { Collection } from 'mongodb';
import { Inbox, type InboxEntry } from './inbox.js';

/** A collection that answers findOne slowly and records every filter and the most look-ups at once. */
function fakeInbox(stored: Set<string>) {
  const seenFilters: unknown[] = [];
  const load = { now: 0, max: 0 };
  const collection = {
    findOne: async (filter: { _id: string }) => {
      seenFilters.push(filter);
      load.now++;
      load.max = Math.max(load.max, load.now);
      await new Promise((r) => setTimeout(r, 2));
      load.now--;
      return stored.has(filter._id) ? { _id: filter._id } : null;
    },
    find: () => {
      throw new Error('a multi-document find scans the whole inbox on FerretDB');
    },
  } as unknown as Collection<InboxEntry>;
  return { collection, seenFilters, load };
}

describe('Inbox', () => {
  it('finds recorded ids with one bounded-parallel look-up per id, by _id alone', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `g:e-${i}`);
    const { collection, seenFilters, load } = fakeInbox(new Set(['g:e-3', 'g:e-49']));
    const seen = await new Inbox(collection, 8).seen(keys);
    expect([...seen].sort()).toEqual(['g:e-3', 'g:e-49']);
    expect(seenFilters).toHaveLength(50);
    expect(seenFilters.every((f) => Object.keys(f as object).join() === '_id')).toBe(true);
    expect(load.max).toBe(8);
  });

  it('asks nothing for an empty batch', async () => {
    const { collection, seenFilters } = fakeInbox(new Set());
    expect((await new Inbox(collection).seen([])).size).toBe(0);
    expect(seenFilters).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { WritableStore } from './store.js';

describe('store', () => {
  it('notifies on change only, with the new snapshot, until unsubscribed', () => {
    const store = new WritableStore({ n: 0 });
    const seen: number[] = [];
    const unsubscribe = store.subscribe((v) => seen.push(v.n));
    const same = store.getSnapshot();
    store.set(same);
    store.set({ n: 1 });
    store.update((v) => ({ n: v.n + 1 }));
    unsubscribe();
    store.set({ n: 3 });
    expect(seen).toEqual([1, 2]);
    expect(store.getSnapshot().n).toBe(3);
  });
});

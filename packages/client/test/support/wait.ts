import type { ReadableStore } from '../../src/index.js';

/** Resolves with the first snapshot that satisfies `predicate` (now or later); rejects after `timeoutMs`. */
export function waitFor<T>(store: ReadableStore<T>, predicate: (value: T) => boolean, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  return new Promise((resolve, reject) => {
    const current = store.getSnapshot();
    if (predicate(current)) {
      resolve(current);
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(store.getSnapshot()).slice(0, 2000)}`));
    }, timeoutMs);
    const unsubscribe = store.subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

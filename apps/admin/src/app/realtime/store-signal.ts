import type { WritableSignal } from '@angular/core';
import type { ReadableStore } from '@parley/client';

/**
 * Copies every snapshot of an SDK store into `target` and returns the unsubscribe function.
 * Snapshots are immutable and new on each change, so the signal's `===` check is exact.
 */
export function bindStore<T>(store: ReadableStore<T>, target: WritableSignal<T>): () => void {
  target.set(store.getSnapshot());
  return store.subscribe((value) => target.set(value));
}

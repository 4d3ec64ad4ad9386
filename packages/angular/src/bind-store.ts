/** The one bridge between the SDK's stores and Angular signals. */
import type { ReadableStore } from '@parley/client';

/**
 * Keeps `target` (a writable signal) equal to an SDK store: sets it now and on every change,
 * and returns the unsubscribe function. Snapshots are immutable and new on each change, so the
 * signal's `===` check is an exact change test; and a signal write schedules change detection
 * by itself, wherever the store's listener was called from (socket, timer, fetch) — zoneless-safe.
 * @example
 * const status = signal<ConnectionStatus>({ state: 'connecting' });
 * const stop = bindStore(client.status, status);
 */
export function bindStore<T>(store: ReadableStore<T>, target: { set(value: T): void }): () => void {
  target.set(store.getSnapshot());
  return store.subscribe((value) => target.set(value));
}

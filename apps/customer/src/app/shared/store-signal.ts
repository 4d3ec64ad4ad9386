import { DestroyRef, inject, type Signal, signal } from '@angular/core';
import type { ReadableStore } from '@parley/client';

/**
 * Keeps a writable signal equal to an SDK store: sets it now and on every
 * change. Returns the unsubscribe function. The one bridge between SDK stores
 * and Angular signals (sessions, conversations, pages all use it).
 */
export function bindStore<T>(store: ReadableStore<T>, target: { set(value: T): void }): () => void {
  target.set(store.getSnapshot());
  return store.subscribe((value) => target.set(value));
}

/**
 * A read-only signal that follows an SDK store. The subscription ends with the
 * injection context that created it (a page, or the app for root services).
 */
export function storeSignal<T>(store: ReadableStore<T>, destroyRef: DestroyRef = inject(DestroyRef)): Signal<T> {
  const value = signal(store.getSnapshot());
  destroyRef.onDestroy(bindStore(store, value));
  return value.asReadonly();
}

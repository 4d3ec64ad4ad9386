import { DestroyRef, inject, signal, type Signal, type WritableSignal } from '@angular/core';
import type { ReadableStore } from '@parley/client';

/**
 * Copies every snapshot of an SDK store into `target` and returns the unsubscribe function.
 * Snapshots are immutable and new on each change, so the signal's `===` check is exact.
 */
export function bindStore<T>(store: ReadableStore<T>, target: WritableSignal<T>): () => void {
  target.set(store.getSnapshot());
  return store.subscribe((value) => target.set(value));
}

/**
 * A read-only signal that follows an SDK store until `destroyRef` (by default the current
 * component's or service's) is destroyed. Call in an injection context unless you pass one.
 */
export function storeSignal<T>(store: ReadableStore<T>, destroyRef: DestroyRef = inject(DestroyRef)): Signal<T> {
  const value = signal(store.getSnapshot());
  destroyRef.onDestroy(store.subscribe((next) => value.set(next)));
  return value.asReadonly();
}

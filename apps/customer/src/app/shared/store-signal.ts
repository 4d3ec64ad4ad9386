import { DestroyRef, inject, type Signal, signal } from '@angular/core';
import type { ReadableStore } from '@parley/client';

/**
 * A read-only signal that follows an SDK store. The subscription ends with the
 * injection context that created it (a page, or the app for root services).
 */
export function storeSignal<T>(store: ReadableStore<T>, destroyRef: DestroyRef = inject(DestroyRef)): Signal<T> {
  const value = signal(store.getSnapshot());
  const unsubscribe = store.subscribe((next) => value.set(next));
  destroyRef.onDestroy(unsubscribe);
  return value.asReadonly();
}

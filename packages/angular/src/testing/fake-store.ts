/** A ReadableStore a test drives by hand. */
import type { ReadableStore } from '@parley/client';

/**
 * Stands in for an SDK store: `set()` pushes a value to the listeners as the SDK does on a
 * socket event, and `listenerCount` shows whether the app unsubscribed.
 * @example
 * const status = new FakeStore<ConnectionStatus>({ state: 'connecting' });
 * status.set({ state: 'online' });
 */
export class FakeStore<T> implements ReadableStore<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private value: T) {}

  getSnapshot(): T {
    return this.value;
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(value: T): void {
    this.value = value;
    for (const listener of this.listeners) listener(value);
  }

  /** Subscriptions not yet ended. */
  get listenerCount(): number {
    return this.listeners.size;
  }
}

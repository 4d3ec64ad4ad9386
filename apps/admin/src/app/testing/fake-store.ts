import type { ReadableStore } from '@parley/client';

/** A ReadableStore a test can push values into, like the SDK's stores do on socket events. */
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

  get listenerCount(): number {
    return this.listeners.size;
  }
}

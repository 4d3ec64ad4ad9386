/**
 * A tiny observable value. UIs wrap it in a few lines (an Angular signal, a
 * React `useSyncExternalStore`, a Svelte store) because it has the shape they
 * all share: read the current snapshot, be told when it changes.
 */
export interface ReadableStore<T> {
  /** The current value. Immutable; a new object every time something changes, so `===` tells "changed". */
  getSnapshot(): T;
  /** Calls listener on every change (not immediately). Returns unsubscribe. */
  subscribe(listener: (value: T) => void): () => void;
}

/** A store the SDK itself writes to; only the {@link ReadableStore} side is handed to apps. */
export class WritableStore<T> implements ReadableStore<T> {
  #value: T;
  readonly #listeners = new Set<(value: T) => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  getSnapshot(): T {
    return this.#value;
  }

  subscribe(listener: (value: T) => void): () => void {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Replaces the value and notifies, unless it is the very same object. */
  set(value: T): void {
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One broken listener must not stop the others (or the SDK) from seeing the change.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  update(fn: (value: T) => T): void {
    this.set(fn(this.#value));
  }
}

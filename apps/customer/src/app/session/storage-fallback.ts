/**
 * Keeps the app working where the browser refuses it storage: a third-party
 * iframe (the chat widget) in a private window or a browser that blocks
 * third-party storage throws on the first touch of `localStorage` or
 * `sessionStorage`. Each refused one is replaced, for this page's life, by an
 * in-memory Storage, so the customer can chat; in the widget, storage-relay.ts
 * then keeps its content in the host page's own storage, so the visitor is
 * still remembered from one page of the site to the next.
 */

/** A Storage held in memory; `onChange` hears every write (the widget relay mirrors them to the host page). */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  onChange: ((key: string, value: string | null) => void) | null = null;

  get length(): number {
    return this.#items.size;
  }

  clear(): void {
    const keys = [...this.#items.keys()];
    this.#items.clear();
    for (const key of keys) this.onChange?.(key, null);
  }

  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    if (this.#items.delete(key)) this.onChange?.(key, null);
  }

  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
    this.onChange?.(key, String(value));
  }

  /** Fills the storage without reporting the writes (values handed back by the host page). */
  load(entries: Record<string, string>): void {
    for (const [key, value] of Object.entries(entries)) if (typeof value === 'string') this.#items.set(key, value);
  }
}

/**
 * Replaces each of `localStorage` and `sessionStorage` that `target` refuses by a {@link MemoryStorage}.
 * Returns the names replaced. Call before anything reads storage (main.ts).
 */
export function installStorageFallback(target: Window = window): Array<'localStorage' | 'sessionStorage'> {
  const replaced: Array<'localStorage' | 'sessionStorage'> = [];
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    try {
      void target[name].length;
    } catch {
      Object.defineProperty(target, name, { value: new MemoryStorage(), configurable: true });
      replaced.push(name);
    }
  }
  return replaced;
}

/**
 * Where the outbox (and anything else the SDK must keep across a reload)
 * lives. Sync or async, so localStorage, IndexedDB wrappers and React Native's
 * AsyncStorage all fit.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
  /**
   * Optional: calls `listener` when `key` may have been changed by someone else sharing this storage (another tab
   * of the same site); returns how to stop. The outbox uses it to take over what another tab left unsent.
   */
  watch?(key: string, listener: () => void): () => void;
}

/**
 * Storage that lives as long as the page/process: the default, and what tests use. Whoever shares one (two
 * outboxes in a test, like two tabs) is told of every change through `watch`, a moment after it.
 */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  const watchers = new Map<string, Set<() => void>>();
  const changed = (key: string) => {
    for (const listener of watchers.get(key) ?? []) queueMicrotask(listener);
  };
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
      changed(key);
    },
    removeItem: (key) => {
      items.delete(key);
      changed(key);
    },
    watch: (key, listener) => {
      const set = watchers.get(key) ?? new Set();
      watchers.set(key, set.add(listener));
      return () => set.delete(listener);
    },
  };
}

/**
 * localStorage-backed storage, keys prefixed so several apps on one origin do
 * not collide. Falls back to memory where localStorage is missing or refused
 * (Node, Safari private mode, storage quota): losing persistence beats failing
 * to send. Once a key's write failed, that key is read from memory, never from
 * the stale value localStorage still holds.
 */
export function browserStorage(prefix = 'parley:'): KeyValueStorage {
  const local = (globalThis as { localStorage?: Storage }).localStorage;
  if (!local) return memoryStorage();
  const fallback = memoryStorage();
  /** Keys whose latest value lives in `fallback`. */
  const inMemory = new Set<string>();
  return {
    getItem: (key) => {
      if (inMemory.has(key)) return fallback.getItem(key);
      try {
        return local.getItem(prefix + key);
      } catch {
        return fallback.getItem(key);
      }
    },
    setItem: (key, value) => {
      try {
        local.setItem(prefix + key, value);
        inMemory.delete(key);
        void fallback.removeItem(key);
      } catch {
        inMemory.add(key);
        void fallback.setItem(key, value);
        // Removing usually works even over quota: then a reload does not resurrect the stale value either.
        try {
          local.removeItem(prefix + key);
        } catch {
          // Storage refused entirely (private mode): memory is all there is.
        }
      }
    },
    removeItem: (key) => {
      inMemory.delete(key);
      void fallback.removeItem(key);
      try {
        local.removeItem(prefix + key);
      } catch {
        // Nothing stored there to remove.
      }
    },
    // The browser's `storage` event fires in the site's other tabs when one of them changes localStorage.
    watch: (key, listener) => {
      const target = globalThis as { addEventListener?: typeof addEventListener; removeEventListener?: typeof removeEventListener };
      if (!target.addEventListener || !target.removeEventListener) return () => undefined;
      const onStorage = (event: Event) => {
        const changed = (event as StorageEvent).key;
        if (changed === null || changed === prefix + key) listener();
      };
      target.addEventListener('storage', onStorage);
      return () => target.removeEventListener!('storage', onStorage);
    },
  };
}

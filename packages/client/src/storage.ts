/**
 * Where the outbox (and anything else the SDK must keep across a reload)
 * lives. Sync or async, so localStorage, IndexedDB wrappers and React Native's
 * AsyncStorage all fit.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** Storage that lives as long as the page/process: the default, and what tests use. */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
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
  };
}

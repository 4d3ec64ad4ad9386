/**
 * When the app runs in the chat widget's iframe and the browser refused it
 * storage (storage-fallback.ts), the widget keeps that storage for it in the
 * host page's own storage: the widget's first `parley:hello` carries what it
 * kept (`store: { local, session }`), and every write the app makes is sent
 * back as `parley:store { area, key, value }` to that page's origin. So a
 * visitor stays the same visitor across the host site's pages, as they would
 * with the app's own storage.
 *
 * What this hands the host page: the visitor's session (token, resume key) in
 * its storage, readable by its scripts — the site the visitor is on, which
 * could as well show a chat of its own (docs/security.md).
 */
import type { MemoryStorage } from './storage-fallback';

type Area = 'local' | 'session';

interface Hello {
  type: 'parley:hello';
  store?: Partial<Record<Area, Record<string, string>>>;
}

/**
 * Waits (at most `timeoutMs`) for the host page's hello, fills the replaced storages with what it kept, and
 * mirrors every later write to it. Resolves either way: without an answer the app starts with empty storage.
 */
export function relayStorageThroughParent(
  storages: Partial<Record<Area, MemoryStorage>>,
  timeoutMs = 2000,
  parent: Window = window.parent,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('message', listen);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const listen = (event: MessageEvent) => {
      const hello = event.data as Hello | null;
      if (event.source !== parent || hello?.type !== 'parley:hello') return;
      const origin = event.origin;
      for (const area of ['local', 'session'] as const) {
        const storage = storages[area];
        if (!storage) continue;
        storage.load(hello.store?.[area] ?? {});
        storage.onChange = (key, value) => parent.postMessage({ type: 'parley:store', area, key, value }, origin);
      }
      done();
    };
    window.addEventListener('message', listen);
  });
}

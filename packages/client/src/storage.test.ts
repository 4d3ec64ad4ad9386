import { afterEach, describe, expect, it } from 'vitest';
import { browserStorage } from './storage.js';

/** A localStorage that can be made to refuse writes (quota) or everything (Safari private mode, disabled storage). */
function fakeLocalStorage() {
  const items = new Map<string, string>();
  const mode = { quota: false, refuse: false };
  const guard = () => {
    if (mode.refuse) throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  const local = {
    getItem: (k: string) => (guard(), items.get(k) ?? null),
    setItem: (k: string, v: string) => {
      guard();
      if (mode.quota) throw new DOMException('quota', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => (guard(), void items.delete(k)),
  };
  (globalThis as { localStorage?: unknown }).localStorage = local;
  return { items, mode };
}

afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('browserStorage', () => {
  it("hears another tab's change of its key through the browser's storage event, and stops when told", () => {
    fakeLocalStorage();
    const window = new EventTarget();
    const g = globalThis as { addEventListener?: unknown; removeEventListener?: unknown };
    g.addEventListener = window.addEventListener.bind(window);
    g.removeEventListener = window.removeEventListener.bind(window);
    try {
      const heard: string[] = [];
      const stop = browserStorage('parley:').watch!('outbox', () => heard.push('outbox'));
      const storageEvent = (key: string | null) => Object.assign(new Event('storage'), { key });
      window.dispatchEvent(storageEvent('parley:outbox'));
      window.dispatchEvent(storageEvent('parley:other'));
      window.dispatchEvent(storageEvent('shop:outbox'));
      // localStorage.clear() in another tab: key null.
      window.dispatchEvent(storageEvent(null));
      stop();
      window.dispatchEvent(storageEvent('parley:outbox'));
      expect(heard).toEqual(['outbox', 'outbox']);
    } finally {
      delete g.addEventListener;
      delete g.removeEventListener;
    }
  });

  it('stores under the prefix in localStorage', () => {
    const { items } = fakeLocalStorage();
    const storage = browserStorage('app:');
    storage.setItem('outbox', '[1]');
    expect(items.get('app:outbox')).toBe('[1]');
    expect(storage.getItem('outbox')).toBe('[1]');
    storage.removeItem('outbox');
    expect(items.has('app:outbox')).toBe(false);
  });

  it('after a write over quota, reads the newer value from memory, not the stale one', () => {
    const { items, mode } = fakeLocalStorage();
    const storage = browserStorage();
    storage.setItem('outbox', 'old');
    mode.quota = true;
    storage.setItem('outbox', 'new');
    expect(storage.getItem('outbox')).toBe('new');
    // The stale copy is gone too, so a reload cannot bring it back.
    expect(items.has('parley:outbox')).toBe(false);
    mode.quota = false;
    storage.setItem('outbox', 'newest');
    expect(items.get('parley:outbox')).toBe('newest');
    expect(storage.getItem('outbox')).toBe('newest');
  });

  it('keeps working in memory where localStorage refuses everything (private mode)', () => {
    const { mode } = fakeLocalStorage();
    mode.refuse = true;
    const storage = browserStorage();
    storage.setItem('outbox', 'kept');
    expect(storage.getItem('outbox')).toBe('kept');
    storage.removeItem('outbox');
    expect(storage.getItem('outbox')).toBeNull();
  });

  it('is plain memory where there is no localStorage (Node)', () => {
    const storage = browserStorage();
    storage.setItem('a', '1');
    expect(storage.getItem('a')).toBe('1');
  });
});

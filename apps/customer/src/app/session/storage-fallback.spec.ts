import { describe, expect, it } from 'vitest';
import { installStorageFallback, MemoryStorage } from './storage-fallback';

describe('storage fallback', () => {
  it('replaces only the storage the browser refuses, with one that keeps values for the page', () => {
    const target = {} as Window;
    Object.defineProperty(target, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
      },
    });
    const session = new MemoryStorage();
    Object.defineProperty(target, 'sessionStorage', { configurable: true, value: session });
    expect(installStorageFallback(target)).toEqual(['localStorage']);
    target.localStorage.setItem('k', 'v');
    expect(target.localStorage.getItem('k')).toBe('v');
    expect(target.localStorage.key(0)).toBe('k');
    expect(target.localStorage.length).toBe(1);
    expect(target.sessionStorage).toBe(session);
  });
});

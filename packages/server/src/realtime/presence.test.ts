import { describe, expect, it } from 'vitest';
import { InMemoryPresence } from './presence.js';

describe('InMemoryPresence', () => {
  it('is online from the first socket to the last, and reports only changes', () => {
    const p = new InMemoryPresence();
    expect(p.status('a')).toBe('offline');
    expect(p.connected('a')).toBe('online');
    expect(p.connected('a')).toBeNull();
    expect(p.disconnected('a')).toBeNull();
    expect(p.status('a')).toBe('online');
    expect(p.disconnected('a')).toBe('offline');
    expect(p.status('a')).toBe('offline');
  });

  it('goes away and back only while connected', () => {
    const p = new InMemoryPresence();
    expect(p.set('a', 'away')).toBeNull();
    p.connected('a');
    expect(p.set('a', 'away')).toBe('away');
    expect(p.set('a', 'away')).toBeNull();
    expect(p.status('a')).toBe('away');
    expect(p.set('a', 'online')).toBe('online');
  });
});

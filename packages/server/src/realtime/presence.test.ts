import type { PresenceStatus } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { DomainEvents } from '../domain/domain-events.js';
import { InMemoryPresence } from './presence.js';

function tracked() {
  const events = new DomainEvents();
  const changes: Array<[string, PresenceStatus]> = [];
  events.on('presence:changed', ({ agentId, status }) => changes.push([agentId, status]));
  return { presence: new InMemoryPresence(events), changes };
}

describe('InMemoryPresence', () => {
  it('is online from the first socket to the last, and announces only changes', async () => {
    const { presence: p, changes } = tracked();
    expect(await p.status('a')).toBe('offline');
    await p.connected('a');
    await p.connected('a');
    await p.disconnected('a');
    expect(await p.status('a')).toBe('online');
    expect(changes).toEqual([['a', 'online']]);
    await p.disconnected('a');
    expect(await p.status('a')).toBe('offline');
    expect(changes).toEqual([['a', 'online'], ['a', 'offline']]);
  });

  it('goes away and back only while connected', async () => {
    const { presence: p, changes } = tracked();
    await p.set('a', 'away');
    expect(changes).toEqual([]);
    await p.connected('a');
    await p.set('a', 'away');
    await p.set('a', 'away');
    expect(await p.statuses(['a', 'b'])).toEqual(new Map([['a', 'away'], ['b', 'offline']]));
    await p.set('a', 'online');
    expect(changes).toEqual([['a', 'online'], ['a', 'away'], ['a', 'online']]);
  });
});

import type { UserRef } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { burstyLimiter } from '../rate-limits/rate-limiter.js';
import type { Namespaces } from './namespaces.js';
import { TYPING_COALESCE_MS, TypingRelay } from './typing-relay.js';

const ann: UserRef = { id: 'a1', role: 'agent', name: 'Ann' };
const cleo: UserRef = { id: 'c1', role: 'customer', name: 'Cleo' };
const QUERY = 'q1';
const ROOM = `query:${QUERY}`;

/** Records what each namespace would relay, and where. */
function harness(limit = 0) {
  const relayed: Array<{ nsp: string; room: string; typing: boolean; user: string }> = [];
  const accessed: string[] = [];
  const nsp = (name: string) => ({
    to: (room: string) => ({
      except: () => ({
        volatile: { emit: (_event: string, e: { typing: boolean; user: UserRef }) => relayed.push({ nsp: name, room, typing: e.typing, user: e.user.id }) },
      }),
    }),
  });
  let now = 0;
  const relay = new TypingRelay({
    nsps: { chat: nsp('chat'), admin: nsp('admin') } as unknown as Namespaces,
    limiter: burstyLimiter(limit, 'typing'),
    access: async (user, queryId) => {
      accessed.push(user.id);
      if (queryId !== QUERY) throw new AppError('not_found', 'query not found');
    },
    now: () => now,
  });
  const joined = { id: 's1', rooms: new Set([ROOM]) };
  const outside = { id: 's2', rooms: new Set<string>() };
  return { relay, relayed, accessed, joined, outside, advance: (ms: number) => (now += ms) };
}

describe('TypingRelay', () => {
  it('relays a user’s typing once per state per second, however many sockets repeat it', async () => {
    const h = harness();
    for (let i = 0; i < 50; i++) await h.relay.typing(i % 2 ? h.joined : { ...h.joined, id: 's3' }, cleo, { queryId: QUERY, typing: true });
    expect(h.relayed.filter((r) => r.nsp === 'admin')).toHaveLength(1);
    await h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: false });
    h.advance(TYPING_COALESCE_MS - 1);
    await h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: false });
    h.advance(1);
    await h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: true });
    expect(h.relayed.filter((r) => r.nsp === 'admin').map((r) => r.typing)).toEqual([true, false, true]);
    // Another user's typing is their own.
    await h.relay.typing(h.joined, ann, { queryId: QUERY, typing: true });
    expect(h.relayed.filter((r) => r.nsp === 'admin').map((r) => r.user)).toEqual(['c1', 'c1', 'c1', 'a1']);
  });

  it('looks up access only for a socket outside the query’s room', async () => {
    const h = harness();
    await h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: true });
    expect(h.accessed).toEqual([]);
    await h.relay.typing(h.outside, ann, { queryId: QUERY, typing: true });
    expect(h.accessed).toEqual(['a1']);
    await expect(h.relay.typing(h.outside, ann, { queryId: 'elsewhere', typing: true })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps internal typing among agents and refuses it from customers', async () => {
    const h = harness();
    await h.relay.typing(h.joined, ann, { queryId: QUERY, typing: true, internal: true });
    expect(h.relayed.map((r) => r.nsp)).toEqual(['admin']);
    await expect(h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: true, internal: true })).rejects.toMatchObject({ code: 'forbidden' });
    // A note's typing does not coalesce with public typing.
    await h.relay.typing(h.joined, ann, { queryId: QUERY, typing: true });
    expect(h.relayed.map((r) => r.nsp)).toEqual(['admin', 'chat', 'admin']);
  });

  it('spends the user’s typing allowance only on what it relays', async () => {
    const h = harness(1);
    for (let i = 0; i < 20; i++) await h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: true });
    await h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: false });
    // 1 per second with a burst of 2: both relays passed; a third change within the second is refused.
    await expect(h.relay.typing(h.joined, cleo, { queryId: QUERY, typing: true })).rejects.toMatchObject({ code: 'rate_limited' });
    expect(h.relayed.filter((r) => r.nsp === 'chat').map((r) => r.typing)).toEqual([true, false]);
  });
});

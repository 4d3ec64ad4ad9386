/**
 * How a conversation recovers what the network lost: join acks that never come,
 * receipts lost with the link, a last message only query:updated reveals,
 * REST errors during a gap fetch, and its interplay with joins in flight.
 */
import type { Ack, Message, Query, UserRef } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../errors.js';
import { Outbox } from '../outbox/outbox.js';
import { memoryStorage } from '../storage.js';
import { ConversationImpl, type ConversationHost } from './conversation.js';

const QUERY_ID = '00000000-0000-4000-8000-000000000001';
const customer: UserRef = { id: 'customer-1', role: 'customer', name: 'Ada' };
const agent: UserRef = { id: 'agent-1', role: 'agent', name: 'Bob' };

const msg = (seq: number, internal = false): Message => ({
  id: `m${seq}${internal ? 'n' : ''}`, queryId: QUERY_ID, seq, clientId: `c${seq}${internal ? 'n' : ''}`, author: agent,
  body: `#${seq}`, internal, attachments: [], createdAt: 'now',
});
const query = (lastSeq: number, extra: Partial<Query> = {}): Query => ({
  id: QUERY_ID, subject: 's', status: 'open', customer: { id: customer.id, name: customer.name }, assignee: null,
  lastSeq, lastNoteSeq: 0, lastMessage: null, customerReadSeq: 0, agentReadSeq: 0, waitingSince: null,
  rating: null, createdAt: 'then', updatedAt: new Date(1_000 + lastSeq).toISOString(), ...extra,
});

type JoinAck = Ack<{ query: Query; messages: Message[]; hasMore: boolean; notes?: Message[]; hasMoreNotes?: boolean }>;

/** A host whose answers the test scripts: join acks in order (null = lost), every other ack ok. */
function scriptedHost(user: UserRef, history: Message[], joinAcks: Array<JoinAck | null | Promise<JoinAck | null>>) {
  const emitted: Array<{ event: string; payload: Record<string, unknown> }> = [];
  const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport: { send: () => new Promise(() => undefined) }, stored: { handleMessage: () => undefined } });
  let readAcks: Array<Ack<object> | null> = [];
  const listMessages = vi.fn(async (_id: string, p: { after?: number; before?: number; limit?: number; internal?: boolean }) =>
    history
      .filter((m) => m.internal === (p.internal ?? false))
      .filter((m) => (p.after === undefined || m.seq > p.after) && (p.before === undefined || m.seq < p.before))
      .slice(p.before !== undefined ? -(p.limit ?? 50) : 0)
      .slice(0, p.limit ?? 50),
  );
  const host: ConversationHost = {
    user,
    kind: user.role === 'customer' ? 'customer' : 'agent',
    outbox,
    link: {
      online: true,
      request: async (event, payload) => {
        emitted.push({ event, payload: payload as Record<string, unknown> });
        if (event === 'query:join') return (await joinAcks.shift()) as never;
        if (event === 'message:read') return (readAcks.length > 0 ? readAcks.shift() : { ok: true }) as never;
        return { ok: true } as never;
      },
      notify: (event, payload) => void emitted.push({ event, payload: payload as Record<string, unknown> }),
    },
    history: { listMessages },
    onLeave: () => undefined,
  };
  return { host, emitted, listMessages, outbox, loseNextReads: (n: number) => (readAcks = Array.from({ length: n }, () => null)) };
}

const seqs = (c: ConversationImpl, stream: 'messages' | 'notes' = 'messages') => c.state.getSnapshot()[stream].map((m) => m.seq);
const joins = (emitted: Array<{ event: string }>) => emitted.filter((e) => e.event === 'query:join').length;

afterEach(() => {
  vi.useRealTimers();
});

describe('conversation resume', () => {
  it('retries a join whose ack never came while the socket stayed up', async () => {
    vi.useFakeTimers();
    const history = [msg(1), msg(2)];
    const { host, emitted } = scriptedHost(customer, history, [null, { ok: true, query: query(2), messages: history, hasMore: false }]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    expect(conversation.state.getSnapshot()).toMatchObject({ joined: false, messages: [] });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(joins(emitted)).toBe(2);
    expect(conversation.state.getSnapshot().joined).toBe(true);
    expect(seqs(conversation)).toEqual([1, 2]);
  });

  it('does not retry a lost join once the socket is gone (the reconnect re-joins)', async () => {
    vi.useFakeTimers();
    let answer!: (ack: null) => void;
    const { host, emitted } = scriptedHost(customer, [], [new Promise((resolve) => (answer = resolve))]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    const joining = conversation.join();
    conversation.handleOffline();
    answer(null);
    await joining;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(joins(emitted)).toBe(1);
  });

  it('sends a read receipt again on the next join when the server never got it', async () => {
    const history = [msg(1), msg(2)];
    const ack = (readSeq: number): JoinAck => ({ ok: true, query: query(2, { customerReadSeq: readSeq }), messages: history, hasMore: false });
    const { host, emitted, loseNextReads } = scriptedHost(customer, history, [ack(0), ack(0)]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    loseNextReads(1);
    conversation.markRead();
    await Promise.resolve();
    conversation.handleOffline();
    await conversation.join();
    const reads = emitted.filter((e) => e.event === 'message:read').map((e) => e.payload['seq']);
    expect(reads).toEqual([2, 2]);
  });

  it('sends a receipt that timed out again at the next markRead, without waiting for a join', async () => {
    const history = [msg(1), msg(2)];
    const { host, emitted, loseNextReads } = scriptedHost(customer, history, [{ ok: true, query: query(2), messages: history, hasMore: false }]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    loseNextReads(1);
    conversation.markRead();
    await Promise.resolve();
    await Promise.resolve();
    conversation.markRead();
    const reads = emitted.filter((e) => e.event === 'message:read').map((e) => e.payload['seq']);
    expect(reads).toEqual([2, 2]);
    // Acked this time: nothing more to send.
    await Promise.resolve();
    conversation.markRead();
    expect(emitted.filter((e) => e.event === 'message:read')).toHaveLength(2);
  });

  it("drops a stream the server's history no longer reaches and joins again without it (history reset)", async () => {
    const before = [1, 2, 3, 4, 5].map((seq) => msg(seq));
    // After a restore from an older backup the server has seq 1..3 (the third one new) and will number on from there.
    const after = [msg(1), msg(2), { ...msg(3), id: 'm3-after-restore', body: 'new #3' }];
    const reset = `afterSeq 5 is past the last one the server has (3): its history was reset; drop what you hold and join without it`;
    const { host, emitted, listMessages } = scriptedHost(customer, after, [
      { ok: true, query: query(5), messages: before, hasMore: false },
      { ok: false, error: { code: 'invalid_payload', message: reset, issues: [{ path: 'afterSeq', message: reset }] } },
      { ok: true, query: query(3), messages: after, hasMore: false },
    ]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    expect(seqs(conversation)).toEqual([1, 2, 3, 4, 5]);
    conversation.markRead();
    conversation.handleOffline();
    await conversation.join();
    const payloads = emitted.filter((e) => e.event === 'query:join').map((e) => e.payload);
    expect(payloads.map((p) => p['afterSeq'])).toEqual([undefined, 5, undefined]);
    expect(conversation.state.getSnapshot()).toMatchObject({ joined: true });
    expect(conversation.state.getSnapshot().error).toBeUndefined();
    expect(conversation.state.getSnapshot().messages.map((m) => m.body)).toEqual(['#1', '#2', 'new #3']);
    // Nothing is fetched for the seqs the server no longer has (the old #4 and #5).
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(listMessages).not.toHaveBeenCalled();
    // The server's next message, seq 4, is shown: not taken for the old #4.
    conversation.handleMessage({ ...msg(4), id: 'm4-after-restore', body: 'new #4' });
    expect(conversation.state.getSnapshot().messages.map((m) => m.body)).toEqual(['#1', '#2', 'new #3', 'new #4']);
    // What was read before the reset (up to the old #5) does not swallow the receipt for the new #4.
    conversation.markRead();
    expect(emitted.filter((e) => e.event === 'message:read').map((e) => e.payload['seq'])).toEqual([5, 4]);
  });

  it('any other invalid_payload on a join is final, as before', async () => {
    const { host, emitted } = scriptedHost(customer, [], [
      { ok: false, error: { code: 'invalid_payload', message: 'queryId: Invalid UUID', issues: [{ path: 'queryId', message: 'Invalid UUID' }] } },
    ]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    expect(joins(emitted)).toBe(1);
    expect(conversation.state.getSnapshot().error).toMatchObject({ code: 'invalid_payload' });
  });

  it('lowers the sent cursor to the server’s when an acked receipt was lost on the server side', async () => {
    const history = [msg(1), msg(2)];
    const ack = (readSeq: number): JoinAck => ({ ok: true, query: query(2, { customerReadSeq: readSeq }), messages: history, hasMore: false });
    const { host, emitted } = scriptedHost(customer, history, [ack(0), ack(1), ack(2)]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.markRead();
    conversation.handleOffline();
    await conversation.join();
    conversation.handleOffline();
    await conversation.join();
    expect(emitted.filter((e) => e.event === 'message:read').map((e) => e.payload['seq'])).toEqual([2, 2]);
  });

  it('catches up to query.lastSeq from query:updated when the last message:new was lost', async () => {
    const history = [msg(1), msg(2), msg(3)];
    const { host, listMessages } = scriptedHost(customer, history, [{ ok: true, query: query(1), messages: [msg(1)], hasMore: false }]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.handleQuery(query(3));
    await vi.waitFor(() => expect(seqs(conversation)).toEqual([1, 2, 3]));
    expect(listMessages).toHaveBeenCalledWith(QUERY_ID, expect.objectContaining({ after: 1 }));
  });

  it('holds the gap fetch while a join is in flight: the join answers the same range', async () => {
    const history = [msg(1), msg(2), msg(3), msg(4)];
    let answer!: (ack: JoinAck) => void;
    const { host, listMessages } = scriptedHost(customer, history, [
      { ok: true, query: query(1), messages: [msg(1)], hasMore: false },
      new Promise((resolve) => (answer = resolve)),
    ]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.handleOffline();
    const rejoin = conversation.join();
    // A send ack above the list arrives before the join's answer.
    conversation.handleMessage(msg(4));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(listMessages).not.toHaveBeenCalled();
    answer({ ok: true, query: query(4), messages: [msg(2), msg(3), msg(4)], hasMore: false });
    await rejoin;
    expect(seqs(conversation)).toEqual([1, 2, 3, 4]);
    expect(listMessages).not.toHaveBeenCalled();
  });

  it('stops the gap fetch on a permanent error instead of retrying every second', async () => {
    vi.useFakeTimers();
    const { host, listMessages } = scriptedHost(customer, [], [{ ok: true, query: query(1), messages: [msg(1)], hasMore: false }]);
    listMessages.mockRejectedValue(new ParleyError({ code: 'forbidden', message: 'no longer yours' }, 403));
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.handleMessage(msg(5));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(listMessages).toHaveBeenCalledTimes(1);
  });

  it('retries a transient gap-fetch error with growing delays', async () => {
    vi.useFakeTimers();
    const { host, listMessages } = scriptedHost(customer, [], [{ ok: true, query: query(1), messages: [msg(1)], hasMore: false }]);
    listMessages.mockRejectedValue(new ParleyError({ code: 'unavailable', message: 'down' }));
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.handleMessage(msg(5));
    await vi.advanceTimersByTimeAsync(60_000);
    // Waits of at least 0.5, 1, 2, 4, 8, 15, 15 s: at most 8 calls in a minute, not sixty.
    expect(listMessages.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(listMessages.mock.calls.length).toBeLessThanOrEqual(8);
  });

  it('stops when a page brings no progress (the server has nothing after the list yet)', async () => {
    const { host, listMessages } = scriptedHost(customer, [msg(1)], [{ ok: true, query: query(1), messages: [msg(1)], hasMore: false }]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    listMessages.mockResolvedValue([msg(7)]);
    conversation.handleMessage(msg(9));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(listMessages).toHaveBeenCalledTimes(1);
  });

  it('lets agents scroll back through notes after the public stream is fully loaded', async () => {
    const notes = Array.from({ length: 80 }, (_, i) => msg(i + 1, true));
    const { host } = scriptedHost(agent, [msg(1), ...notes], [
      { ok: true, query: query(1, { lastNoteSeq: 80 }), messages: [msg(1)], hasMore: false, notes: notes.slice(-50), hasMoreNotes: true },
    ]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    expect(conversation.state.getSnapshot()).toMatchObject({ hasOlder: false, hasOlderNotes: true });
    await conversation.loadOlder();
    expect(seqs(conversation, 'notes')).toEqual(notes.map((n) => n.seq));
    expect(conversation.state.getSnapshot().hasOlderNotes).toBe(false);
  });

  it('does not publish a new state when another query’s outbox entries change', async () => {
    const { host, outbox } = scriptedHost(customer, [], [{ ok: true, query: query(0), messages: [], hasMore: false }]);
    const here = new ConversationImpl(QUERY_ID, host);
    const there = new ConversationImpl('00000000-0000-4000-8000-000000000002', host);
    await outbox.ready;
    const before = here.state.getSnapshot();
    const changes = vi.fn();
    here.state.subscribe(changes);
    there.send('elsewhere');
    expect(here.state.getSnapshot()).toBe(before);
    expect(changes).not.toHaveBeenCalled();
  });

  it('dispose() cancels a scheduled join retry', async () => {
    vi.useFakeTimers();
    const { host, emitted } = scriptedHost(customer, [], [null, null]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.dispose();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(joins(emitted)).toBe(1);
  });
});

import type { Ack, Message, Query, UserRef } from '@parley/protocol';
import { describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../storage.js';
import { Outbox } from '../outbox/outbox.js';
import type { MessageRange } from '../rest/parley-rest.js';
import { ConversationImpl, type ConversationHost } from './conversation.js';

const QUERY_ID = '00000000-0000-4000-8000-000000000001';
const me: UserRef = { id: 'customer-1', role: 'customer', name: 'Ada' };
const agent: UserRef = { id: 'agent-1', role: 'agent', name: 'Bob' };

function msg(seq: number, author: UserRef = agent, internal = false): Message {
  return { id: `m${seq}`, queryId: QUERY_ID, seq, clientId: `c${seq}${internal ? 'n' : ''}`, author, body: `#${seq}`, internal, attachments: [], createdAt: 'now' };
}

function query(lastSeq: number, extra: Partial<Query> = {}): Query {
  return {
    id: QUERY_ID, subject: 's', status: 'open', customer: { id: me.id, name: me.name }, assignee: null,
    lastSeq, lastNoteSeq: 0, lastMessage: null, customerReadSeq: 0, agentReadSeq: 0, waitingSince: null,
    rating: null, createdAt: 'then', updatedAt: new Date(1_000 + lastSeq).toISOString(), ...extra,
  };
}

/** A host whose server holds `history` and answers joins with what the test sets. */
function fakeHost(history: Message[], user = me) {
  const emitted: Array<{ event: string; payload: Record<string, unknown> }> = [];
  let joinAck: Ack<{ query: Query; messages: Message[]; hasMore: boolean; notes?: Message[]; hasMoreNotes?: boolean }> = {
    ok: true, query: query(history.length), messages: history.slice(-50), hasMore: false,
  };
  const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport: { send: () => new Promise(() => undefined) }, stored: { handleMessage: () => undefined } });
  const listMessages = vi.fn(async (_id: string, params: MessageRange) =>
    history.filter((m) => m.internal === (params.internal ?? false))
      .filter((m) => (params.after === undefined || m.seq > params.after) && (params.before === undefined || m.seq < params.before))
      .slice(params.before !== undefined && params.after === undefined ? -(params.limit ?? 100) : 0)
      .slice(0, params.limit ?? 100));
  const host: ConversationHost = {
    user,
    kind: user.role === 'customer' ? 'customer' : 'agent',
    outbox,
    link: {
      online: true,
      request: async (event, payload) => {
        emitted.push({ event, payload: payload as Record<string, unknown> });
        return event === 'query:join' ? (joinAck as never) : ({ ok: true } as never);
      },
      notify: (event, payload) => void emitted.push({ event, payload: payload as Record<string, unknown> }),
    },
    history: { listMessages },
    onLeave: () => undefined,
  };
  return { host, emitted, listMessages, setJoinAck: (ack: typeof joinAck) => (joinAck = ack) };
}

const seqs = (c: ConversationImpl) => c.state.getSnapshot().messages.map((m) => m.seq);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('conversation', () => {
  it('a first join shows the latest page and offers older history', async () => {
    const history = Array.from({ length: 120 }, (_, i) => msg(i + 1));
    const { host, emitted } = fakeHost(history);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    expect(emitted[0]).toEqual({ event: 'query:join', payload: { queryId: QUERY_ID } });
    expect(seqs(conversation)).toEqual(history.slice(-50).map((m) => m.seq));
    expect(conversation.state.getSnapshot()).toMatchObject({ joined: true, hasOlder: true });
    await conversation.loadOlder();
    expect(seqs(conversation)[0]).toBe(1);
    expect(conversation.state.getSnapshot().hasOlder).toBe(false);
  });

  it('a message:new that jumps ahead fetches the missing range over REST', async () => {
    const history = Array.from({ length: 10 }, (_, i) => msg(i + 1));
    const { host, listMessages } = fakeHost(history.slice(0, 5));
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    history.splice(0, history.length, ...Array.from({ length: 10 }, (_, i) => msg(i + 1)));
    (listMessages as ReturnType<typeof vi.fn>).mockImplementation(async (_id: string, p: { after: number }) => history.filter((m) => m.seq > p.after));
    conversation.handleMessage(msg(10));
    await settle();
    expect(seqs(conversation)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(listMessages).toHaveBeenCalledWith(QUERY_ID, expect.objectContaining({ after: 5 }));
  });

  it('re-joins after a reconnect with afterSeq = the last seq it holds, and merges without duplicates', async () => {
    const history = Array.from({ length: 3 }, (_, i) => msg(i + 1));
    const { host, emitted, setJoinAck } = fakeHost(history);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.handleOffline();
    expect(conversation.state.getSnapshot().joined).toBe(false);
    setJoinAck({ ok: true, query: query(5), messages: [msg(3), msg(4), msg(5)], hasMore: false });
    await conversation.join();
    expect(emitted.at(-1)).toEqual({ event: 'query:join', payload: { queryId: QUERY_ID, afterSeq: 3 } });
    expect(seqs(conversation)).toEqual([1, 2, 3, 4, 5]);
  });

  it('pages on over REST while a re-join says hasMore', async () => {
    const history = Array.from({ length: 700 }, (_, i) => msg(i + 1));
    const { host, setJoinAck, listMessages } = fakeHost(history.slice(0, 10));
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    (listMessages as ReturnType<typeof vi.fn>).mockImplementation(async (_id: string, p: { after: number; limit: number }) =>
      history.filter((m) => m.seq > p.after).slice(0, p.limit),
    );
    setJoinAck({ ok: true, query: query(700), messages: history.slice(10, 510), hasMore: true });
    await conversation.join();
    await settle();
    expect(seqs(conversation)).toEqual(history.map((m) => m.seq));
  });

  it('shows a pending message at the end at once, and a refused body as failed without waiting', async () => {
    const { host } = fakeHost([msg(1)]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    const { message } = conversation.send('hello');
    expect(message).toMatchObject({ delivery: 'pending', seq: null, mine: true, key: message.clientId });
    expect(conversation.state.getSnapshot().messages.at(-1)!.clientId).toBe(message.clientId);
    const empty = conversation.send('   ');
    await expect(empty.done).rejects.toMatchObject({ code: 'invalid_payload' });
    expect(conversation.state.getSnapshot().messages.at(-1)).toMatchObject({ delivery: 'failed', error: { code: 'invalid_payload' } });
  });

  it('marks my messages read once the other side’s cursor reaches them', async () => {
    const { host } = fakeHost([msg(1), msg(2, me), msg(3, me)]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.handleRead({ queryId: QUERY_ID, user: agent, seq: 2 });
    const delivery = conversation.state.getSnapshot().messages.map((m) => [m.seq, m.delivery]);
    expect(delivery).toEqual([[1, 'sent'], [2, 'read'], [3, 'sent']]);
  });

  it('markRead sends the cursor once per advance', async () => {
    const { host, emitted } = fakeHost([msg(1), msg(2)]);
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    conversation.markRead();
    conversation.markRead();
    conversation.markRead(1);
    expect(emitted.filter((e) => e.event === 'message:read')).toEqual([{ event: 'message:read', payload: { queryId: QUERY_ID, seq: 2 } }]);
    expect(conversation.state.getSnapshot().customerReadSeq).toBe(2);
  });

  it('shows who is typing and drops them after a few seconds without news', async () => {
    vi.useFakeTimers();
    try {
      const { host } = fakeHost([]);
      const conversation = new ConversationImpl(QUERY_ID, host);
      conversation.handleTyping({ queryId: QUERY_ID, user: agent, typing: true });
      conversation.handleTyping({ queryId: QUERY_ID, user: me, typing: true });
      expect(conversation.state.getSnapshot().typing).toEqual([agent]);
      vi.advanceTimersByTime(5_001);
      expect(conversation.state.getSnapshot().typing).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('agents resume the notes stream on its own seq and see notes apart from messages', async () => {
    const history = [msg(1), msg(1, agent, true), msg(2, agent, true)];
    const { host, emitted, setJoinAck } = fakeHost(history, agent);
    setJoinAck({ ok: true, query: query(1, { lastNoteSeq: 2 }), messages: [msg(1)], hasMore: false, notes: [msg(1, agent, true), msg(2, agent, true)], hasMoreNotes: false });
    const conversation = new ConversationImpl(QUERY_ID, host);
    await conversation.join();
    expect(conversation.state.getSnapshot().notes.map((n) => n.seq)).toEqual([1, 2]);
    await conversation.join();
    expect(emitted.at(-1)!.payload).toEqual({ queryId: QUERY_ID, afterSeq: 1, afterNoteSeq: 2 });
  });
});

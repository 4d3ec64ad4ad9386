/**
 * The conversation as a whole against a model server, with fast-check driving
 * any interleaving of: commits on the server, live deliveries (in any order,
 * duplicated, or lost with the link), disconnects that discard join acks,
 * reconnects with re-joins answered late, query:updated pushes and send acks.
 * Whatever happens, the list is always sorted with no duplicate, gapless but
 * for my own messages above a gap still being filled, and once the link is
 * back and quiet it is gapless and ends at the server's last seq.
 */
import type { Ack, Message, Query, UserRef } from '@parley/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../outbox/outbox.js';
import { memoryStorage } from '../storage.js';
import { ConversationImpl, type ConversationHost } from './conversation.js';

const QUERY_ID = '00000000-0000-4000-8000-000000000001';
const me: UserRef = { id: 'customer-1', role: 'customer', name: 'Ada' };
const agent: UserRef = { id: 'agent-1', role: 'agent', name: 'Bob' };
/** Small pages, so joins say hasMore and REST paging is exercised too. */
const JOIN_PAGE = 4;

type JoinAck = Ack<{ query: Query; messages: Message[]; hasMore: boolean }>;

type Op =
  | { kind: 'commit'; mine: boolean; broadcast: boolean }
  | { kind: 'deliver'; pick: number }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'disconnect' }
  | { kind: 'connect' }
  | { kind: 'ackJoin' }
  | { kind: 'queryUpdated' }
  | { kind: 'sendAck'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('commit' as const), mine: fc.boolean(), broadcast: fc.boolean() }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.constant({ kind: 'disconnect' as const }),
  fc.constant({ kind: 'connect' as const }),
  fc.constant({ kind: 'ackJoin' as const }),
  fc.constant({ kind: 'queryUpdated' as const }),
  fc.record({ kind: fc.constant('sendAck' as const), pick: fc.nat() }),
);

class ModelServer {
  readonly history: Message[] = [];
  online = true;
  /** Broadcasts on the wire, not yet delivered (lost on disconnect). */
  wire: Message[] = [];
  joins: Array<{ afterSeq?: number; answer: (ack: JoinAck | null) => void }> = [];

  commit(mine: boolean): Message {
    const seq = this.history.length + 1;
    const message: Message = { id: `m${seq}`, queryId: QUERY_ID, seq, clientId: `c${seq}`, author: mine ? me : agent, body: `#${seq}`, internal: false, attachments: [], createdAt: 'now' };
    this.history.push(message);
    return message;
  }

  query(): Query {
    const lastSeq = this.history.length;
    return {
      id: QUERY_ID, subject: 's', status: 'open', customer: { id: me.id, name: me.name }, assignee: null, lastSeq, lastNoteSeq: 0,
      lastMessage: null, customerReadSeq: 0, agentReadSeq: 0, waitingSince: null, rating: null, createdAt: 'then',
      updatedAt: new Date(1_000 + lastSeq).toISOString(),
    };
  }

  answerOldestJoin(): void {
    const join = this.joins.shift();
    if (!join) return;
    const after = join.afterSeq;
    const page = after === undefined ? this.history.slice(-JOIN_PAGE) : this.history.filter((m) => m.seq > after).slice(0, JOIN_PAGE);
    const hasMore = after !== undefined && this.history.length - after > JOIN_PAGE;
    join.answer({ ok: true, query: this.query(), messages: page, hasMore });
  }

  host(): ConversationHost {
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport: { send: () => new Promise(() => undefined) }, stored: { handleMessage: () => undefined } });
    const server = this;
    return {
      user: me,
      kind: 'customer',
      outbox,
      link: {
        get online() {
          return server.online;
        },
        request: (event, payload) => {
          if (!this.online) return Promise.resolve(null);
          if (event !== 'query:join') return Promise.resolve({ ok: true } as never);
          const { afterSeq } = payload as { afterSeq?: number };
          return new Promise((answer) => this.joins.push({ ...(afterSeq !== undefined ? { afterSeq } : {}), answer: answer as never }));
        },
        notify: () => undefined,
      },
      history: {
        listMessages: async (_id, p) => this.history.filter((m) => m.seq > (p.after ?? 0) && (p.before === undefined || m.seq < p.before)).slice(0, p.limit ?? 50),
      },
      onLeave: () => undefined,
    };
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * What the list may show while the link is busy: the gapless stored list, then only my own stored messages above
 * a gap, in seq order (chat-message.ts `streamView`: my acked message shows as sent until the gap below it is
 * filled, which waits while a join is in flight). Seed 1856236973 found this with an ack of my own message above
 * the list, then a delivery, all before the first join was answered.
 */
function expectGaplessThenMine(conversation: ConversationImpl): void {
  const messages = conversation.state.getSnapshot().messages;
  let contiguous = 1;
  while (contiguous < messages.length && messages[contiguous]!.seq === messages[contiguous - 1]!.seq! + 1) contiguous++;
  for (const message of messages.slice(contiguous)) expect(message.mine).toBe(true);
  messages.forEach((message, i) => {
    if (i > 0) expect(message.seq!).toBeGreaterThan(messages[i - 1]!.seq!);
  });
}

function expectGapless(conversation: ConversationImpl): number[] {
  const seqs = conversation.state.getSnapshot().messages.map((m) => m.seq!);
  seqs.forEach((seq, i) => {
    if (i > 0) expect(seq).toBe(seqs[i - 1]! + 1);
  });
  return seqs;
}

describe('conversation model', () => {
  it('any interleaving of joins, deliveries, disconnects, pages and acks keeps the list gapless and ends at the server’s last seq', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6 }), fc.array(opArb, { maxLength: 40 }), async (initial, ops) => {
        const server = new ModelServer();
        for (let i = 0; i < initial; i++) server.commit(false);
        const conversation = new ConversationImpl(QUERY_ID, server.host());
        void conversation.join();
        for (const op of ops) {
          switch (op.kind) {
            case 'commit': {
              const message = server.commit(op.mine);
              if (server.online && op.broadcast) server.wire.push(message);
              break;
            }
            case 'deliver': {
              if (server.wire.length === 0) break;
              const [message] = server.wire.splice(op.pick % server.wire.length, 1);
              conversation.handleMessage(message!);
              break;
            }
            case 'duplicate':
              // Like every delivery, only over a live link: offline, my own message redelivered above a gap the
              // list cannot fetch would show after it (by design, chat-message.ts), which no real link produces.
              // Seed 434704195 found that with this op unguarded.
              if (server.online && server.history.length > 0) conversation.handleMessage(server.history[op.pick % server.history.length]!);
              break;
            case 'disconnect':
              if (!server.online) break;
              server.online = false;
              server.wire = [];
              conversation.handleOffline();
              for (const join of server.joins.splice(0)) join.answer(null);
              break;
            case 'connect':
              if (server.online) break;
              server.online = true;
              void conversation.join();
              break;
            case 'ackJoin':
              server.answerOldestJoin();
              break;
            case 'queryUpdated':
              if (server.online) conversation.handleQuery(server.query());
              break;
            case 'sendAck': {
              // An ack of my own send carries the stored message, possibly far above the list.
              const mine = server.history.filter((m) => m.author.id === me.id);
              if (server.online && mine.length > 0) conversation.handleMessage(mine[op.pick % mine.length]!);
              break;
            }
          }
          await settle();
          expectGaplessThenMine(conversation);
        }
        // The link comes back and goes quiet: every join answered, every fetch done.
        if (!server.online) {
          server.online = true;
          void conversation.join();
        }
        while (server.joins.length > 0) {
          server.answerOldestJoin();
          await settle();
        }
        // The server's coalesced query:updated reveals a last message whose broadcast was lost.
        conversation.handleQuery(server.query());
        await settle();
        const seqs = expectGapless(conversation);
        expect(conversation.state.getSnapshot().joined).toBe(true);
        expect(seqs.at(-1) ?? 0).toBe(server.history.length);
        expect(new Set(seqs).size).toBe(seqs.length);
        conversation.dispose();
      }),
      { numRuns: 100 },
    );
  });
});

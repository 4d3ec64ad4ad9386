import { describe, expect, it } from 'vitest';
import {
  ackFailed,
  ackSucceeded,
  deserialize,
  enqueue,
  markSending,
  nextToSend,
  nextWakeUp,
  requeueInFlight,
  requeueOne,
  retryFailed,
  serialize,
  type OutboxEntry,
  type OutboxState,
} from './outbox-state.js';

function entry(clientId: string, queryId = 'q1', extra: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    clientId,
    queryId,
    body: `body ${clientId}`,
    internal: false,
    attachmentIds: [],
    author: { id: 'me', role: 'customer', name: 'Me' },
    createdAt: '2026-01-01T00:00:00.000Z',
    state: 'pending',
    notBefore: 0,
    attempts: 0,
    ...extra,
  };
}

const ids = (entries: readonly OutboxEntry[]): string[] => entries.map((e) => e.clientId);

describe('outbox state machine', () => {
  it('sends one message per query at a time, oldest first, queries independently', () => {
    const state = [entry('a1'), entry('a2'), entry('b1', 'q2')].reduce<OutboxState>(enqueue, []);
    expect(ids(nextToSend(state, 0))).toEqual(['a1', 'b1']);
    const sending = markSending(state, 'a1');
    expect(ids(nextToSend(sending, 0))).toEqual(['b1']);
    expect(ids(nextToSend(ackSucceeded(sending, 'a1'), 0))).toEqual(['a2', 'b1']);
  });

  it('ignores a second enqueue of the same clientId', () => {
    const state = enqueue(enqueue([], entry('a')), entry('a', 'q1', { body: 'changed' }));
    expect(state).toHaveLength(1);
    expect(state[0]!.body).toBe('body a');
  });

  it('counts attempts and keeps the clientId on every retry', () => {
    let state: OutboxState = [entry('a')];
    state = markSending(state, 'a');
    state = requeueInFlight(state);
    state = markSending(state, 'a');
    expect(state[0]).toMatchObject({ clientId: 'a', state: 'sending', attempts: 2 });
  });

  it("rate_limited holds every query's messages, not only the refused one's: the server's limits count per user", () => {
    // a1 (q1) is refused with a 1 s wait at t=0; b1 (q2) was in flight and is stored at t=300.
    let state = [entry('a1'), entry('b1', 'q2'), entry('b2', 'q2'), entry('c1', 'q3')].reduce<OutboxState>(enqueue, []);
    state = markSending(markSending(state, 'a1'), 'b1');
    state = ackFailed(state, 'a1', { code: 'rate_limited', message: 'slow down', retryAfterMs: 1000 }, 0).state;
    state = ackSucceeded(state, 'b1');
    expect(ids(nextToSend(state, 300))).toEqual([]);
    // A message written during the wait waits too.
    state = enqueue(state, entry('d1', 'q4'));
    expect(ids(nextToSend(state, 999))).toEqual([]);
    expect(nextWakeUp(state, 300)).toBe(1000);
    expect(ids(nextToSend(state, 1000))).toEqual(['a1', 'b2', 'c1', 'd1']);
  });

  it('rate limits and lost acks do not count as server failures: the backoff starts at its first step after them', () => {
    let state: OutboxState = [entry('a')];
    for (let i = 0; i < 4; i++) {
      state = markSending(state, 'a');
      state = ackFailed(state, 'a', { code: 'rate_limited', message: 'x', retryAfterMs: 1 }, 0).state;
      state = requeueInFlight(markSending(state, 'a'));
    }
    const { state: after, final } = ackFailed(markSending(state, 'a'), 'a', { code: 'internal', message: 'bug' }, 0, () => 1);
    expect(final).toBe(false);
    expect(after[0]).toMatchObject({ failures: 1, notBefore: 1000 });
  });

  it('a retried or re-queued message waits out a rate limit told meanwhile', () => {
    let state = [entry('a1'), entry('b1', 'q2')].reduce<OutboxState>(enqueue, []);
    state = ackFailed(markSending(state, 'a1'), 'a1', { code: 'forbidden', message: 'no' }, 0).state;
    state = markSending(state, 'b1');
    state = enqueue(state, entry('c1', 'q3'));
    state = ackFailed(markSending(state, 'c1'), 'c1', { code: 'rate_limited', message: 'slow down', retryAfterMs: 1000 }, 0).state;
    expect(retryFailed(state, 'a1').find((e) => e.clientId === 'a1')!.notBefore).toBe(1000);
    expect(requeueOne(state, 'b1').find((e) => e.clientId === 'b1')!.notBefore).toBe(1000);
  });

  it('never sends a query’s next message while another of its messages is in flight, wherever it stands', () => {
    // An older message taken over from another tab landed ahead of one already in flight.
    const state: OutboxState = [entry('a1'), entry('b1', 'q1', { state: 'sending' }), entry('c1', 'q2')];
    expect(ids(nextToSend(state, 0))).toEqual(['c1']);
    expect(nextWakeUp([entry('a1', 'q1', { notBefore: 50 }), entry('b1', 'q1', { state: 'sending' })], 0)).toBeNull();
  });

  it('an unavailable refusal holds only its own query (the next one may reach a node whose store answers)', () => {
    let state = [entry('a1'), entry('b1', 'q2')].reduce<OutboxState>(enqueue, []);
    state = ackFailed(markSending(state, 'a1'), 'a1', { code: 'unavailable', message: 'store away', retryAfterMs: 1000 }, 0).state;
    expect(ids(nextToSend(state, 10))).toEqual(['b1']);
    expect(ids(nextToSend(enqueue(state, entry('c1', 'q3')), 10))).toEqual(['b1', 'c1']);
  });

  it('rate_limited goes back to pending, due after retryAfterMs, with the reason shown', () => {
    const now = 1_000;
    const { state, final } = ackFailed(markSending([entry('a')], 'a'), 'a', { code: 'rate_limited', message: 'slow down', retryAfterMs: 250 }, now);
    expect(final).toBe(false);
    expect(state[0]).toMatchObject({ state: 'pending', notBefore: 1_250, error: { code: 'rate_limited' } });
    expect(nextToSend(state, 1_249)).toEqual([]);
    expect(nextWakeUp(state, 1_249)).toBe(1_250);
    expect(ids(nextToSend(state, 1_250))).toEqual(['a']);
  });

  it('unavailable without retryAfterMs backs off: ceilings 1 s, 2 s, 4 s… 30 s, at least half of each', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6].map((failures) => {
      const failing = [entry('a', 'q1', { state: 'sending', attempts: 9, failures })];
      const low = ackFailed(failing, 'a', { code: 'unavailable', message: 'away' }, 0, () => 0).state[0]!.notBefore;
      const high = ackFailed(failing, 'a', { code: 'unavailable', message: 'away' }, 0, () => 1).state[0]!.notBefore;
      return [low, high];
    });
    expect(waits).toEqual([[500, 1000], [1000, 2000], [2000, 4000], [4000, 8000], [8000, 16000], [15000, 30000], [15000, 30000]]);
    // The server's own wait wins when it gives one.
    const told = ackFailed([entry('a', 'q1', { state: 'sending', attempts: 6, failures: 5 })], 'a', { code: 'unavailable', message: 'x', retryAfterMs: 700 }, 0);
    expect(told.state[0]!.notBefore).toBe(700);
  });

  it('internal fails for good at the fifth server failure in a row, so one bad message stops holding its query', () => {
    const at = (failures: number) => ackFailed([entry('a', 'q1', { state: 'sending', attempts: 20, failures }), entry('b')], 'a', { code: 'internal', message: 'bug' }, 0);
    // `failures` counts the ones before this refusal: the fourth in a row is retried, the fifth is final.
    expect(at(3)).toMatchObject({ final: false, state: [{ state: 'pending', failures: 4 }, {}] });
    const fifth = at(4);
    expect(fifth).toMatchObject({ final: true, state: [{ state: 'failed', error: { code: 'internal' } }, {}] });
    expect(ids(nextToSend(fifth.state, 0))).toEqual(['b']);
  });

  it('a rate-limited head holds back the rest of its query (order is kept)', () => {
    const sent = markSending([entry('a'), entry('b')], 'a');
    const { state } = ackFailed(sent, 'a', { code: 'rate_limited', message: 'x', retryAfterMs: 100 }, 0);
    expect(nextToSend(state, 50)).toEqual([]);
  });

  it.each(['forbidden', 'not_found', 'invalid_payload', 'conflict', 'payload_too_large'] as const)(
    '%s fails for good and no longer blocks the query',
    (code) => {
      const sent = markSending([entry('a'), entry('b')], 'a');
      const { state, final } = ackFailed(sent, 'a', { code, message: 'no' }, 0);
      expect(final).toBe(true);
      expect(state[0]).toMatchObject({ state: 'failed', error: { code } });
      expect(ids(nextToSend(state, 0))).toEqual(['b']);
    },
  );

  it('retry puts a failed message back to pending, due now, without the error', () => {
    const { state } = ackFailed(markSending([entry('a')], 'a'), 'a', { code: 'forbidden', message: 'no' }, 0);
    const retried = retryFailed(state, 'a');
    expect(retried[0]!.state).toBe('pending');
    expect(retried[0]!.error).toBeUndefined();
    expect(ids(nextToSend(retried, 0))).toEqual(['a']);
  });

  it('a lost link puts every in-flight message back to pending', () => {
    const state = requeueInFlight(markSending(markSending([entry('a'), entry('b', 'q2')], 'a'), 'b'));
    expect(state.map((e) => e.state)).toEqual(['pending', 'pending']);
  });

  it('survives serialisation: in-flight is stored as pending, failures keep their reason', () => {
    const { state } = ackFailed(markSending([entry('a'), entry('b', 'q2')], 'b'), 'b', { code: 'forbidden', message: 'no' }, 0);
    const restored = deserialize(serialize(markSending(state, 'a')));
    expect(restored.map((e) => [e.clientId, e.state])).toEqual([
      ['a', 'pending'],
      ['b', 'failed'],
    ]);
    expect(restored[1]!.error?.code).toBe('forbidden');
  });

  it('reads corrupt or foreign storage as empty instead of throwing', () => {
    expect(deserialize('not json')).toEqual([]);
    expect(deserialize('{"a":1}')).toEqual([]);
    expect(deserialize(JSON.stringify([{ clientId: 1 }, entry('ok')]))).toHaveLength(1);
    expect(deserialize(null)).toEqual([]);
  });
});

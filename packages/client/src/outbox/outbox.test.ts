import type { Ack, Message, MessageSendResult } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../errors.js';
import { memoryStorage } from '../storage.js';
import { Outbox, type OutboxTransport } from './outbox.js';
import type { OutboxEntry } from './outbox-state.js';

function entry(clientId: string, queryId = 'q1'): OutboxEntry {
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
  };
}

function stored(e: OutboxEntry, seq: number): Message {
  return { id: `id-${e.clientId}`, queryId: e.queryId, seq, clientId: e.clientId, author: e.author, body: e.body, internal: false, attachments: [], createdAt: 'now' };
}

/** A transport whose acks the test answers by hand. */
class ManualTransport implements OutboxTransport {
  readonly calls: Array<{ entry: OutboxEntry; answer: (ack: Ack<MessageSendResult> | null) => void }> = [];
  send(entry: OutboxEntry): Promise<Ack<MessageSendResult> | null> {
    return new Promise((answer) => this.calls.push({ entry, answer }));
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('outbox', () => {
  it('resolves done with the stored message and hands it to the conversation', async () => {
    const transport = new ManualTransport();
    const onStored = vi.fn();
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport, stored: { handleMessage: onStored } });
    await outbox.ready;
    outbox.setOnline(true);
    const done = outbox.add(entry('a'));
    expect(outbox.pendingCount.getSnapshot()).toBe(1);
    const message = stored(entry('a'), 1);
    transport.calls[0]!.answer({ ok: true, message });
    await expect(done).resolves.toBe(message);
    expect(onStored).toHaveBeenCalledWith(message);
    expect(outbox.pendingCount.getSnapshot()).toBe(0);
  });

  it('holds messages while offline and sends them in order, one at a time, once online', async () => {
    const transport = new ManualTransport();
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport, stored: { handleMessage: () => undefined } });
    await outbox.ready;
    const a = outbox.add(entry('a'));
    const b = outbox.add(entry('b'));
    expect(transport.calls).toHaveLength(0);
    outbox.setOnline(true);
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['a']);
    transport.calls[0]!.answer({ ok: true, message: stored(entry('a'), 1) });
    await a;
    await flush();
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['a', 'b']);
    transport.calls[1]!.answer({ ok: true, message: stored(entry('b'), 2) });
    await expect(b).resolves.toMatchObject({ seq: 2 });
  });

  it('resends with the same clientId when the link drops before the ack', async () => {
    const transport = new ManualTransport();
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport, stored: { handleMessage: () => undefined } });
    await outbox.ready;
    outbox.setOnline(true);
    const done = outbox.add(entry('a'));
    outbox.setOnline(false);
    transport.calls[0]!.answer(null);
    await flush();
    expect(outbox.entries.getSnapshot()[0]!.state).toBe('pending');
    outbox.setOnline(true);
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['a', 'a']);
    transport.calls[1]!.answer({ ok: true, message: stored(entry('a'), 1) });
    await expect(done).resolves.toMatchObject({ clientId: 'a' });
  });

  it('waits retryAfterMs after rate_limited, then sends the same message again', async () => {
    vi.useFakeTimers();
    const transport = new ManualTransport();
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport, stored: { handleMessage: () => undefined }, now: () => Date.now() });
    await outbox.ready;
    outbox.setOnline(true);
    const done = outbox.add(entry('a'));
    transport.calls[0]!.answer({ ok: false, error: { code: 'rate_limited', message: 'slow', retryAfterMs: 300 } });
    await vi.advanceTimersByTimeAsync(299);
    expect(transport.calls).toHaveLength(1);
    expect(outbox.entries.getSnapshot()[0]).toMatchObject({ state: 'pending', error: { code: 'rate_limited' } });
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.calls).toHaveLength(2);
    transport.calls[1]!.answer({ ok: true, message: stored(entry('a'), 1) });
    await expect(done).resolves.toMatchObject({ seq: 1 });
  });

  it('rejects done with a ParleyError when the server refuses for good, and keeps the entry to show', async () => {
    const transport = new ManualTransport();
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport, stored: { handleMessage: () => undefined } });
    await outbox.ready;
    outbox.setOnline(true);
    const done = outbox.add(entry('a'));
    transport.calls[0]!.answer({ ok: false, error: { code: 'forbidden', message: 'not yours' } });
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).code).toBe('forbidden');
    expect(outbox.entries.getSnapshot()[0]).toMatchObject({ state: 'failed' });
    expect(outbox.pendingCount.getSnapshot()).toBe(0);
  });

  it('discard settles the promise and removes the entry', async () => {
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport: new ManualTransport(), stored: { handleMessage: () => undefined } });
    await outbox.ready;
    const done = outbox.add(entry('a'));
    outbox.discard('a');
    await expect(done).rejects.toBeInstanceOf(ParleyError);
    expect(outbox.entries.getSnapshot()).toEqual([]);
  });

  it('discardAll forgets every unsent message, in flight or not, and leaves none in storage, other tabs\' included', async () => {
    const storage = memoryStorage();
    const transport = new ManualTransport();
    const onStored = vi.fn();
    const outbox = new Outbox({ storage, key: 'k', transport, stored: { handleMessage: onStored } });
    const otherTab = new Outbox({ storage, key: 'k', transport: new ManualTransport(), stored: { handleMessage: () => undefined } });
    await Promise.all([outbox.ready, otherTab.ready]);
    void otherTab.add(entry('x'));
    await otherTab.flushed();
    outbox.setOnline(true);
    const inFlight = outbox.add(entry('a'));
    const waiting = outbox.add(entry('b'));
    await outbox.flushed();
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['a']);
    expect(await storage.getItem('k')).not.toBeNull();

    outbox.dispose();
    await expect(outbox.discardAll()).resolves.toBe(2);
    await expect(inFlight).rejects.toMatchObject({ code: 'unavailable' });
    await expect(waiting).rejects.toMatchObject({ code: 'not_found' });
    expect(outbox.entries.getSnapshot()).toEqual([]);
    expect(outbox.pendingCount.getSnapshot()).toBe(0);
    expect(await storage.getItem('k')).toBeNull();

    // The server stored the one in flight after all: the conversation shows it, and storage stays empty.
    const message = stored(entry('a'), 1);
    transport.calls[0]!.answer({ ok: true, message });
    await flush();
    await outbox.flushed();
    expect(onStored).toHaveBeenCalledWith(message);
    expect(await storage.getItem('k')).toBeNull();
    const next = new Outbox({ storage, key: 'k', transport: new ManualTransport(), stored: { handleMessage: () => undefined } });
    await next.ready;
    expect(next.entries.getSnapshot()).toEqual([]);
  });

  it('survives a reload through storage: stored entries go first and keep their clientId', async () => {
    const storage = memoryStorage();
    const first = new Outbox({ storage, key: 'k', transport: new ManualTransport(), stored: { handleMessage: () => undefined } });
    await first.ready;
    void first.add(entry('a'));
    void first.add(entry('b', 'q2'));
    await first.flushed();
    first.dispose();

    const transport = new ManualTransport();
    const second = new Outbox({ storage, key: 'k', transport, stored: { handleMessage: () => undefined } });
    void second.add(entry('c'));
    await second.ready;
    expect(second.entries.getSnapshot().map((e) => e.clientId)).toEqual(['a', 'b', 'c']);
    second.setOnline(true);
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['a', 'b']);
    transport.calls[0]!.answer({ ok: true, message: stored(entry('a'), 1) });
    transport.calls[1]!.answer({ ok: true, message: stored(entry('b', 'q2'), 1) });
    await flush();
    await second.flushed();
    expect(JSON.parse((await storage.getItem('k')) ?? '[]').map((e: OutboxEntry) => e.clientId)).toEqual(['c']);
  });

  it('works with an async storage', async () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: async (k: string) => items.get(k) ?? null,
      setItem: async (k: string, v: string) => void items.set(k, v),
      removeItem: async (k: string) => void items.delete(k),
    };
    const outbox = new Outbox({ storage, key: 'k', transport: new ManualTransport(), stored: { handleMessage: () => undefined } });
    void outbox.add(entry('a'));
    await outbox.ready;
    await outbox.flushed();
    expect(items.get('k')).toContain('"clientId":"a"');
  });
});

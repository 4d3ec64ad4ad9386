/** What the outbox does to storage: never loses what it could not read, shares it between tabs, discards safely. */
import type { Ack, Message, MessageSendResult } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type KeyValueStorage } from '../storage.js';
import { ADOPT_AFTER_MS, interleave, Outbox, type OutboxTransport } from './outbox.js';
import type { OutboxEntry } from './outbox-state.js';

function entry(clientId: string, queryId = 'q1'): OutboxEntry {
  return {
    clientId, queryId, body: `body ${clientId}`, internal: false, attachmentIds: [],
    author: { id: 'me', role: 'customer', name: 'Me' }, createdAt: '2026-01-01T00:00:00.000Z', state: 'pending', notBefore: 0, attempts: 0,
  };
}
const stored = (e: OutboxEntry, seq: number): Message => ({
  id: `id-${e.clientId}`, queryId: e.queryId, seq, clientId: e.clientId, author: e.author, body: e.body, internal: false, attachments: [], createdAt: 'now',
});

class ManualTransport implements OutboxTransport {
  readonly calls: Array<{ entry: OutboxEntry; answer: (ack: Ack<MessageSendResult> | null) => void }> = [];
  send(e: OutboxEntry): Promise<Ack<MessageSendResult> | null> {
    return new Promise((answer) => this.calls.push({ entry: e, answer }));
  }
}

/** One tab's outbox on `storage` (shared by the tabs of a test), telling nobody of stored messages. */
function tab(storage: KeyValueStorage, transport: OutboxTransport = new ManualTransport()): Outbox {
  return new Outbox({ storage, key: 'k', transport, stored: { handleMessage: () => undefined } });
}

/** A tab that has read the storage and is online: it sends at once. */
async function onlineTab(storage: KeyValueStorage, transport: OutboxTransport): Promise<Outbox> {
  const outbox = tab(storage, transport);
  await outbox.ready;
  outbox.setOnline(true);
  return outbox;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const idsIn = async (storage: KeyValueStorage, key = 'k') => (JSON.parse((await storage.getItem(key)) ?? '[]') as OutboxEntry[]).map((e) => e.clientId);

describe('outbox storage', () => {
  // A test that fails with fake timers on must not leave them to the next.
  afterEach(() => vi.useRealTimers());

  it('never overwrites what storage holds when reading it failed', async () => {
    const saved = JSON.stringify([entry('a')]);
    const items = new Map([['k', saved]]);
    const storage: KeyValueStorage = {
      getItem: async () => {
        throw new Error('IndexedDB busy');
      },
      setItem: async (k, v) => void items.set(k, v),
      removeItem: async (k) => void items.delete(k),
    };
    const transport = new ManualTransport();
    const outbox = await onlineTab(storage, transport);
    const done = outbox.add(entry('b'));
    // Still sends from memory…
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['b']);
    transport.calls[0]!.answer({ ok: true, message: stored(entry('b'), 1) });
    await done;
    await outbox.flushed();
    // …but what the previous session saved is still there for the next one.
    expect(items.get('k')).toBe(saved);
  });

  it('reads storage again when the first read fails, and then sends what it held', async () => {
    const backing = memoryStorage();
    await backing.setItem('k', JSON.stringify([entry('a')]));
    let failures = 1;
    const storage: KeyValueStorage = {
      getItem: (k) => {
        if (failures-- > 0) throw new Error('busy');
        return backing.getItem(k);
      },
      setItem: (k, v) => backing.setItem(k, v),
      removeItem: (k) => backing.removeItem(k),
    };
    const outbox = tab(storage);
    await outbox.ready;
    expect(outbox.entries.getSnapshot().map((e) => e.clientId)).toEqual(['a']);
  });

  it('sets entries it cannot parse aside instead of deleting them', async () => {
    const storage = memoryStorage();
    const alien = { clientId: 'x', format: 'from a newer SDK' };
    await storage.setItem('k', JSON.stringify([alien, entry('a')]));
    const outbox = tab(storage);
    await outbox.ready;
    await outbox.flushed();
    expect(outbox.entries.getSnapshot().map((e) => e.clientId)).toEqual(['a']);
    expect(JSON.parse((await storage.getItem('k:unreadable')) ?? '[]')).toEqual([alien]);
    expect(await idsIn(storage)).toEqual(['a']);
  });

  it('two tabs of the same user keep each other’s unsent messages', async () => {
    const storage = memoryStorage();
    const tabA = tab(storage);
    const transportB = new ManualTransport();
    const tabB = tab(storage, transportB);
    await Promise.all([tabA.ready, tabB.ready]);
    void tabA.add(entry('a1'));
    await tabA.flushed();
    tabB.setOnline(true);
    void tabB.add(entry('b1', 'q2'));
    void tabB.add(entry('b2', 'q2'));
    await tabB.flushed();
    expect((await idsIn(storage)).sort()).toEqual(['a1', 'b1', 'b2']);
    // Tab B's message is stored and leaves; tab A's unsent one stays (tab B, online, also took it over and is
    // sending it: until an ack says it is stored, it stays in storage too).
    transportB.calls.find((c) => c.entry.clientId === 'b1')!.answer({ ok: true, message: stored(entry('b1', 'q2'), 1) });
    await flush();
    await tabB.flushed();
    void tabA.add(entry('a2'));
    await tabA.flushed();
    expect((await idsIn(storage)).sort()).toEqual(['a1', 'a2', 'b2']);
  });

  it("two offline tabs writing to one query leave their messages in send order for the next session", async () => {
    const storage = memoryStorage();
    const tabA = tab(storage);
    const tabB = tab(storage);
    await Promise.all([tabA.ready, tabB.ready]);
    const at = (e: OutboxEntry, createdAt: string): OutboxEntry => ({ ...e, createdAt });
    void tabA.add(at(entry('x1'), '2026-01-01T00:00:01.000Z'));
    await tabA.flushed();
    void tabB.add(at(entry('y1'), '2026-01-01T00:00:02.000Z'));
    await tabB.flushed();
    void tabA.add(at(entry('x2'), '2026-01-01T00:00:03.000Z'));
    await tabA.flushed();
    expect(await idsIn(storage)).toEqual(['x1', 'y1', 'x2']);
    // The next session sends them in that order, one at a time.
    const transport = new ManualTransport();
    const next = await onlineTab(storage, transport);
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['x1']);
  });

  it('a tab takes over what another tab left unsent for a few seconds, not at the next reload', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const storage = memoryStorage();
    const transportB = new ManualTransport();
    const tabA = tab(storage);
    const tabB = tab(storage, transportB);
    await Promise.all([tabA.ready, tabB.ready]);
    tabB.setOnline(true);
    // Tab A is offline: its message waits in storage (then the tab may be closed).
    void tabA.add(entry('x1'));
    await tabA.flushed();
    // A live tab sends its own: the other one waits before doing it for it (each send counts against the limits).
    await vi.advanceTimersByTimeAsync(ADOPT_AFTER_MS - 100);
    expect(transportB.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(transportB.calls.map((c) => c.entry.clientId)).toEqual(['x1']);
    expect(tabB.pendingCount.getSnapshot()).toBe(1);
    transportB.calls[0]!.answer({ ok: true, message: stored(entry('x1'), 1) });
    await vi.advanceTimersByTimeAsync(0);
    await tabB.flushed();
    expect(tabB.pendingCount.getSnapshot()).toBe(0);
    expect(await idsIn(storage)).toEqual([]);
    tabA.dispose();
    tabB.dispose();
    vi.useRealTimers();
  });

  it('a message another tab sends and removes within the grace is never sent from this one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const storage = memoryStorage();
    const transportA = new ManualTransport();
    const transportB = new ManualTransport();
    const tabA = tab(storage, transportA);
    const tabB = tab(storage, transportB);
    await Promise.all([tabA.ready, tabB.ready]);
    tabA.setOnline(true);
    tabB.setOnline(true);
    void tabA.add(entry('x1'));
    await tabA.flushed();
    transportA.calls[0]!.answer({ ok: true, message: stored(entry('x1'), 1) });
    await vi.advanceTimersByTimeAsync(ADOPT_AFTER_MS * 2);
    expect(transportB.calls).toEqual([]);
    tabA.dispose();
    tabB.dispose();
    vi.useRealTimers();
  });

  it("a refusal or discard in another tab reaches the copy this tab read, which does not write it back", async () => {
    const storage = memoryStorage();
    const transportA = new ManualTransport();
    const tabA = await onlineTab(storage, transportA);
    void tabA.add(entry('x1')).catch(() => undefined);
    transportA.calls[0]!.answer({ ok: false, error: { code: 'forbidden', message: 'no' } });
    await flush();
    await tabA.flushed();
    const tabB = tab(storage);
    await tabB.ready;
    expect(tabB.entries.getSnapshot().map((e) => e.state)).toEqual(['failed']);
    // Tab A retries it: tab B's copy follows, and is not written back as failed.
    tabA.retry('x1');
    await tabA.flushed();
    await flush();
    expect(tabB.entries.getSnapshot().map((e) => e.state)).toEqual(['pending']);
    // Tab A gives up on it: gone from tab B, and from storage for good.
    tabA.setOnline(false);
    tabA.discard('x1');
    await tabA.flushed();
    await flush();
    expect(tabB.entries.getSnapshot()).toEqual([]);
    void tabB.add(entry('y1', 'q2'));
    await tabB.flushed();
    expect(await idsIn(storage)).toEqual(['y1']);
    tabA.dispose();
    tabB.dispose();
  });

  it('what another tab discarded or sent is dropped by a tab that only read it, and never sent from there', async () => {
    const storage = memoryStorage();
    const tabA = tab(storage);
    await tabA.ready;
    void tabA.add(entry('x1'));
    void tabA.add(entry('x2', 'q2'));
    await tabA.flushed();
    // Tab B opens later and reads both; it stays offline for now.
    const transportB = new ManualTransport();
    const tabB = tab(storage, transportB);
    await tabB.ready;
    expect(tabB.entries.getSnapshot().map((e) => e.clientId)).toEqual(['x1', 'x2']);
    tabA.discard('x1');
    await tabA.flushed();
    await flush();
    expect(tabB.entries.getSnapshot().map((e) => e.clientId)).toEqual(['x2']);
    tabB.setOnline(true);
    expect(transportB.calls.map((c) => c.entry.clientId)).toEqual(['x2']);
    tabA.dispose();
    tabB.dispose();
  });

  it('keeps each tab’s own order even when its clock went back', () => {
    const e = (id: string, createdAt: string): OutboxEntry => ({ ...entry(id), createdAt });
    const mine = [e('a1', '2026-01-01T00:00:05.000Z'), e('a2', '2026-01-01T00:00:01.000Z')];
    const foreign = [e('b1', '2026-01-01T00:00:03.000Z')];
    expect(interleave(mine, foreign).map((x) => x.clientId)).toEqual(['b1', 'a1', 'a2']);
  });

  it('discarding a message in flight hides it but keeps the next one waiting until its ack', async () => {
    const storage = memoryStorage();
    const transport = new ManualTransport();
    const outbox = await onlineTab(storage, transport);
    const a = outbox.add(entry('a'));
    const b = outbox.add(entry('b'));
    outbox.discard('a');
    expect(outbox.entries.getSnapshot().find((e) => e.clientId === 'a')?.discarded).toBe(true);
    expect(outbox.pendingCount.getSnapshot()).toBe(1);
    // b must not overtake a while a may still be stored.
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['a']);
    await outbox.flushed();
    expect(await idsIn(storage)).toEqual(['b']);
    transport.calls[0]!.answer({ ok: false, error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 1 } });
    // Refused, so certainly not stored.
    await expect(a).rejects.toMatchObject({ code: 'not_found' });
    await flush();
    expect(transport.calls.map((c) => c.entry.clientId)).toEqual(['a', 'b']);
    transport.calls[1]!.answer({ ok: true, message: stored(entry('b'), 1) });
    await expect(b).resolves.toMatchObject({ seq: 1 });
  });

  it('a discarded message whose outcome is unknown (no ack, or unavailable) rejects as unknown, not as never stored', async () => {
    const transport = new ManualTransport();
    const outbox = await onlineTab(memoryStorage(), transport);
    const a = outbox.add(entry('a', 'q1'));
    const b = outbox.add(entry('b', 'q2'));
    outbox.discard('a');
    outbox.discard('b');
    transport.calls[0]!.answer(null);
    transport.calls[1]!.answer({ ok: false, error: { code: 'unavailable', message: 'the commit may have happened' } });
    await expect(a).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('may have stored it') });
    await expect(b).rejects.toMatchObject({ code: 'unavailable' });
    expect(outbox.entries.getSnapshot()).toEqual([]);
  });

  it('a discarded message the server stored after all resolves as stored', async () => {
    const transport = new ManualTransport();
    const seen: Message[] = [];
    const outbox = new Outbox({ storage: memoryStorage(), key: 'k', transport, stored: { handleMessage: (m) => seen.push(m) } });
    await outbox.ready;
    outbox.setOnline(true);
    const a = outbox.add(entry('a'));
    outbox.discard('a');
    transport.calls[0]!.answer({ ok: true, message: stored(entry('a'), 4) });
    await expect(a).resolves.toMatchObject({ seq: 4 });
    expect(seen.map((m) => m.seq)).toEqual([4]);
    expect(outbox.entries.getSnapshot()).toEqual([]);
  });
});

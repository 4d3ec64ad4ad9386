import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { UserRef } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { describeStoreContract } from '../contract/describe-store-contract.js';
import type { NewMessage, Store } from '../store.js';
import { DATABASE_FILE } from './sqlite-store.js';
import { SqliteThreadStore } from './sqlite-thread-store.js';

const dirs = new WeakMap<Store, string>();
const group = { mode: 'group', maxBatch: 256, delayMs: 0 } as const;

describeStoreContract('SQLite in a worker thread', {
  async create(commit) {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-thread-store-'));
    const store = await SqliteThreadStore.open({ dataDir, commit: { ...group, ...commit } });
    dirs.set(store, dataDir);
    return store;
  },
  async sibling(store) {
    return SqliteThreadStore.open({ dataDir: dirs.get(store)!, commit: group });
  },
  async destroy(store) {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
  },
});

describe('SqliteThreadStore, the worker boundary', () => {
  let dataDir: string;
  let store: SqliteThreadStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openWithQuery(): Promise<{ customer: UserRef; msg: (clientId?: string) => NewMessage; queryId: string }> {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-thread-store-'));
    store = await SqliteThreadStore.open({ dataDir, commit: group });
    const c = await store.createCustomer({ id: randomUUID(), name: 'Cleo', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString() });
    const customer: UserRef = { id: c.id, role: 'customer', name: c.name };
    const queryId = randomUUID();
    await store.createQuery({
      id: queryId, subject: 'S', customerId: c.id, createdAt: new Date().toISOString(),
      firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'first' },
    });
    const msg = (clientId: string = randomUUID()): NewMessage => ({
      id: randomUUID(), queryId, clientId, author: customer, body: `m ${clientId}`, internal: false, createdAt: new Date().toISOString(),
    });
    return { customer, msg, queryId };
  }

  it('a worker that dies mid-batch fails what it had not answered with unavailable, never ok; retries on the new worker find what was committed, stored once and gap-free', async () => {
    const { msg, queryId } = await openWithQuery();
    const s = store!;
    const availability: boolean[] = [];
    s.watchAvailability((available) => availability.push(available));
    // Two rounds of sends: the first batch commits, the second is in the worker when it is killed.
    const first = Array.from({ length: 50 }, () => msg());
    await Promise.all(first.map((m) => s.appendMessage(m)));
    const second = Array.from({ length: 200 }, () => msg());
    const outcomes = second.map((m) => s.appendMessage(m).then(() => 'ok' as const, (error: unknown) => error));
    await s.thread.kill();
    const settled = await Promise.all(outcomes);
    const refused = settled.filter((o) => o !== 'ok');
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toMatchObject({ code: 'unavailable' });

    // The new worker: every send retried with its clientId is acked once, and nothing is stored twice.
    await expect.poll(() => s.thread.restarts).toBe(1);
    expect(availability).toEqual([false, true]);
    const retried = await Promise.all(second.map((m) => s.appendMessage({ ...m, id: randomUUID() })));
    const stored = await s.listMessages(queryId, { internal: false, after: 0, limit: 1000 });
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 251 }, (_, i) => i + 1));
    expect(new Set(stored.map((m) => m.clientId)).size).toBe(251);
    // What was acked ok before the kill is exactly what the retries found as duplicates.
    const okBefore = settled.filter((o) => o === 'ok').length;
    expect(retried.filter((r) => r.duplicate).length).toBe(okBefore);
  });

  it('close() commits every append made before it, then refuses with unavailable', async () => {
    const { msg, queryId } = await openWithQuery();
    const s = store!;
    const sends = Array.from({ length: 300 }, () => s.appendMessage(msg()));
    await s.close();
    store = undefined;
    expect((await Promise.allSettled(sends)).every((r) => r.status === 'fulfilled')).toBe(true);
    await expect(s.getQuery(queryId)).rejects.toMatchObject({ code: 'unavailable' });
    const reopened = await SqliteThreadStore.open({ dataDir, commit: group });
    expect((await reopened.getQuery(queryId))?.lastSeq).toBe(301);
    await reopened.close();
  });

  it('refusals made in the worker arrive as the same AppError', async () => {
    const { msg } = await openWithQuery();
    const error = await store!.appendMessage({ ...msg(), queryId: randomUUID() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'not_found', message: 'query not found' });
  });

  it('refuses to open a database written by a newer server, with the reason', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-thread-store-'));
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    db.exec('PRAGMA user_version = 999');
    db.close();
    await expect(SqliteThreadStore.open({ dataDir, commit: group })).rejects.toThrow(/newer than this server/);
  });
});

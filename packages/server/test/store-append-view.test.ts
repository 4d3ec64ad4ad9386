/**
 * The SQLite append builds the Message and Query it returns from what its
 * transaction knows instead of reading them back. These tests hold that view
 * to what a fresh read of the committed rows says, across every effect an
 * append has: waiting, replies, notes, reopening (which drops the rating),
 * read cursors, attachments, retries and refusals.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserRef } from '@parley/protocol';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { AppendResult, NewMessage } from '../src/store/store.js';

describe('SQLite append: the returned view equals the committed rows', () => {
  let dataDir: string;
  let store: SqliteStore;
  const customer: UserRef = { id: randomUUID(), role: 'customer', name: 'Cleo' };
  const agent: UserRef = { id: randomUUID(), role: 'agent', name: 'Ann' };
  let queryId: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-append-view-'));
    store = new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } });
    const at = new Date().toISOString();
    await store.createCustomer({ id: customer.id, name: customer.name, email: null, externalId: null, resumeKeyHash: null, createdAt: at });
    await store.createAgent({ id: agent.id, email: 'ann@example.test', name: agent.name, role: 'agent', passwordHash: 'x', createdAt: at });
    queryId = randomUUID();
    await store.createQuery({
      id: queryId, subject: 'Help', customerId: customer.id, createdAt: at,
      firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'first' },
    });
    await store.updateQuery(queryId, { assigneeId: agent.id }, at);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let clock = Date.parse('2030-01-01T00:00:00.000Z');
  const msg = (author: UserRef, extra: Partial<NewMessage> = {}): NewMessage => ({
    id: randomUUID(), queryId, clientId: randomUUID(), author, body: `${author.name} says ${'x'.repeat(200)}`,
    internal: false, createdAt: new Date((clock += 1000)).toISOString(), ...extra,
  });

  async function expectMatchesStore(result: AppendResult): Promise<void> {
    expect(result.query).toEqual(await store.getQuery(queryId));
    const stored = await store.listMessages(queryId, { internal: result.message.internal, after: result.message.seq - 1, limit: 1 });
    expect(stored).toEqual([result.message]);
  }

  it('for a customer message, an agent reply and an internal note, also within one batch', async () => {
    const results = await Promise.all([store.appendMessage(msg(customer)), store.appendMessage(msg(agent)), store.appendMessage(msg(agent, { internal: true }))]);
    // Each result is the state right after its own item; the last one is also the committed state.
    await expectMatchesStore(results[2]!);
    expect(results.map((r) => [r.message.seq, r.query.lastSeq, r.query.lastNoteSeq])).toEqual([[2, 2, 0], [3, 3, 0], [1, 3, 1]]);
    expect(results[0]!.query).toMatchObject({ waitingSince: expect.any(String), customerReadSeq: 2 });
    expect(results[1]!.query).toMatchObject({ waitingSince: null, agentReadSeq: 3, lastMessage: { seq: 3, author: agent } });
    for (const kind of [msg(customer), msg(agent), msg(agent, { internal: true })]) await expectMatchesStore(await store.appendMessage(kind));
  });

  it('for a customer reopening a resolved, rated query: open again, rating dropped, a status change', async () => {
    await store.updateQuery(queryId, { status: 'resolved' }, new Date().toISOString());
    expect(await store.ratings.rate(queryId, { score: 4, comment: 'ok', createdAt: new Date().toISOString() })).not.toBeNull();
    const result = await store.appendMessage(msg(customer));
    expect(result).toMatchObject({ statusChanged: true, query: { status: 'open', rating: null } });
    await expectMatchesStore(result);
  });

  it('for a message carrying attachments', async () => {
    const attachmentId = randomUUID();
    await store.attachments.create({
      id: attachmentId, queryId, uploaderId: customer.id, name: 'receipt.png', contentType: 'image/png', size: 42,
      storageName: randomUUID(), createdAt: new Date().toISOString(),
    });
    const result = await store.appendMessage(msg(customer, { attachmentIds: [attachmentId] }));
    expect(result.message.attachments).toMatchObject([{ id: attachmentId, name: 'receipt.png' }]);
    await expectMatchesStore(result);
  });

  it('a retry returns the stored twin; refusals in a batch leave no trace and spare the others', async () => {
    const first = msg(customer);
    const stored = await store.appendMessage(first);
    const [retry, conflict, unknown, good] = await Promise.allSettled([
      store.appendMessage({ ...first, id: randomUUID() }),
      store.appendMessage(msg(agent, { clientId: first.clientId })),
      store.appendMessage(msg(customer, { queryId: randomUUID() })),
      store.appendMessage(msg(customer)),
    ]);
    expect(retry).toMatchObject({ status: 'fulfilled', value: { duplicate: true, message: stored.message } });
    expect(conflict).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
    expect(unknown).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
    expect(good).toMatchObject({ status: 'fulfilled', value: { message: { seq: stored.message.seq + 1 } } });
    await expectMatchesStore((good as PromiseFulfilledResult<AppendResult>).value);
    expect((await store.listMessages(queryId, { internal: false, after: 0, limit: 100 })).map((m) => m.seq)).toEqual([1, 2, 3]);
  });
});

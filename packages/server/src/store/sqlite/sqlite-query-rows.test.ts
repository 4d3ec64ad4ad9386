import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserRef } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppendResult, NewMessage } from '../store.js';
import { SqliteStore } from './sqlite-store.js';
import { SqliteSupportQueries } from './sqlite-support-queries.js';
import { SqliteWebhooks } from './sqlite-webhooks.js';

describe('the append pipeline’s copy of query rows (sqlite-query-rows.ts)', () => {
  let dataDir: string;
  let store: SqliteStore;
  let customer: UserRef;
  let agent: UserRef;
  let tick = 0;
  const at = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString();

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-query-rows-'));
    store = new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } });
    const c = await store.createCustomer({ id: randomUUID(), name: 'Ada', email: null, externalId: null, resumeKeyHash: null, createdAt: at() });
    customer = { id: c.id, role: 'customer', name: c.name };
    const a = await store.createAgent({ id: randomUUID(), email: 'grace@example.com', name: 'Grace', role: 'agent', passwordHash: 'x', createdAt: at() });
    agent = { id: a.id, role: 'agent', name: a.name };
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openQuery(): Promise<string> {
    const id = randomUUID();
    await store.createQuery({ id, subject: 'Help', customerId: customer.id, createdAt: at(), firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'hello' } });
    return id;
  }

  function message(queryId: string, author: UserRef, body: string, extra: Partial<NewMessage> = {}): NewMessage {
    return { id: randomUUID(), queryId, clientId: randomUUID(), author, body, internal: false, createdAt: at(), ...extra };
  }

  /** Appends one batch; each result's query must be what a fresh read of the database gives. */
  async function append(...items: NewMessage[]): Promise<AppendResult[]> {
    const outcomes = store.commitAppends(items);
    const results = outcomes.map((o) => {
      if (!o.ok) throw o.error;
      return o.value;
    });
    const last = new Map(results.map((r) => [r.query.id, r.query]));
    for (const [id, query] of last) expect(query).toEqual(await store.getQuery(id));
    return results;
  }

  it('answers every append with the query as the database holds it, across writes made outside the appends', async () => {
    const q = await openQuery();
    const other = await openQuery();
    await append(message(q, customer, 'first'), message(other, customer, 'elsewhere'));
    await append(message(q, customer, 'second'), message(q, agent, 'a note', { internal: true }));
    // Only a note: the preview is still 'second', as the previous batch left the row.
    expect((await append(message(q, agent, 'another note', { internal: true })))[0]!.query.lastMessage?.body).toBe('second');
    // Written outside the pipeline: each must show in the next append's answer.
    await store.updateCustomer(customer.id, { name: 'Ada L.' });
    expect((await append(message(q, customer, 'renamed')))[0]!.query.customer.name).toBe('Ada L.');
    await store.updateQuery(q, { assigneeId: agent.id }, at());
    expect((await append(message(q, customer, 'assigned')))[0]!.query.assignee?.id).toBe(agent.id);
    await store.updateAgent(agent.id, { name: 'Grace H.' });
    // A signed-in agent's name is the token's (a rename reaches it when the token is renewed).
    agent = { ...agent, name: 'Grace H.' };
    expect((await append(message(q, customer, 'agent renamed')))[0]!.query.assignee?.name).toBe('Grace H.');
    await store.updateQuery(q, { status: 'resolved' }, at());
    await store.ratings.rate(q, { score: 4, comment: 'good', createdAt: at() });
    // Reopened by the customer: the rating goes (per resolution), the status comes back.
    const [reopened] = await append(message(q, customer, 'one more thing'));
    expect(reopened!.query).toMatchObject({ status: 'open', rating: null });
    // An agent's reply takes the unassigned query: the new assignee's name is the agents table's.
    await append(message(other, agent, 'on it', { assignIfUnassigned: true }));
    // A search first indexes what is not yet (writes of the search index's own).
    expect((await store.searchMessages({ words: ['elsewhere'], includeNotes: true, limit: 5 })).hits).toHaveLength(1);
    await append(message(other, customer, 'thanks'), message(q, agent, 'reply'));
  });

  it('sees what another connection to the same database wrote (a second node on one DATA_DIR)', async () => {
    const q = await openQuery();
    await append(message(q, customer, 'one'));
    const sibling = new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } });
    try {
      await sibling.updateCustomer(customer.id, { name: 'Ada (other node)' });
      const outcome = sibling.commitAppends([message(q, customer, 'from the other node')])[0]!;
      expect(outcome.ok).toBe(true);
    } finally {
      await sibling.close();
    }
    const [next] = await append(message(q, customer, 'three'));
    expect(next!.message.seq).toBe(4);
    expect(next!.query.customer.name).toBe('Ada (other node)');
  });

  it('reads a query row once for consecutive batches of the same conversation', async () => {
    const q = await openQuery();
    await append(message(q, customer, 'one'));
    const reads = vi.spyOn(SqliteSupportQueries.prototype, 'row');
    await append(message(q, customer, 'two'));
    await append(message(q, customer, 'three'));
    // getQuery, called by append() to compare, reads the row itself; the pipeline did not.
    expect(reads.mock.calls.filter(([id]) => id === q)).toHaveLength(2);
  });

  it('getQueries answers the queries the appends just wrote from the copy, as the database holds them, in order, once each', async () => {
    const q = await openQuery();
    const other = await openQuery();
    await append(message(q, customer, 'one'), message(other, agent, 'a reply'));
    const reads = vi.spyOn(SqliteSupportQueries.prototype, 'row');
    const got = await store.getQueries([other, q, other, randomUUID()]);
    expect(reads.mock.calls.filter(([id]) => id === q || id === other)).toHaveLength(0);
    reads.mockRestore();
    expect(got).toEqual([await store.getQuery(other), await store.getQuery(q)]);
  });

  it('getQueries reads the database, and keeps nothing, once something other than an append wrote', async () => {
    const q = await openQuery();
    await append(message(q, customer, 'one'));
    await store.updateCustomer(customer.id, { name: 'Ada L.' });
    const reads = vi.spyOn(SqliteSupportQueries.prototype, 'row');
    expect((await store.getQueries([q]))[0]!.customer.name).toBe('Ada L.');
    expect((await store.getQueries([q]))[0]!.customer.name).toBe('Ada L.');
    expect(reads.mock.calls.filter(([id]) => id === q)).toHaveLength(2);
    // The next append trusts the copy again (it read the row afresh), and getQueries with it.
    await append(message(q, customer, 'two'));
    reads.mockClear();
    expect((await store.getQueries([q]))[0]).toMatchObject({ lastSeq: 3, customer: { name: 'Ada L.' } });
    expect(reads.mock.calls.filter(([id]) => id === q)).toHaveLength(0);
  });

  it('keeps the copy across the search index’s writes, which touch none of its rows', async () => {
    const q = await openQuery();
    await append(message(q, customer, 'kettle'));
    expect((await store.searchMessages({ words: ['kettle'], includeNotes: true, limit: 5 })).hits).toHaveLength(1);
    const reads = vi.spyOn(SqliteSupportQueries.prototype, 'row');
    await append(message(q, customer, 'after the search'));
    // Only append()'s own comparison read it.
    expect(reads.mock.calls.filter(([id]) => id === q)).toHaveLength(1);
  });

  it('after a batch that rolled back, the next one reads the database and gets the right seq', async () => {
    const q = await openQuery();
    await append(message(q, customer, 'one'));
    vi.spyOn(SqliteWebhooks.prototype, 'record').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(() => store.commitAppends([message(q, customer, 'lost')])).toThrow('disk full');
    const [next] = await append(message(q, customer, 'two'));
    expect(next!.message.seq).toBe(3);
  });
});

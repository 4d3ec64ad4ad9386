import { randomUUID } from 'node:crypto';
import type { UserRef } from '@parley/protocol';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TcpGate } from '../../../../../deploy/cluster/tcp-gate.ts';
import { createTestDatabase, sql, type TestDatabase, withTestDatabase } from '../../../test/support/postgres.js';
import { describeStoreContract } from '../contract/describe-store-contract.js';
import type { Store } from '../store.js';
import { assertServerSupported, LATEST_VERSION } from './migrations.js';
import { PostgresStore } from './postgres-store.js';

const databases = new WeakMap<Store, TestDatabase>();
const open = (url: string, commit = {}) =>
  PostgresStore.open({ url, poolMax: 10, dataDir: process.env.TMPDIR ?? '/tmp', commit: { mode: 'group', maxBatch: 256, delayMs: 0, ...commit } });

describeStoreContract('PostgreSQL', {
  async create(commit) {
    const database = await createTestDatabase('store');
    const store = await open(database.url, commit);
    databases.set(store, database);
    return store;
  },
  async sibling(store) {
    const store2 = await open(databases.get(store)!.url);
    return store2;
  },
  async destroy(store) {
    await store.close();
    await databases.get(store)?.drop();
  },
});

/** Undoes migration 14 (the agents' unread count), as a server of version 13 left the database. */
const BEFORE_MIGRATION_14 = 'DELETE FROM schema_migrations WHERE version = 14; ALTER TABLE queries DROP COLUMN agent_unread;';

/** Undoes migrations 14 and 13 (accent folding), as a server of version 12 left the database. */
const BEFORE_MIGRATION_13 = `${BEFORE_MIGRATION_14} DELETE FROM schema_migrations WHERE version = 13;
  DROP INDEX messages_body_folded; DROP FUNCTION parley_fold(text);
  CREATE INDEX messages_body_search ON messages USING gin (to_tsvector('simple', body));`;

/** The schema versions recorded in the database, in order. */
const recordedVersions = async (url: string) =>
  (await sql<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
/** Every version this server knows, each once: 1 … LATEST_VERSION. */
const EVERY_VERSION = Array.from({ length: LATEST_VERSION }, (_, i) => i + 1);

/** A store on `url` with one customer, Cleo, and her query about a kettle (first message's clientId 'k1'). */
async function openWithKettleQuery(url: string) {
  const store = await open(url);
  const customer = await store.createCustomer({ id: randomUUID(), name: 'Cleo', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString() });
  const author: UserRef = { id: customer.id, role: 'customer', name: 'Cleo' };
  const opened = await store.createQuery({
    id: randomUUID(), subject: 'Kettle', customerId: customer.id, createdAt: new Date().toISOString(),
    firstMessage: { id: randomUUID(), clientId: 'k1', author, body: 'the kettle whistles' },
  });
  return { store, author, opened };
}

describe('PostgresStore migrations', () => {
  it("migration 14 counts each query's customer messages after the agents' cursor, leaving out automatic replies and notes", async () => {
    await withTestDatabase('agent_unread', async (database) => {
      const { store, author, opened } = await openWithKettleQuery(database.url);
      const queryId = opened.query.id;
      const send = (a: UserRef, internal = false) =>
        store.appendMessage({ id: randomUUID(), queryId, clientId: randomUUID(), author: a, body: 'text', internal, createdAt: new Date().toISOString() });
      await send({ id: 'system', role: 'system', name: 'Support' });
      await send({ id: 'agent', role: 'agent', name: 'Ada' }, true);
      await send(author);
      await store.close();
      await sql(database.url, BEFORE_MIGRATION_14);

      const upgraded = await open(database.url);
      // Seqs 1 and 3 are the customer's, 2 an automatic reply; no agent read any.
      expect((await upgraded.getQuery(queryId))?.agentUnread).toBe(2);
      await upgraded.close();
      // Run again, as after a crash before its version was recorded: the same count, and new rows start at 1
      // (a query a node still on version 13 creates during a rolling upgrade has its customer's first message).
      await sql(database.url, 'DELETE FROM schema_migrations WHERE version = 14');
      const again = await open(database.url);
      expect((await again.getQuery(queryId))?.agentUnread).toBe(2);
      const [column] = await sql<{ column_default: string }>(database.url, "SELECT column_default FROM information_schema.columns WHERE table_name = 'queries' AND column_name = 'agent_unread'");
      expect(column?.column_default).toBe('1');
      await again.close();
    });
  });

  it('three nodes opening an empty database at the same moment migrate it once, and all open', async () => {
    await withTestDatabase('migrate', async (database) => {
      const stores = await Promise.all([open(database.url), open(database.url), open(database.url)]);
      expect(await recordedVersions(database.url)).toEqual(EVERY_VERSION);
      for (const store of stores) await store.ping();
      await Promise.all(stores.map((s) => s.close()));
    });
  });

  it('migration 12 keeps every message and leads the idempotency index with client_id; retries still dedupe', async () => {
    await withTestDatabase('client-id-index', async (database) => {
      const { store, author, opened } = await openWithKettleQuery(database.url);
      await store.close();
      // Back to version 11's indexes, as a server of that version left them.
      await sql(database.url, `${BEFORE_MIGRATION_13} DELETE FROM schema_migrations WHERE version = 12;
        ALTER TABLE messages DROP CONSTRAINT messages_client_id_query_id_key;
        ALTER TABLE messages ADD CONSTRAINT messages_query_id_client_id_key UNIQUE (query_id, client_id);`);

      const upgraded = await open(database.url);
      const keys = await sql<{ def: string }>(database.url, "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'messages'::regclass AND contype = 'u' ORDER BY 1");
      expect(keys.map((k) => k.def)).toEqual(['UNIQUE (client_id, query_id)', 'UNIQUE (query_id, internal, seq)']);
      const retry = await upgraded.appendMessage({
        id: randomUUID(), queryId: opened.query.id, clientId: 'k1', author, body: 'again', internal: false, createdAt: new Date().toISOString(),
      });
      expect(retry).toMatchObject({ duplicate: true, message: { id: opened.message.id, seq: 1 } });
      await upgraded.close();
    });
  });

  it('migration 13 indexes the messages already stored with their accents folded', async () => {
    await withTestDatabase('fold', async (database) => {
      const store = await open(database.url);
      const customer = await store.createCustomer({ id: randomUUID(), name: 'Zoé', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString() });
      const opened = await store.createQuery({
        id: randomUUID(), subject: 'Order', customerId: customer.id, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: 'k1', author: { id: customer.id, role: 'customer', name: 'Zoé' }, body: 'Le café est froid' },
      });
      await store.close();
      await sql(database.url, BEFORE_MIGRATION_13);

      const upgraded = await open(database.url);
      const found = await upgraded.searchMessages({ words: ['cafe'], includeNotes: false, limit: 10 });
      expect(found.hits.map((h) => h.message.id)).toEqual([opened.message.id]);
      // The search's expression is the index's: with sequential scans off, the plan must use it.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          "EXPLAIN SELECT id FROM messages m WHERE to_tsvector('simple', parley_fold(m.body)) @@ to_tsquery('simple', parley_fold('cafe'))",
        );
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('messages_body_folded');
      } finally {
        await client.end();
      }
      await upgraded.close();
    });
  });

  it('migration 13 runs again after a crash part-way, as if from the start', async () => {
    await withTestDatabase('fold_again', async (database) => {
      await (await open(database.url)).close();
      // The index built and the old one dropped, but the version not recorded: the next start runs it all again.
      await sql(database.url, `${BEFORE_MIGRATION_14} DELETE FROM schema_migrations WHERE version = 13`);
      const again = await open(database.url);
      expect(await recordedVersions(database.url)).toEqual(EVERY_VERSION);
      const indexes = await sql<{ name: string }>(database.url, "SELECT indexname AS name FROM pg_indexes WHERE indexdef LIKE '%to_tsvector%'");
      expect(indexes).toEqual([{ name: 'messages_body_folded' }]);
      await again.close();
    });
  });

  it('refuses a PostgreSQL older than 13 or a database not in UTF8, saying which', async () => {
    const server = (row: { version_num: string; version: string; encoding: string }) => ({ query: async () => ({ rows: [row] }) }) as never;
    await expect(assertServerSupported(server({ version_num: '120017', version: '12.17', encoding: 'UTF8' }))).rejects.toThrow(
      'Parley needs PostgreSQL 13 or newer; this server is 12.17',
    );
    await expect(assertServerSupported(server({ version_num: '130000', version: '13.0', encoding: 'UTF8' }))).resolves.toBeUndefined();
    await withTestDatabase('latin1', async (latin1) => {
      await expect(open(latin1.url)).rejects.toThrow(/needs a database with the UTF8 encoding; this one uses LATIN1/);
      // Nothing was created in it.
      expect(await sql(latin1.url, "SELECT 1 FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
    }, { encoding: 'LATIN1' });
  });

  it('refuses a database written by a newer server, saying so', async () => {
    await withTestDatabase('newer', async (database) => {
      await (await open(database.url)).close();
      await sql(database.url, "INSERT INTO schema_migrations (version, description) VALUES (999, 'from the future')");
      await expect(open(database.url)).rejects.toThrow(/schema version 999 is newer than this server/);
    });
  });
});

describe('PostgresStore when the database goes away', () => {
  it('a connection lost during COMMIT answers unavailable, never ok; the retry finds the message stored once', async () => {
    const database = await createTestDatabase('in_doubt');
    const target = new URL(database.url);
    const gate = await TcpGate.start({ host: target.hostname, port: Number(target.port || 5432) });
    target.hostname = '127.0.0.1';
    target.port = String(gate.port);
    const store = await PostgresStore.open({
      url: target.toString(), poolMax: 4, dataDir: process.env.TMPDIR ?? '/tmp', commit: { mode: 'group', maxBatch: 256, delayMs: 0 },
      connectTimeoutMs: 1000,
    });
    const availability: boolean[] = [];
    store.watchAvailability((available) => availability.push(available));
    try {
      const at = new Date().toISOString();
      const customer = { id: randomUUID(), role: 'customer' as const, name: 'C' };
      await store.createCustomer({ id: customer.id, name: 'C', email: null, externalId: null, resumeKeyHash: null, createdAt: at });
      const queryId = randomUUID();
      await store.createQuery({ id: queryId, subject: 'S', customerId: customer.id, createdAt: at, firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'x' } });
      // From now on every COMMIT that inserted a message takes half a second: a window to cut the connection in.
      await sql(database.url, `CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON messages DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();`);
      const message = { id: randomUUID(), queryId, clientId: randomUUID(), author: customer, body: 'in doubt', internal: false, createdAt: at };
      const appending = store.appendMessage(message);
      const outcome = appending.then(() => 'ok', (error: { code?: string }) => error.code);
      await new Promise((r) => setTimeout(r, 250));
      gate.cut();
      expect(await outcome).toBe('unavailable');
      await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
      gate.restore();
      await until(async () => availability.at(-1) === true);
      expect(availability).toEqual([false, true]);
      // PostgreSQL finished the commit the client never heard of: the retry is answered from it.
      const retry = await store.appendMessage({ ...message, id: randomUUID() });
      expect(retry).toMatchObject({ duplicate: true, message: { seq: 2, body: 'in doubt' } });
      expect(await sql(database.url, 'SELECT seq FROM messages WHERE query_id = $1 ORDER BY seq', [queryId])).toEqual([{ seq: 1 }, { seq: 2 }]);
    } finally {
      await store.close();
      await gate.close();
      await database.drop();
    }
  });
});

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { describe, expect, it } from 'vitest';
import { createTestDatabase, sql, type TestDatabase } from '../../../test/support/postgres.js';
import { describeStoreContract } from '../contract/describe-store-contract.js';
import type { Store } from '../store.js';
import { LATEST_VERSION } from './migrations.js';
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

describe('PostgresStore migrations', () => {
  it('three nodes opening an empty database at the same moment migrate it once, and all open', async () => {
    const database = await createTestDatabase('migrate');
    try {
      const stores = await Promise.all([open(database.url), open(database.url), open(database.url)]);
      const rows = await sql<{ version: number }>(database.url, 'SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
      for (const store of stores) await store.ping();
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await database.drop();
    }
  });

  it('refuses a database written by a newer server, saying so', async () => {
    const database = await createTestDatabase('newer');
    try {
      await (await open(database.url)).close();
      await sql(database.url, "INSERT INTO schema_migrations (version, description) VALUES (999, 'from the future')");
      await expect(open(database.url)).rejects.toThrow(/schema version 999 is newer than this server/);
    } finally {
      await database.drop();
    }
  });
});

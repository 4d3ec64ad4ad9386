import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { UserRef } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrations } from './migrations.js';
import { SqliteDatabase } from './sqlite-database.js';
import { SqliteSearchIndex } from './sqlite-search-index.js';
import { DATABASE_FILE, SqliteStore } from './sqlite-store.js';

const commit = { mode: 'group', maxBatch: 256, delayMs: 0 } as const;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openStore(dataDir = mkdtempSync(join(tmpdir(), 'parley-fts-'))) {
  dirs.push(dataDir);
  const store = new SqliteStore({ dataDir, commit });
  const customer = await store.createCustomer({ id: randomUUID(), name: 'Cleo', email: null, externalId: null, resumeKeyHash: randomUUID(), createdAt: new Date().toISOString() });
  const author: UserRef = { id: customer.id, role: 'customer', name: customer.name };
  const queryId = randomUUID();
  await store.createQuery({ id: queryId, subject: 'S', customerId: customer.id, createdAt: new Date().toISOString(), firstMessage: { id: randomUUID(), clientId: randomUUID(), author, body: 'opening words' } });
  const append = (body: string) => store.appendMessage({ id: randomUUID(), queryId, clientId: randomUUID(), author, body, internal: false, createdAt: new Date().toISOString() });
  const find = async (word: string) => (await store.searchMessages({ words: [word], includeNotes: false, limit: 10 })).hits.map((h) => h.message.body);
  /** What a second connection sees: the rowid indexed up to, and the largest rowid stored. */
  const progress = () => {
    const side = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
    const row = side.prepare('SELECT indexed_upto AS indexed, (SELECT MAX(rowid) FROM messages) AS stored FROM messages_fts_progress').get() as { indexed: number; stored: number };
    side.close();
    return row;
  };
  return { store, dataDir, append, find, progress };
}

describe('SQLite search index (messages indexed outside the appends)', () => {
  it('a search finds a message appended just before it, though the background indexing has not run yet', async () => {
    const s = await openStore();
    await s.append('the kettle whistles');
    expect(s.progress().indexed).toBeLessThan(s.progress().stored);
    expect(await s.find('kettle')).toEqual(['the kettle whistles']);
    expect(s.progress().indexed).toBe(s.progress().stored);
    await s.store.close();
  });

  it('indexes stored messages a moment later with nobody searching', async () => {
    const s = await openStore();
    for (let i = 0; i < 5; i++) await s.append(`teapot number ${i}`);
    await expect.poll(() => s.progress().indexed - s.progress().stored, { timeout: 5000, interval: 100 }).toBe(0);
    expect(await s.find('teapot')).toHaveLength(5);
    await s.store.close();
  });

  it('a backlog left unindexed when the process stopped is indexed after the next start', async () => {
    const first = await openStore();
    await first.append('left behind');
    await first.store.close();
    expect(first.progress().indexed).toBeLessThan(first.progress().stored);
    const again = new SqliteStore({ dataDir: first.dataDir, commit });
    await expect.poll(() => first.progress().indexed - first.progress().stored, { timeout: 5000, interval: 100 }).toBe(0);
    expect((await again.searchMessages({ words: ['behind'], includeNotes: false, limit: 10 })).hits).toHaveLength(1);
    await again.close();
  });

  it('a deleted message leaves the index, and a message given its rowid again is indexed', async () => {
    const s = await openStore();
    await s.append('marmalade on toast');
    expect(await s.find('marmalade')).toHaveLength(1);
    const side = new DatabaseSync(join(s.dataDir, DATABASE_FILE));
    side.exec('DELETE FROM messages WHERE rowid = (SELECT MAX(rowid) FROM messages)');
    side.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    side.close();
    expect(await s.find('marmalade')).toEqual([]);
    await s.append('jam on scones');
    expect(await s.find('jam')).toEqual(['jam on scones']);
    const check = new DatabaseSync(join(s.dataDir, DATABASE_FILE));
    check.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    check.close();
    await s.store.close();
  });

  it('an unindexed message can be deleted without touching the index', async () => {
    const s = await openStore();
    await s.append('crumpets');
    const side = new DatabaseSync(join(s.dataDir, DATABASE_FILE));
    side.exec("DELETE FROM messages WHERE body = 'crumpets'");
    side.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    side.close();
    expect(await s.find('crumpets')).toEqual([]);
    expect(await s.find('opening')).toEqual(['opening words']);
    await s.store.close();
  });

  it('messages indexed by the old per-append trigger are still found after the upgrade, and new ones too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-fts-'));
    dirs.push(dataDir);
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    for (const m of migrations.filter((m) => m.version <= 15)) db.exec(m.sql);
    db.exec('PRAGMA user_version = 15');
    db.exec(`INSERT INTO customers (id, name, created_at) VALUES ('c', 'Cleo', '2030-01-01T00:00:00.000Z');
      INSERT INTO queries (id, subject, status, customer_id, created_at, updated_at, last_seq) VALUES ('q', 'S', 'open', 'c', '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z', 1);
      INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at)
        VALUES ('m1', 'q', 0, 1, 'k1', 'c', 'customer', 'Cleo', 'an old biscuit', '2030-01-01T00:00:00.000Z');`);
    db.close();
    const store = new SqliteStore({ dataDir, commit });
    expect((await store.searchMessages({ words: ['biscuit'], includeNotes: false, limit: 10 })).hits.map((h) => h.message.id)).toEqual(['m1']);
    await store.appendMessage({ id: randomUUID(), queryId: 'q', clientId: 'k2', author: { id: 'c', role: 'customer', name: 'Cleo' }, body: 'a new biscuit', internal: false, createdAt: new Date().toISOString() });
    expect((await store.searchMessages({ words: ['biscuit'], includeNotes: false, limit: 10 })).hits.map((h) => h.message.body)).toEqual(['a new biscuit', 'an old biscuit']);
    await store.close();
  });
});

/** A database with one query and `count` messages (`body(seq)`), none indexed yet, written without the store. */
function seeded(count: number, body: (seq: number) => string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-fts-seeded-'));
  dirs.push(dataDir);
  const database = new SqliteDatabase(dataDir);
  const now = new Date().toISOString();
  database.transaction(() => {
    database.sql("INSERT INTO customers (id, name, created_at) VALUES ('c', 'Cleo', ?)").run(now);
    database.sql("INSERT INTO queries (id, subject, status, customer_id, created_at, updated_at) VALUES ('q', 'S', 'open', 'c', ?, ?)").run(now, now);
    const insert = database.sql(
      "INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at) VALUES (?, 'q', 0, ?, ?, 'c', 'customer', 'Cleo', ?, ?)",
    );
    for (let seq = 1; seq <= count; seq++) insert.run(`m${seq}`, seq, `k${seq}`, body(seq), now);
  });
  const segments = () => (database.sql('SELECT COUNT(DISTINCT segid) AS n FROM messages_fts_idx').get() as { n: number }).n;
  return { database, segments };
}

describe('SQLite search index in the background', () => {
  it('indexes a backlog in steps, with the thread free for other work between them', async () => {
    const { database } = seeded(1000, (seq) => `saucer ${seq}`);
    const index = new SqliteSearchIndex(database, { delayMs: 0, backgroundStep: 100 });
    let turns = 0;
    const spin = () => {
      turns++;
      if (index.stats.indexed < 1000) setImmediate(spin);
    };
    setImmediate(spin);
    index.schedule();
    await vi.waitFor(() => expect(index.stats.indexed).toBe(1000));
    // Ten steps of 100 (and one that finds nothing), the event loop turning between them: in one go it would not.
    expect(index.stats.steps).toBeGreaterThanOrEqual(10);
    expect(turns).toBeGreaterThanOrEqual(10);
    const { n } = database.sql("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'saucer'").get() as { n: number };
    expect(n).toBe(1000);
    index.close();
    database.close();
  });
});

describe('SQLite search index segments, merged in steps of their own', () => {
  it('a database has automerge off, so no indexing transaction merges segments', () => {
    const { database } = seeded(0, String);
    expect(database.sql("SELECT v FROM messages_fts_config WHERE k = 'automerge'").get()).toEqual({ v: 0 });
    database.close();
  });

  it('the segments of many small indexing steps are merged afterwards, and every message is still found', async () => {
    const { database, segments } = seeded(2000, (seq) => `ladle ${seq} stamp${seq}`);
    // 50: the smallest step the pacing takes (SearchIndexPacing.MIN_STEP).
    const index = new SqliteSearchIndex(database, { delayMs: 0, backgroundStep: 50 });
    index.schedule();
    await vi.waitFor(() => expect(index.stats.indexed).toBe(2000), { timeout: 5000 });
    // Forty indexing steps wrote a segment each; merge steps ran between them and after them, until none had work.
    await vi.waitFor(() => {
      expect(index.merges.stats.merged).toBeGreaterThan(0);
      expect(index.merges.step()).toBe(false);
    }, { timeout: 5000 });
    expect(index.stats.steps).toBeGreaterThanOrEqual(40);
    expect(segments()).toBeLessThan(10);
    const { n } = database.sql("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'ladle'").get() as { n: number };
    expect(n).toBe(2000);
    expect(database.sql("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'stamp1999'").get()).toEqual({ n: 1 });
    index.close();
    database.close();
  });

  it('indexing and merge steps commit without an fsync of their own (synchronous NORMAL), and the connection is back at FULL after each', async () => {
    const { database } = seeded(600, (seq) => `spoon ${seq}`);
    const level = () => (database.sql('PRAGMA synchronous').get() as { synchronous: number }).synchronous;
    const levels: number[] = [];
    const transaction = database.transaction.bind(database);
    vi.spyOn(database, 'transaction').mockImplementation((work, options) => transaction(() => {
      levels.push(level());
      work();
    }, options));
    const index = new SqliteSearchIndex(database, { delayMs: 0, backgroundStep: 50 });
    index.schedule();
    await vi.waitFor(() => expect(index.stats.indexed).toBe(600), { timeout: 5000 });
    await vi.waitFor(() => expect(index.merges.step()).toBe(false), { timeout: 5000 });
    expect(index.merges.stats.steps).toBeGreaterThan(1);
    // 1 = NORMAL, 2 = FULL (SQLite's numbering): every indexing and merge transaction ran at NORMAL.
    expect(levels.length).toBeGreaterThanOrEqual(12 + index.merges.stats.steps);
    expect(new Set(levels)).toEqual(new Set([1]));
    expect(level()).toBe(2);
    index.close();
    database.close();
  });

  it('a merge step with nothing to merge says so and leaves the index as it was', () => {
    const { database, segments } = seeded(30, (seq) => `ladle ${seq}`);
    const index = new SqliteSearchIndex(database, { delayMs: 0 });
    index.catchUp();
    index.close();
    const before = segments();
    expect(index.merges.step()).toBe(false);
    expect(segments()).toBe(before);
    database.close();
  });
});

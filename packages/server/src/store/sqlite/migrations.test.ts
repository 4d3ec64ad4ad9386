import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations.js';
import { DATABASE_FILE, SqliteStore } from './sqlite-store.js';

const commit = { mode: 'group' as const, maxBatch: 64, delayMs: 0 };
const at = '2030-01-01T00:00:00.000Z';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database as a version-16 server left it: two queries, a public message, a note, an attachment, indexed for search. */
function databaseAtVersion16(): { dataDir: string; db: DatabaseSync } {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
  dirs.push(dataDir);
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  db.exec('PRAGMA foreign_keys = ON');
  for (const m of migrations.filter((m) => m.version <= 16)) db.exec(m.sql);
  db.exec('PRAGMA user_version = 16');
  db.exec(`
    INSERT INTO customers (id, name, created_at) VALUES ('c', 'Cleo', '${at}');
    INSERT INTO queries (id, subject, status, customer_id, created_at, updated_at, last_seq, last_note_seq) VALUES
      ('q1', 'Kettle', 'open', 'c', '${at}', '${at}', 2, 1), ('q2', 'Toaster', 'open', 'c', '${at}', '${at}', 1, 0);
    INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at, attachments, written_at) VALUES
      ('m1', 'q1', 0, 1, 'k1', 'c', 'customer', 'Cleo', 'the kettle whistles', '${at}', NULL, NULL),
      ('gone', 'q1', 0, 9, 'k9', 'c', 'customer', 'Cleo', 'deleted', '${at}', NULL, NULL),
      ('m2', 'q1', 0, 2, 'k2', 'c', 'customer', 'Cleo', 'a photo of the kettle', '${at}', '[{"id":"a1"}]', '2029-12-31T23:00:00.000Z'),
      ('n1', 'q1', 1, 1, 'k3', 'a', 'agent', 'Ada', 'note: descale it', '${at}', NULL, NULL),
      ('m3', 'q2', 0, 1, 'k1', 'c', 'customer', 'Cleo', 'the toaster burns', '${at}', NULL, NULL);
    DELETE FROM messages WHERE id = 'gone';
    INSERT INTO attachments (id, query_id, uploader_id, name, content_type, size, storage_name, message_id, created_at)
      VALUES ('a1', 'q1', 'c', 'kettle.jpg', 'image/jpeg', 10, 's1', 'm2', '${at}');
    INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
    UPDATE messages_fts_progress SET indexed_upto = (SELECT MAX(rowid) FROM messages);
  `);
  return { dataDir, db };
}

const rows = (db: DatabaseSync) => db.prepare('SELECT rowid, * FROM messages ORDER BY rowid').all();
/** The column lists of the table's unique indexes, e.g. [['id'], ['client_id', 'query_id'], …]. */
function uniqueIndexes(db: DatabaseSync, table: string): string[][] {
  const list = db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number }[];
  return list
    .filter((i) => i.unique === 1)
    .map((i) => (db.prepare(`PRAGMA index_info(${i.name})`).all() as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name))
    .sort();
}

describe('SQLite migration 17: the idempotency index led by client_id', () => {
  it('keeps every message with its rowid, its attachment link and its place in the search index', async () => {
    const { dataDir, db } = databaseAtVersion16();
    const before = rows(db);
    expect(uniqueIndexes(db, 'messages')).toContainEqual(['query_id', 'client_id']);
    db.close();

    const store = new SqliteStore({ dataDir, commit });
    await store.close();

    const after = new DatabaseSync(join(dataDir, DATABASE_FILE));
    expect(after.prepare('PRAGMA user_version').get()).toEqual({ user_version: migrations.at(-1)!.version });
    expect(rows(after)).toEqual(before);
    expect(uniqueIndexes(after, 'messages')).toEqual([['client_id', 'query_id'], ['id'], ['query_id', 'internal', 'seq']]);
    expect(after.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messages'").all()).toEqual([{ name: 'messages_fts_delete' }]);
    after.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    after.close();
  });

  it('answers retries, searches and deletions on the rebuilt table as before', async () => {
    const { dataDir, db } = databaseAtVersion16();
    db.close();
    const store = new SqliteStore({ dataDir, commit });
    const cleo = { id: 'c', role: 'customer' as const, name: 'Cleo' };
    const send = (queryId: string, clientId: string, body: string) =>
      store.appendMessage({ id: `new-${queryId}-${clientId}`, queryId, clientId, author: cleo, body, internal: false, createdAt: new Date().toISOString() });

    // The key is the pair: k2 again in q1 is a retry, k2 in q2 a new message.
    expect(await send('q1', 'k2', 'again')).toMatchObject({ duplicate: true, message: { id: 'm2', seq: 2 } });
    expect(await send('q2', 'k2', 'the toaster smokes')).toMatchObject({ duplicate: false, message: { seq: 2 } });
    const found = await store.searchMessages({ words: ['kettle'], includeNotes: false, limit: 10 });
    expect(found.hits.map((h) => h.message.id).sort()).toEqual(['m1', 'm2']);
    expect((await store.searchMessages({ words: ['toaster'], includeNotes: false, limit: 10 })).hits.map((h) => h.message.body)).toEqual(['the toaster smokes', 'the toaster burns']);
    await store.close();

    // The trigger that keeps the search index true on deletion was made again.
    const after = new DatabaseSync(join(dataDir, DATABASE_FILE));
    after.exec("DELETE FROM messages WHERE id = 'm1'");
    after.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    after.close();
  });

  it('rolls back, with foreign keys on again, when the copy would leave a broken reference', () => {
    const { db } = databaseAtVersion16();
    db.exec('PRAGMA foreign_keys = OFF');
    db.exec(`INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at)
      VALUES ('stray', 'no-such-query', 0, 1, 'k', 'c', 'customer', 'Cleo', 'orphan', '${at}')`);
    db.exec('PRAGMA foreign_keys = ON');

    expect(() => migrate(db)).toThrow(/migration 17 would leave 1 broken references in messages/);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 16 });
    expect(uniqueIndexes(db, 'messages')).toContainEqual(['query_id', 'client_id']);
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    db.close();
  });
});

describe("SQLite migration 18: the agents' unread count", () => {
  it("counts each query's customer messages after the agents' cursor, leaving out automatic replies and notes", async () => {
    const { dataDir, db } = databaseAtVersion16();
    db.exec(`
      INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at) VALUES
        ('s3', 'q1', 0, 3, 'k4', 'system', 'system', 'Support', 'we answer within the hour', '${at}'),
        ('m4', 'q1', 0, 4, 'k5', 'c', 'customer', 'Cleo', 'still whistling', '${at}'),
        ('n2', 'q1', 1, 2, 'k6', 'c', 'customer', 'Cleo', 'a note stream entry past the cursor', '${at}');
      UPDATE queries SET last_seq = 4, last_note_seq = 2, agent_read_seq = 1 WHERE id = 'q1';
    `);
    db.close();

    const store = new SqliteStore({ dataDir, commit });
    // q1: seqs 2 (customer) and 4 (customer) after the agents' cursor at 1; 3 is an automatic reply, and note 2
    // (a number of the notes' own stream, past the cursor) is not a message to the agents. q2: never read.
    expect((await store.getQuery('q1'))?.agentUnread).toBe(2);
    expect((await store.getQuery('q2'))?.agentUnread).toBe(1);
    await store.close();
  });
});

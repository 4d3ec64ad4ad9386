import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '../contract/describe-store-contract.js';
import type { Store } from '../store.js';
import { migrations } from './migrations.js';
import { DATABASE_FILE, SqliteStore } from './sqlite-store.js';

const dirs = new WeakMap<Store, string>();

describeStoreContract('SQLite', {
  async create(commit) {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const store = new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0, ...commit } });
    dirs.set(store, dataDir);
    return store;
  },
  async sibling(store) {
    const dataDir = dirs.get(store)!;
    return new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } });
  },
  async destroy(store) {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
  },
});

describe('SqliteStore on disk', () => {
  it('runs in WAL mode with synchronous=FULL and records the schema version', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const store = new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } });
    await store.close();
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: migrations.at(-1)!.version });
    db.close();
    // Reopening an up-to-date database runs no migration again.
    const again = new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } });
    await again.ping();
    await again.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps DATA_DIR (0700) and the database files (0600) private to their owner, whatever the umask', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const dataDir = join(parent, 'data');
    const store = new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } });
    await store.createCustomer({ id: 'c', name: 'C', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString() });
    const mode = (file: string) => statSync(join(dataDir, file)).mode & 0o777;
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) expect(mode(file), file).toBe(0o600);
    await store.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('refuses a database written by a newer server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    db.exec('PRAGMA user_version = 999');
    db.close();
    expect(() => new SqliteStore({ dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 } })).toThrow(/newer than this server/);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

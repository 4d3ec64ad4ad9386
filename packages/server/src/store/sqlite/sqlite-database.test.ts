import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from './sqlite-database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open() {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-db-'));
  dirs.push(dataDir);
  const database = new SqliteDatabase(dataDir);
  database.db.exec('CREATE TABLE t (v INTEGER)');
  /** SQLite's numbering: 1 = NORMAL (no fsync at commit in WAL mode), 2 = FULL. */
  const level = () => (database.sql('PRAGMA synchronous').get() as { synchronous: number }).synchronous;
  const rows = () => (database.sql('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
  return { database, level, rows };
}

describe('SqliteDatabase transactions', () => {
  it('commits at synchronous FULL by default, so each commit is fsynced', () => {
    const { database, level, rows } = open();
    let inside = 0;
    database.transaction(() => {
      inside = level();
      database.sql('INSERT INTO t VALUES (1)').run();
    });
    expect(inside).toBe(2);
    expect(rows()).toBe(1);
    database.close();
  });

  it('an unsynced transaction commits at NORMAL and puts the connection back at FULL', () => {
    const { database, level, rows } = open();
    let inside = 0;
    database.transaction(() => {
      inside = level();
      database.sql('INSERT INTO t VALUES (1)').run();
    }, { synced: false });
    expect(inside).toBe(1);
    expect(level()).toBe(2);
    expect(rows()).toBe(1);
    database.close();
  });

  it('an unsynced transaction that throws is rolled back, rethrows, and leaves the connection at FULL', () => {
    const { database, level, rows } = open();
    expect(() => database.transaction(() => {
      database.sql('INSERT INTO t VALUES (1)').run();
      throw new Error('refused');
    }, { synced: false })).toThrow('refused');
    expect(level()).toBe(2);
    expect(rows()).toBe(0);
    expect(database.db.isTransaction).toBe(false);
    database.close();
  });
});

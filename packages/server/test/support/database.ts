import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Row counts of every table, read straight from DATA_DIR's SQLite file (independently of the server). */
export function tableCounts(dataDir: string): Record<string, number> {
  const db = new DatabaseSync(join(dataDir, 'parley.db'), { readOnly: true });
  try {
    // The full-text index (messages_fts and its shadow tables) is derived from `messages`, which is compared.
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'messages_fts%' ORDER BY name")
      .all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

/** seq of every stored message of a query's stream, ascending, from the database file. */
export function storedSeqs(dataDir: string, queryId: string, internal = false): number[] {
  const db = new DatabaseSync(join(dataDir, 'parley.db'), { readOnly: true });
  try {
    const rows = db.prepare('SELECT seq FROM messages WHERE query_id = ? AND internal = ? ORDER BY seq').all(queryId, internal ? 1 : 0) as Array<{ seq: number }>;
    return rows.map((r) => r.seq);
  } finally {
    db.close();
  }
}

/**
 * A digest of every table's full contents (row count and a hash of every row,
 * in rowid order), read straight from the database file: "the database is
 * unchanged" means no row was added, removed or edited, not merely the same counts.
 */
export function tableSnapshot(dataDir: string): Record<string, string> {
  const db = new DatabaseSync(join(dataDir, 'parley.db'), { readOnly: true });
  try {
    // The full-text index (messages_fts and its shadow tables) is derived from `messages`, which is compared.
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'messages_fts%' ORDER BY name")
      .all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map(({ name }) => {
        const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
        const digest = createHash('sha256').update(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).digest('hex');
        return [name, `${rows.length}:${digest}`];
      }),
    );
  } finally {
    db.close();
  }
}

/**
 * The one node:sqlite connection every part of the embedded store shares, with
 * what they all need from it: cached prepared statements, a write transaction
 * and the closed check. Opening it sets the pragmas and runs the migrations.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { AppError } from '../../errors/app-error.js';
import { migrate } from './migrations.js';

/** File name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'parley.db';

export class SqliteDatabase {
  /** The raw connection, for the feature stores (attachments, ratings, canned replies) that share it. */
  readonly db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #closed = false;

  /**
   * Opens (or creates) `dataDir/parley.db` and brings its schema up to date. The database holds password
   * hashes and every conversation: a DATA_DIR this creates is 0700, and the database files are 0600 whatever
   * the umask (SQLite gives its -wal and -shm files the database file's mode).
   */
  constructor(dataDir: string) {
    if (!existsSync(dataDir)) {
      mkdirSync(dataDir, { recursive: true });
      chmodSync(dataDir, 0o700);
    }
    const path = join(dataDir, DATABASE_FILE);
    closeSync(openSync(path, 'a', 0o600));
    for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL');
    // FULL: the WAL is fsynced on every commit, so an acked message survives a power cut.
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.db.exec('PRAGMA busy_timeout = 5000');
    // 64 MiB of page cache instead of 2: each group commit touches a leaf per conversation in each index of
    // `messages`, and re-reading them from the OS page cache was a syscall each (store alone, 200,000 messages:
    // about 5–15 % less time per message; docs/performance.md). Pages are only cached once read.
    this.db.exec('PRAGMA cache_size = -65536');
    // Copy the WAL back into the database every 10,000 pages (about 40 MiB) instead of 1,000: a page that several
    // commits dirty is then written back once, not once per commit or two (store alone: about 17–22 % less time
    // per message; docs/performance.md). Closing copies it back and removes it; after a crash the next open
    // replays at most that much. In the server a checkpoint thread copies it back beside the writer first
    // (sqlite-checkpointer.ts); this is then the backstop that finds little left.
    this.db.exec('PRAGMA wal_autocheckpoint = 10000');
    migrate(this.db);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Prepared statements are cached: the same few SQL strings run on every message. */
  sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` in one BEGIN IMMEDIATE … COMMIT; anything it throws rolls it back and is rethrown.
   *
   * `{ synced: false }` commits without an fsync of its own (`synchronous = NORMAL` for this one transaction),
   * for writes that can be redone from what is already durable — the search index, whose progress row moves in
   * the same transaction as its segments. The WAL is one file written in order, so the next synced commit's
   * fsync (an append's, or a checkpoint's, which syncs the WAL before it copies) makes it durable too; a power
   * cut before that loses this transaction whole, and only it and what came after, none of it acked. It saves
   * the writer an fsync per indexing and merge step, during which every append waited (docs/performance.md).
   */
  transaction(work: () => void, options: { synced?: boolean } = {}): void {
    // SQLite refuses to change the safety level inside a transaction, so it is set around BEGIN … COMMIT.
    const unsynced = options.synced === false;
    if (unsynced) this.sql('PRAGMA synchronous = NORMAL').run();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        work();
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      if (unsynced) this.sql('PRAGMA synchronous = FULL').run();
    }
  }

  /** @throws AppError('unavailable') once the store is closed. */
  assertOpen(): void {
    if (this.#closed) throw new AppError('unavailable', 'the store is closed');
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.db.close();
  }
}

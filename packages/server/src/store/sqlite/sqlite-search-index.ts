/**
 * The embedded store's full-text index of message bodies (`messages_fts`, FTS5), kept outside the appends'
 * transactions (migration 16). Indexing a message inside its own group commit cost about 20 µs of the writer
 * per message under load and 70 µs per commit at light load (FTS5 writes a new segment every transaction);
 * indexing the messages in bulk, thousands per transaction, costs 1–3 µs each (docs/performance.md).
 *
 * So a message is indexed a moment after it is stored — {@link INDEX_DELAY_MS} after the first message that
 * is not yet — and **before every search**: {@link SqliteSearchIndex.catchUp} runs first, in the same thread
 * as the appends, so a search sees every message acked before it, as when a trigger indexed each one.
 *
 * `messages_fts_progress.indexed_upto` is the largest rowid indexed; it moves in the transaction that indexes,
 * so a crash between an append and its indexing leaves the message to the next run (at the next start at the
 * latest). Messages are never updated; the delete trigger removes only indexed rows from the index.
 */
import { SearchIndexPacing } from './search-index-pacing.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { SqliteSearchMerges } from './sqlite-search-merges.js';
import type { SqliteQueryRows } from './sqlite-query-rows.js';

/** How long a stored message may wait to be indexed when nobody searches. */
export const INDEX_DELAY_MS = 1000;
/** Messages indexed per transaction before a search: a long backlog (after an upgrade, a crash) in steps. */
const CHUNK = 20_000;
/**
 * The most messages indexed per transaction in the background, between which the thread takes the appends
 * waiting for it: a second's worth under load (14,000 messages) in one go held every append for about 30 ms,
 * each second. Each step is a transaction (FTS5 writes a segment per transaction): 1,000 per step made the
 * indexing cost half as much again as in one go (docs/performance.md); 2,500 is about 5 ms. Below the cap a
 * step is sized to last about as long as an append's commit ({@link SearchIndexPacing}).
 */
const BACKGROUND_STEP = 2500;

export class SqliteSearchIndex {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #step: ReturnType<typeof setImmediate> | null = null;
  /** Messages may be waiting: at open (a backlog left by a crash or an upgrade), and after every append. */
  #dirty = true;
  readonly stats = { runs: 0, indexed: 0, steps: 0 };

  readonly #delayMs: number;
  readonly #pacing: SearchIndexPacing;
  /** The append's copy of query rows, told that the index's writes leave them alone. */
  readonly #queryRows: SqliteQueryRows | undefined;
  /** The segments each indexing transaction writes, merged in steps of their own (automerge is off). */
  readonly merges: SqliteSearchMerges;

  constructor(
    private readonly database: SqliteDatabase,
    /** `backgroundStep`: the most messages one background step indexes. */
    options: { delayMs?: number; backgroundStep?: number; queryRows?: SqliteQueryRows } = {},
  ) {
    this.#delayMs = options.delayMs ?? INDEX_DELAY_MS;
    this.#pacing = new SearchIndexPacing(options.backgroundStep ?? BACKGROUND_STEP);
    this.#queryRows = options.queryRows;
    this.merges = new SqliteSearchMerges(database, (write) => this.#unrelated(write));
  }

  /** Messages were stored: index them within {@link INDEX_DELAY_MS} unless a search does it first. */
  schedule(): void {
    this.#dirty = true;
    if (this.#timer || this.#step || this.database.closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#background();
    }, this.#delayMs);
    // The process (or the store's worker thread) must be able to exit with a catch-up pending: the next start does it.
    this.#timer.unref();
  }

  /** An append's transaction took `ms`: background steps are sized to hold the writer about as long. */
  appended(ms: number): void {
    this.#pacing.appended(ms);
  }

  /** Indexes every stored message not indexed yet, at once (a search is waiting); returns how many. */
  catchUp(): number {
    this.database.assertOpen();
    // One process writes this database, so nothing was stored since the last catch-up unless schedule() says so.
    if (!this.#dirty) return 0;
    let total = 0;
    for (;;) {
      const indexed = this.#index(CHUNK);
      total += indexed;
      if (indexed < CHUNK) break;
    }
    this.#dirty = false;
    this.#count(total);
    if (total > 0) this.merges.soon();
    return total;
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#step) clearImmediate(this.#step);
    this.#timer = null;
    this.#step = null;
    this.merges.close();
  }

  /** One background step; while a full step was indexed, the next one after what waits in the thread's queue. */
  #background(): void {
    this.#step = null;
    if (this.database.closed || !this.#dirty) return;
    const size = this.#pacing.size;
    const started = performance.now();
    const indexed = this.#index(size);
    this.#pacing.stepped(indexed, performance.now() - started);
    this.stats.steps += 1;
    this.#count(indexed);
    if (indexed > 0) this.merges.soon();
    if (indexed < size) {
      // Synchronously after the transaction that found nothing more: an append since would have set it again.
      this.#dirty = false;
      return;
    }
    this.#step = setImmediate(() => this.#background());
    this.#step.unref();
  }

  /** Indexes up to `limit` messages in one transaction; returns how many. */
  #index(limit: number): number {
    return this.#unrelated(() => this.#indexNow(limit));
  }

  /** Runs a write to the index's own tables, telling the append's copy of query rows that it leaves them alone. */
  #unrelated<T>(write: () => T): T {
    return this.#queryRows ? this.#queryRows.unrelated(write) : write();
  }

  #indexNow(limit: number): number {
    let indexed = 0;
    this.database.transaction(() => {
      const { indexed_upto: from } = this.database.sql('SELECT indexed_upto FROM messages_fts_progress').get() as { indexed_upto: number };
      const last = this.database.sql('SELECT MAX(rowid) AS upto FROM (SELECT rowid FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?)')
        .get(from, limit) as { upto: number | null };
      if (last.upto === null) return;
      indexed = Number(
        this.database.sql('INSERT INTO messages_fts (rowid, body) SELECT rowid, body FROM messages WHERE rowid > ? AND rowid <= ?')
          .run(from, last.upto).changes,
      );
      this.database.sql('UPDATE messages_fts_progress SET indexed_upto = ?').run(last.upto);
    }, { synced: false });
    return indexed;
  }

  #count(indexed: number): void {
    if (indexed === 0) return;
    this.stats.runs += 1;
    this.stats.indexed += indexed;
  }
}

/**
 * The append pipeline's copy of the query rows it reads and writes.
 *
 * Every append reads its query's row — a five-way join for the names and the
 * last message's preview — and was about 15 % of the store thread's time per
 * message (docs/performance.md). The pipeline's own UPDATE says exactly what
 * the row becomes, so after each commit the rows it wrote are kept as written
 * and the next batch of the same conversations reads them from here.
 *
 * The copy is only trusted while nothing else wrote. After each append's
 * COMMIT two counters are noted: the connection's `total_changes()` — every
 * row any of its statements inserted, updated or deleted, triggers included —
 * and `PRAGMA data_version`, which moves when another connection to the same
 * file commits (a second node or process on one DATA_DIR, as the store
 * contract's "two nodes on one database" tests run it). An append that finds
 * either moved (an agent took a query, a customer was renamed, …) starts
 * from an empty copy. The search index's writes, which touch only its own
 * tables, say so through {@link SqliteQueryRows.unrelated} and leave it.
 */
import type { QueryRow } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Rows kept at most; past it the oldest written goes first (a row is ~1 KB). */
const CAPACITY = 10_000;

/**
 * What an append's UPDATE changed in one query's row, or `null`: the append changed something the copy cannot
 * follow (the row is read again next time).
 */
export type RowAfterAppend = { id: string; patch: Partial<QueryRow> | null };

export class SqliteQueryRows {
  readonly #rows = new Map<string, QueryRow>();
  /** The two counters when the copy was last known true; '': never. */
  #changes = '';

  constructor(
    private readonly database: SqliteDatabase,
    private readonly capacity: number = CAPACITY,
  ) {}

  /** Inside an append's transaction, before its first read: forgets everything if anything else wrote since. */
  begin(): void {
    if (!this.#trusted()) this.#rows.clear();
  }

  /** The committed row, from the copy or read with `load` (and then kept). */
  read(id: string, load: (id: string) => QueryRow | undefined): QueryRow | undefined {
    const kept = this.#rows.get(id);
    if (kept) return kept;
    const row = load(id);
    if (row) this.#newest(id, row);
    return row;
  }

  /**
   * Committed rows for a read outside any append (the coalesced `query:updated` pushes read the queries their
   * messages just wrote): from the copy while it is trusted, the misses read with `load` and kept; while it is
   * not, every row read with `load` and nothing kept. In `ids` order, without duplicates, the unknown left out.
   */
  readMany(ids: readonly string[], load: (id: string) => QueryRow | undefined): QueryRow[] {
    const trusted = this.#trusted();
    const found: QueryRow[] = [];
    for (const id of new Set(ids)) {
      const row = trusted ? this.read(id, load) : load(id);
      if (row) found.push(row);
    }
    return found;
  }

  /**
   * After the append's COMMIT: its changes, applied to the kept rows it was planned from. A row no longer kept
   * (pushed out by the batch's own reads) is read again when next needed.
   */
  committed(rows: readonly RowAfterAppend[]): void {
    for (const { id, patch } of rows) {
      const kept = this.#rows.get(id);
      // Written over in place: the kept object has lived for seconds and is in V8's old generation, while a new
      // one would be promoted there too and die there at the next append, about a kilobyte each. At 1,000
      // messages a second that churn cost the store's thread a full collection (4–7 ms) every ~7 s
      // (docs/performance.md). No kept object leaves this class but to the append, which reads it; other readers
      // get `toQuery` copies.
      if (kept && patch) this.#newest(id, Object.assign(kept, patch));
      else this.#rows.delete(id);
    }
    this.#changes = this.#writes();
  }

  /**
   * Runs a write that changes no row the copy holds (the search index's own tables): if the copy was trusted
   * before it, it still is after — the index's steps would otherwise empty it several times a second.
   */
  unrelated<T>(write: () => T): T {
    const before = this.#writes();
    const result = write();
    if (before === this.#changes) this.#changes = this.#writes();
    return result;
  }

  /** The append rolled back: what was read for it may have been changed by it. */
  forget(): void {
    this.#rows.clear();
    this.#changes = '';
  }

  /** Rows held (tests). */
  get size(): number {
    return this.#rows.size;
  }

  /** Keeps `row` as the most recently written, the oldest going past the capacity. */
  #newest(id: string, row: QueryRow): void {
    this.#rows.delete(id);
    this.#rows.set(id, row);
    if (this.#rows.size > this.capacity) this.#rows.delete(this.#rows.keys().next().value!);
  }

  /** Nothing but appends wrote since the copy was last known true. */
  #trusted(): boolean {
    return this.#writes() === this.#changes;
  }

  #writes(): string {
    const row = this.database.sql('SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS others').get() as { own: number; others: number };
    return `${row.own}:${row.others}`;
  }
}

/**
 * The search index's segments, merged in small transactions of their own.
 *
 * FTS5 writes a segment per transaction. By default it also merges segments
 * ('automerge') inside whichever transaction wrote a level's fourth one, however
 * much that merge has to copy. Under scenario 2's load, an indexing step then took
 * 9–14 ms every few seconds instead of its usual 1–3 ms, and every append waited
 * behind it in the store's thread (docs/performance.md, "Scenario 2's tail, stall
 * by stall"). Migration 19 turns automerge off. This class does the same merging
 * with FTS5's 'merge' command, at most {@link MERGE_PAGES} pages per transaction,
 * and the thread takes the appends waiting for it between two steps.
 *
 * FTS5's 'crisismerge' (a level of 16 segments is merged at once) stays on as a
 * safety net. Merging in steps keeps levels well below it.
 */
import type { SqliteDatabase } from './sqlite-database.js';

/** Pages one merge step writes at most ('merge', N): about 1–4 ms of the writer at the sizes measured. */
export const MERGE_PAGES = 16;
/** Merge steps after a batch of new segments before waiting for the next one (a bound, not a target). */
export const MERGE_STEPS_MAX = 64;
/** FTS5 keeps the index's structure (its segments and levels) in this row of `messages_fts_data`. */
const STRUCTURE_ROWID = 10;

export class SqliteSearchMerges {
  #step: ReturnType<typeof setImmediate> | null = null;
  #left = 0;
  readonly stats = { steps: 0, merged: 0 };

  constructor(
    private readonly database: SqliteDatabase,
    /** Runs a write that touches only the index's own tables (see SqliteQueryRows.unrelated). */
    private readonly unrelated: <T>(write: () => T) => T,
  ) {}

  /** New segments were written: merge whatever qualifies, one step per turn, starting soon. */
  soon(): void {
    this.#left = MERGE_STEPS_MAX;
    if (this.#step || this.database.closed) return;
    this.#schedule();
  }

  /**
   * One merge step in its own transaction. Returns whether it changed the index. `false` means no level had
   * enough segments to merge.
   */
  step(): boolean {
    return this.unrelated(() => {
      let changed = false;
      this.database.transaction(() => {
        const before = this.#structure();
        this.database.sql("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?)").run(MERGE_PAGES);
        changed = !sameBytes(before, this.#structure());
      }, { synced: false });
      this.stats.steps += 1;
      if (changed) this.stats.merged += 1;
      return changed;
    });
  }

  close(): void {
    if (this.#step) clearImmediate(this.#step);
    this.#step = null;
  }

  #schedule(): void {
    this.#step = setImmediate(() => this.#run());
    // The process (or the store's thread) may exit with merges left: FTS5 finds the segments where they are.
    this.#step.unref();
  }

  #run(): void {
    this.#step = null;
    if (this.database.closed) return;
    if (this.step() && --this.#left > 0) this.#schedule();
  }

  #structure(): Uint8Array | undefined {
    const row = this.database.sql('SELECT block FROM messages_fts_data WHERE id = ?').get(STRUCTURE_ROWID) as { block: Uint8Array } | undefined;
    return row?.block;
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return Buffer.compare(a, b) === 0;
}

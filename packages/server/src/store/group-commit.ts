/**
 * Group commit: callers enqueue work items; items that arrive close together
 * are handed to `commitBatch` in one call (one transaction, one fsync), and
 * each caller's promise settles only after the batch holding its item has
 * committed. This is what lets many concurrent senders share a commit while
 * every ack still follows its own durable write.
 */

export type ItemOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** `single` commits every item on its own, at once (the benchmark's baseline). */
  mode: 'group' | 'single';
  maxBatch: number;
  /** 0 = flush on setImmediate (after the current I/O phase); otherwise a timer. */
  delayMs: number;
}

/**
 * Commits a batch and returns one outcome per item, in order. It must be
 * all-or-nothing for the items it reports ok; if it throws, every item fails.
 */
export type CommitBatch<I, O> = (items: I[]) => ItemOutcome<O>[];

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitQueue<I, O> {
  #queue: Pending<I, O>[] = [];
  #scheduled: { cancel: () => void } | null = null;
  readonly stats = { commits: 0, items: 0, largestBatch: 0, groupedCommits: 0 };

  constructor(
    private readonly commitBatch: CommitBatch<I, O>,
    private readonly options: GroupCommitOptions,
    private readonly onBatch: (size: number) => void = () => {},
  ) {}

  /** Queues an item; resolves with its result once its batch has committed. */
  enqueue(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      const limit = this.options.mode === 'single' ? 1 : this.options.maxBatch;
      if (this.#queue.length >= limit) this.#flushNow();
      else this.#schedule();
    });
  }

  /** Number of items waiting for a commit. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Commits whatever is queued now; resolves when nothing is left queued. */
  async flush(): Promise<void> {
    this.#flushNow();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    if (this.options.delayMs === 0) {
      const handle = setImmediate(() => this.#flushNow());
      this.#scheduled = { cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(() => this.#flushNow(), this.options.delayMs);
      this.#scheduled = { cancel: () => clearTimeout(handle) };
    }
  }

  #flushNow(): void {
    this.#scheduled?.cancel();
    this.#scheduled = null;
    const limit = this.options.mode === 'single' ? 1 : this.options.maxBatch;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, limit);
      this.#commit(batch);
    }
  }

  #commit(batch: Pending<I, O>[]): void {
    let outcomes: ItemOutcome<O>[];
    try {
      outcomes = this.commitBatch(batch.map((p) => p.item));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.stats.commits += 1;
    this.stats.items += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    if (batch.length > 1) this.stats.groupedCommits += 1;
    this.onBatch(batch.length);
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (!outcome) p.reject(new Error('commitBatch returned too few outcomes'));
      else if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }
}

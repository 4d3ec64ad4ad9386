/**
 * Group commit: callers enqueue work items; items that arrive close together
 * are handed to `commitBatch` in one call (one transaction, one fsync), and
 * each caller's promise settles only after the batch holding its item has
 * committed. This is what lets many concurrent senders share a commit while
 * every ack still follows its own durable write.
 *
 * A synchronous `commitBatch` (SQLite) commits each batch as it is cut. An
 * asynchronous one (PostgreSQL) has one batch in flight at a time: whatever
 * arrives meanwhile waits and forms the next batch, which is both what makes
 * batches grow with load and what keeps batches — and so seqs — in call order.
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
 * all-or-nothing for the items it reports ok; if it throws (or rejects), every item fails with that error.
 */
export type CommitBatch<I, O> = (items: I[]) => ItemOutcome<O>[] | Promise<ItemOutcome<O>[]>;

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitQueue<I, O> {
  #queue: Pending<I, O>[] = [];
  #scheduled: { cancel: () => void } | null = null;
  /** The asynchronous commit under way, if any (it never rejects). */
  #inFlight: Promise<void> | null = null;
  #inFlightCount = 0;
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
      if (this.#queue.length >= this.#limit) this.#flushNow();
      else this.#schedule();
    });
  }

  /** Number of items waiting for a commit (in flight included). */
  get pending(): number {
    return this.#queue.length + this.#inFlightCount;
  }

  /** Commits whatever is queued now; resolves when nothing is left queued or in flight. */
  async flush(): Promise<void> {
    this.#flushNow();
    while (this.#inFlight) {
      await this.#inFlight;
      this.#flushNow();
    }
  }

  get #limit(): number {
    return this.options.mode === 'single' ? 1 : this.options.maxBatch;
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
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
    // An asynchronous commit is under way: what is queued goes as the next batch when it ends.
    while (this.#queue.length > 0 && !this.#inFlight) {
      this.#commit(this.#queue.splice(0, this.#limit));
    }
  }

  #commit(batch: Pending<I, O>[]): void {
    let result: ItemOutcome<O>[] | Promise<ItemOutcome<O>[]>;
    try {
      result = this.commitBatch(batch.map((p) => p.item));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    if (!(result instanceof Promise)) {
      this.#settle(batch, result);
      return;
    }
    this.#inFlightCount = batch.length;
    this.#inFlight = result.then(
      (outcomes) => this.#settle(batch, outcomes),
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    ).finally(() => {
      this.#inFlight = null;
      this.#inFlightCount = 0;
      // Whatever arrived meanwhile has waited for this commit already: it goes at once.
      this.#flushNow();
    });
  }

  #settle(batch: Pending<I, O>[], outcomes: ItemOutcome<O>[]): void {
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

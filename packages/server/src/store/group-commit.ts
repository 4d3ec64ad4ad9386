/**
 * Group commit: callers enqueue work items; items that arrive close together
 * are handed to `commitBatch` in one call (one transaction, one fsync), and
 * each caller's promise settles only after the batch holding its item has
 * committed. This is what lets many concurrent senders share a commit while
 * every ack still follows its own durable write.
 *
 * A synchronous `commitBatch` (SQLite on the event loop) commits each batch
 * as it is cut. An asynchronous one (PostgreSQL, SQLite's worker thread) has
 * at most `pipeline.maxInFlight` batches under way (1 unless the
 * constructor says otherwise): whatever arrives meanwhile waits and forms the next batch, which
 * is what makes batches grow with load. With one in flight, batches — and so
 * seqs — follow call order whatever the committer does; more than one is only
 * for a committer that itself commits batches in the order it was handed them
 * (one worker thread reading its messages in order), which then never waits
 * idle for the event loop to take in one batch's results before it gets the next.
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
  /** The asynchronous commits under way (they never reject). */
  readonly #inFlight = new Set<Promise<void>>();
  #inFlightCount = 0;
  readonly #maxInFlight: number;
  readonly #pipelineMinBatch: number;
  readonly stats = { commits: 0, items: 0, largestBatch: 0, groupedCommits: 0 };

  /**
   * @param pipeline `maxInFlight`: asynchronous batches under way at once, above 1 only for a committer that keeps
   *   their order; `minBatch`: items that must be waiting before a batch is handed over while another is under way
   *   (under light load, one commit at a time groups better and costs less; under heavy load the committer is
   *   never left idle).
   */
  constructor(
    private readonly commitBatch: CommitBatch<I, O>,
    private readonly options: GroupCommitOptions,
    private readonly onBatch: (size: number) => void = () => {},
    pipeline: { maxInFlight: number; minBatch: number } = { maxInFlight: 1, minBatch: 1 },
  ) {
    this.#maxInFlight = pipeline.maxInFlight;
    this.#pipelineMinBatch = pipeline.minBatch;
  }

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
    while (this.#inFlight.size > 0) {
      await Promise.all(this.#inFlight);
      this.#flushNow();
    }
  }

  get #limit(): number {
    return this.options.mode === 'single' ? 1 : this.options.maxBatch;
  }

  get #full(): boolean {
    if (this.#inFlight.size === 0) return false;
    return this.#inFlight.size >= this.#maxInFlight || this.#queue.length < this.#pipelineMinBatch;
  }

  #schedule(): void {
    if (this.#scheduled || this.#full) return;
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
    // As many asynchronous commits as allowed are under way: what is queued goes as the next batch when one ends.
    while (this.#queue.length > 0 && !this.#full) {
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
    this.#inFlightCount += batch.length;
    const commit: Promise<void> = result.then(
      (outcomes) => this.#settle(batch, outcomes),
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    ).finally(() => {
      this.#inFlight.delete(commit);
      this.#inFlightCount -= batch.length;
      // Whatever arrived meanwhile has waited for this commit already: it goes at once.
      this.#flushNow();
    });
    this.#inFlight.add(commit);
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

/**
 * Starts and keeps the embedded store's checkpoint thread
 * (sqlite-checkpoint-worker.ts), which copies the WAL back into parley.db
 * beside the writer instead of inside one of its commits.
 *
 * A checkpoint thread that dies is started again after a pause; meanwhile the
 * writer's own `wal_autocheckpoint` keeps the WAL bounded, as it does without
 * this thread. Nothing the store acks depends on it: the WAL is fsynced at
 * every commit whoever copies it back later.
 */
import { Worker } from 'node:worker_threads';
import { setTimeout as delay } from 'node:timers/promises';
import { workerFile } from './worker-file.js';

/**
 * How often the thread copies the WAL back, in ms. Measured at 1,000 messages a second (docs/performance.md): every
 * 100–250 ms, commits over 4 ms fell from 24 to 6–9 in 22 s; every 1,000 ms, not at all (each pass copies more, and
 * its fsync holds the disk longer).
 */
export const CHECKPOINT_INTERVAL_MS = 200;

/**
 * Pauses before a dead checkpoint thread is started again, in ms: the last one repeats, and a pass that works
 * starts the list over. A thread that cannot open the database at all is tried again once a minute.
 */
const RESTART_PAUSES_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

/** How long close() lets a pass under way finish before it ends the thread (a stuck disk must not hang shutdown). */
const CLOSE_GRACE_MS = 2000;

/** What the thread reports after each pass that found new frames in the WAL. */
export interface CheckpointReport {
  /** Frames in the WAL when the pass began. */
  log: number;
  /** Of those, frames now copied back into the database file. */
  checkpointed: number;
  /** Frames written since the previous pass. */
  fresh: number;
  ms: number;
  /** Set when the pass failed (an I/O error, say); the next one is tried as usual. */
  error?: string;
}

/** Workers started with this data checkpoint the database at `path` every `intervalMs`. */
export interface CheckpointWorkerData {
  path: string;
  intervalMs: number;
}

export interface CheckpointerOptions {
  /** Told when the thread stopped or could not start (it is started again). */
  warn?: (object: object, message: string) => void;
}

export class SqliteCheckpointer {
  readonly #data: CheckpointWorkerData;
  readonly #warn: (object: object, message: string) => void;
  readonly #listeners = new Set<(report: CheckpointReport) => void>();
  #worker: Worker | null = null;
  #closed = false;
  /** Deaths since the last pass that worked. */
  #failures = 0;
  /** Whether the last pass failed: a run of failing passes is said once. */
  #failing = false;
  /** Passes that copied frames, and threads started again after one died. */
  readonly stats = { checkpoints: 0, restarts: 0 };

  /** Starts the thread on the database at `path` (already created and migrated by the writer). */
  constructor(path: string, options: CheckpointerOptions = {}) {
    this.#data = { path, intervalMs: CHECKPOINT_INTERVAL_MS };
    this.#warn = options.warn ?? (() => {});
    this.#start();
  }

  /** Whether a checkpoint thread runs now (not between a death and its restart, nor after close). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /** Calls `listener` with every pass that found new frames; returns the function that stops it. */
  watch(listener: (report: CheckpointReport) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ends the thread as a crash would (tests and failure drills): a new one starts after a pause. */
  async kill(): Promise<void> {
    await this.#worker?.terminate();
  }

  /**
   * Stops the thread once its pass is over and closes its connection. The store calls it before closing its own, so
   * that no pass is under way when the writer's close copies what is left back and removes the WAL.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    const grace = delay(CLOSE_GRACE_MS, 'late' as const, { ref: false });
    if ((await Promise.race([exited, grace])) === 'late') await worker.terminate();
  }

  #start(): void {
    const worker = new Worker(workerFile('sqlite-checkpoint-worker.js', import.meta.url), { workerData: this.#data });
    // Never what keeps a process (or the store's thread) alive: close() ends it, and so does the end of its parent.
    worker.unref();
    this.#worker = worker;
    let failure = '';
    worker.on('message', (report: CheckpointReport) => this.#reported(report));
    // Said once, with the exit that follows (an error always ends the thread). Plain text: `warn`'s object may
    // cross to another thread.
    worker.on('error', (error) => (failure = error.message));
    worker.once('exit', (code) => void this.#died(worker, code, failure));
  }

  #reported(report: CheckpointReport): void {
    if (report.error !== undefined) {
      if (!this.#failing) this.#warn({ error: report.error }, "the store's checkpoint thread could not copy the WAL back; the writer does meanwhile");
      this.#failing = true;
      return;
    }
    this.#failing = false;
    this.#failures = 0;
    if (report.checkpointed > 0) this.stats.checkpoints += 1;
    for (const listener of this.#listeners) listener(report);
  }

  async #died(worker: Worker, code: number, failure: string): Promise<void> {
    if (this.#closed || this.#worker !== worker) return;
    this.#worker = null;
    const pause = RESTART_PAUSES_MS[Math.min(this.#failures++, RESTART_PAUSES_MS.length - 1)];
    this.#warn(
      { code, ...(failure ? { error: failure } : {}), retryInMs: pause },
      "the store's checkpoint thread stopped; the writer copies the WAL back meanwhile; starting a new one",
    );
    await delay(pause, undefined, { ref: false });
    if (this.#closed) return;
    this.stats.restarts += 1;
    this.#start();
  }
}

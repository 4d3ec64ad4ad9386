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

/** Pause before a dead checkpoint thread is started again, in ms. */
const RESTART_PAUSE_MS = 1000;

/** What the thread reports after each pass that found new frames in the WAL. */
export interface CheckpointReport {
  /** Frames in the WAL when the pass began. */
  log: number;
  /** Of those, frames now copied back into the database file. */
  checkpointed: number;
  /** Frames written since the previous pass. */
  fresh: number;
  ms: number;
}

/** Workers started with this data checkpoint the database at `path` every `intervalMs`. */
export interface CheckpointWorkerData {
  path: string;
  intervalMs: number;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /** Told when the thread stopped or could not start (it is started again). */
  warn?: (object: object, message: string) => void;
}

export class SqliteCheckpointer {
  readonly #data: CheckpointWorkerData;
  readonly #warn: (object: object, message: string) => void;
  readonly #listeners = new Set<(report: CheckpointReport) => void>();
  #worker: Worker | null = null;
  #closed = false;
  /** Passes that copied frames, and threads started again after one died. */
  readonly stats = { checkpoints: 0, restarts: 0 };

  /** Starts the thread on the database at `path` (already created and migrated by the writer). */
  constructor(path: string, options: CheckpointerOptions = {}) {
    this.#data = { path, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS };
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
    await exited;
  }

  #start(): void {
    const worker = new Worker(workerFile('sqlite-checkpoint-worker.js', import.meta.url), { workerData: this.#data });
    // Never what keeps a process (or the store's thread) alive: close() ends it, and so does the end of its parent.
    worker.unref();
    this.#worker = worker;
    worker.on('message', (report: CheckpointReport) => {
      if (report.checkpointed > 0) this.stats.checkpoints += 1;
      for (const listener of this.#listeners) listener(report);
    });
    worker.on('error', (error) => this.#warn({ err: error }, "the store's checkpoint thread failed"));
    worker.once('exit', (code) => void this.#died(worker, code));
  }

  async #died(worker: Worker, code: number): Promise<void> {
    if (this.#closed || this.#worker !== worker) return;
    this.#worker = null;
    this.#warn({ code }, "the store's checkpoint thread stopped; the writer copies the WAL back meanwhile; starting a new one");
    await delay(RESTART_PAUSE_MS);
    if (this.#closed) return;
    this.stats.restarts += 1;
    this.#start();
  }
}

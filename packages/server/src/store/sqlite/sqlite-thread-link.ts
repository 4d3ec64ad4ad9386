/**
 * The event loop's end of the embedded store's worker thread
 * (sqlite-thread-worker.ts): starts it, numbers calls and settles each with
 * its answer, and survives the worker's death.
 *
 * A worker that dies (a crash, an out-of-memory, `terminate()`) fails every
 * call it had not answered with `unavailable` — never an `ok`: a commit it
 * finished but could not report is found again by the sender's retry with the
 * same clientId — then a new worker is started on the same database, with a
 * growing pause between attempts while it cannot open. Meanwhile calls are
 * refused `unavailable` at once (senders retry; /readyz answers 503 through
 * the availability listeners), as they are while PostgreSQL is away.
 */
import { Worker } from 'node:worker_threads';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../../errors/app-error.js';
import { workerFile } from './worker-file.js';
import { type CallTarget, decodeError, type WorkerAnswer, type WorkerCall, type WorkerData, type WorkerNotice, type WorkerReady } from './thread-messages.js';

/**
 * The store thread's young generation, in MiB (V8's default lets it grow to about 48). The thread keeps a copy of
 * every busy query's row, alive for seconds and given new field values at each append (until 2026-12-07 each append
 * replaced the whole row), so each of its scavenges copies many survivors. The fewer young objects that piles up
 * between scavenges, the shorter each pause is. Appends wait in the thread's queue while it collects: 10–28 ms
 * pauses at the default, at most 5–10 ms at this size (docs/performance.md, "Scenario 2's tail, stall by stall").
 */
export const STORE_THREAD_YOUNG_MB = 8;

/** Pauses between attempts to start a new worker after one died, in ms (the last one repeats). */
const RESTART_PAUSES_MS = [0, 100, 500, 1000, 2000];

export interface ThreadLinkLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteThreadLink {
  readonly #data: WorkerData;
  readonly #log: ThreadLinkLog | undefined;
  readonly #pending = new Map<number, PendingCall>();
  readonly #listeners = new Set<(available: boolean) => void>();
  #worker: Worker | null = null;
  #nextId = 1;
  #closed = false;
  #restarts = 0;

  private constructor(dataDir: string, log?: ThreadLinkLog) {
    this.#data = { dataDir };
    this.#log = log;
  }

  /** Starts the worker; rejects with the reason it could not open the database (e.g. written by a newer server). */
  static async open(dataDir: string, log?: ThreadLinkLog): Promise<SqliteThreadLink> {
    const link = new SqliteThreadLink(dataDir, log);
    link.#attach(await link.#spawn());
    return link;
  }

  /** How many times a dead worker was replaced. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Sends one call; settles with the worker's answer. @throws AppError('unavailable') while no worker runs. */
  call(target: CallTarget, method: string, args: unknown[]): Promise<unknown> {
    if (this.#closed) return Promise.reject(new AppError('unavailable', 'the store is closed'));
    const worker = this.#worker;
    if (!worker) return Promise.reject(new AppError('unavailable', 'the store is restarting; try again'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, target, method, args } satisfies WorkerCall);
    });
  }

  /** `listener(false)` when the worker dies, `listener(true)` once a new one has opened the database. */
  watch(listener: (available: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ends the worker as a crash would (tests and failure drills): what it had not answered fails, a new one starts. */
  async kill(): Promise<void> {
    await this.#worker?.terminate();
  }

  /** Closes the database in the worker, then ends it. Calls not yet answered are answered first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const worker = this.#worker;
    if (worker) await this.call('store', 'close', []).catch(() => {});
    this.#closed = true;
    this.#worker = null;
    await worker?.terminate();
  }

  #spawn(): Promise<Worker> {
    const worker = new Worker(workerFile('sqlite-thread-worker.js', import.meta.url), { workerData: this.#data, resourceLimits: { maxYoungGenerationSizeMb: STORE_THREAD_YOUNG_MB } });
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the store's worker exited (code ${code}) before opening the database`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (ready: WorkerReady) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (ready.ready) return resolve(worker);
        reject(decodeError(ready.error));
        void worker.terminate();
      });
    });
  }

  #attach(worker: Worker): void {
    this.#worker = worker;
    worker.on('message', (answer: WorkerAnswer | WorkerNotice) => {
      if ('notice' in answer) return this.#log?.warn(answer.notice.object, answer.notice.message);
      const pending = this.#pending.get(answer.id);
      if (!pending) return;
      this.#pending.delete(answer.id);
      if (answer.ok) pending.resolve(answer.value);
      else pending.reject(decodeError(answer.error));
    });
    worker.on('error', (error) => this.#log?.error({ err: error }, "the store's worker thread failed"));
    worker.once('exit', (code) => this.#died(worker, code));
  }

  #died(worker: Worker, code: number): void {
    if (this.#worker !== worker && this.#worker !== null) return;
    this.#worker = null;
    const lost = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of lost) call.reject(new AppError('unavailable', "the store's worker stopped before answering; try again"));
    if (this.#closed) return;
    this.#log?.warn({ code, unanswered: lost.length }, "the store's worker thread stopped; starting a new one");
    for (const listener of this.#listeners) listener(false);
    void this.#restart();
  }

  async #restart(): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      await delay(RESTART_PAUSES_MS[Math.min(attempt, RESTART_PAUSES_MS.length - 1)]);
      if (this.#closed) return;
      try {
        const worker = await this.#spawn();
        if (this.#closed) {
          await worker.terminate();
          return;
        }
        this.#restarts++;
        this.#attach(worker);
        for (const listener of this.#listeners) listener(true);
        return;
      } catch (error) {
        this.#log?.error({ err: error, attempt }, "the store's worker thread could not open the database");
      }
    }
  }
}

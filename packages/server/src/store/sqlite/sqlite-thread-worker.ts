/**
 * The embedded store's worker thread: opens the SQLite store (pragmas,
 * migrations) and answers the event loop's calls one at a time, in the order
 * they arrive — one writer, so batches of appends commit in call order and
 * seq follows it. Every SQL statement and every commit's fsync happen here,
 * never on the thread that reads and writes sockets.
 *
 * Started by SqliteThreadStore (sqlite-thread-store.ts); not imported by
 * anything else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NewMessage } from '../store.js';
import { SqliteStore } from './sqlite-store.js';
import { type CallTarget, encodeError, encodeOutcomes, type WorkerAnswer, type WorkerCall, type WorkerData, type WorkerNotice, type WorkerReady } from './thread-messages.js';

const port = parentPort!;
const { dataDir } = workerData as WorkerData;

let store: SqliteStore;
try {
  // The event loop groups appends itself and hands them over as batches (commitAppends): this store's own queue
  // is never used.
  store = new SqliteStore({
    dataDir,
    commit: { mode: 'single', maxBatch: 1, delayMs: 0 },
    // The WAL is copied back beside this thread, not inside one of its commits (sqlite-checkpoint-worker.ts).
    checkpoints: 'thread',
    warn: (object, message) => port.postMessage({ notice: { object, message } } satisfies WorkerNotice),
  });
  port.postMessage({ ready: true } satisfies WorkerReady);
} catch (error) {
  port.postMessage({ ready: false, error: encodeError(error) } satisfies WorkerReady);
  port.close();
}

/** Calls that are not a plain method of the addressed object. */
const special: Record<string, (args: unknown[]) => unknown> = {
  'store.commitAppends': ([items]) => encodeOutcomes(store.commitAppends(items as NewMessage[])),
  // The value is made by the caller (a function cannot cross threads); the store keeps the first one stored.
  'settings.getOrCreate': ([name, value]) => store.settings.getOrCreate(name as string, () => value as string),
};

function targetOf(target: CallTarget): object {
  return target === 'store' ? store : store[target];
}

async function answer(call: WorkerCall): Promise<unknown> {
  const key = `${call.target}.${call.method}`;
  const handler = special[key];
  if (handler) return handler(call.args);
  const target = targetOf(call.target) as Record<string, unknown>;
  const method = target[call.method];
  if (typeof method !== 'function') throw new Error(`the store has no method ${key}`);
  return (method as (...args: unknown[]) => unknown).apply(target, call.args);
}

// Each call runs synchronously up to its first await as soon as it arrives (every SQL statement of the store is
// synchronous), so calls take effect in the order they were made.
port.on('message', (call: WorkerCall) => {
  answer(call).then(
    (value) => port.postMessage({ id: call.id, ok: true, value } satisfies WorkerAnswer),
    (error: unknown) => port.postMessage({ id: call.id, ok: false, error: encodeError(error) } satisfies WorkerAnswer),
  );
});

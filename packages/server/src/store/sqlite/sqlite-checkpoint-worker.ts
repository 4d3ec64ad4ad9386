/**
 * The embedded store's checkpoint thread: a second connection to parley.db
 * whose only work is to copy the WAL back into the database file, often and
 * in the background (`PRAGMA wal_checkpoint(PASSIVE)`: it never waits for the
 * writer, and the writer never waits for it).
 *
 * Without it, the commit that crosses `wal_autocheckpoint` copies the WAL back
 * itself, with its fsync, while every append behind it waits: 9–12 ms every
 * 1.8 s at 1,000 messages a second (docs/performance.md, "The checkpoint on
 * a thread of its own"). The writer's `wal_autocheckpoint` stays as the
 * backstop: it finds almost nothing left to copy.
 *
 * Started by SqliteCheckpointer (sqlite-checkpointer.ts); not imported by
 * anything else.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointReport, CheckpointWorkerData } from './sqlite-checkpointer.js';

/**
 * Above this many new WAL frames a millisecond (20,000 a second: the writer's own `wal_autocheckpoint` of 10,000
 * then fires twice a second or more, each time finding little left), passes wait {@link BUSY_INTERVAL_MS}: under
 * that load a pass beside the writer costs more than it saves, its fsync competing with the commits' own
 * (scenario 1 lost about 9 % of its throughput to passes every 200 ms; docs/performance.md).
 */
const BUSY_FRAMES_PER_MS = 20;
const BUSY_INTERVAL_MS = 1000;

const port = parentPort!;
const { path, intervalMs } = workerData as CheckpointWorkerData;

// The writer created the database and ran its migrations before this starts: this connection only reads the WAL
// and writes pages back. A PASSIVE checkpoint never calls the busy handler.
const db = new DatabaseSync(path);
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let lastLog = 0;
let lastPass = performance.now();
let timer = setTimeout(pass, intervalMs);

function pass(): void {
  const started = performance.now();
  const { log, checkpointed } = checkpoint.get() as { busy: number; log: number; checkpointed: number };
  // The WAL starts again from its beginning once everything in it was copied back: then every frame is new.
  const fresh = log >= lastLog ? log - lastLog : log;
  const rate = fresh / (started - lastPass);
  lastLog = log;
  lastPass = started;
  timer = setTimeout(pass, rate > BUSY_FRAMES_PER_MS ? BUSY_INTERVAL_MS : intervalMs);
  // Nothing new in the WAL since the last pass (an idle store): nothing was copied, nothing to say.
  if (fresh > 0) port.postMessage({ log, checkpointed, fresh, ms: performance.now() - started } satisfies CheckpointReport);
}

port.on('message', (command: 'close') => {
  if (command !== 'close') return;
  clearTimeout(timer);
  db.close();
  port.close();
});

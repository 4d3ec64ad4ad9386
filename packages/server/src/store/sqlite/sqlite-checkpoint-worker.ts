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
import { closeSync, openSync, readSync } from 'node:fs';
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
// and writes pages back. A PASSIVE checkpoint never waits; `timeout` covers reading the schema while the writer
// holds a lock.
const db = new DatabaseSync(path, { timeout: 5000 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const walHeader = Buffer.alloc(32);
let lastLog = 0;
let lastSalt = -1;
let lastPass = performance.now();
let timer = setTimeout(pass, intervalMs);

/**
 * The WAL header's first salt, which SQLite changes each time it starts the WAL over from its beginning (-1: no
 * WAL file). `log` alone cannot tell a WAL started over and grown back from one that did not move.
 */
function walSalt(): number {
  try {
    const fd = openSync(`${path}-wal`, 'r');
    try {
      return readSync(fd, walHeader, 0, 32, 0) === 32 ? walHeader.readUInt32BE(16) : -1;
    } finally {
      closeSync(fd);
    }
  } catch {
    return -1;
  }
}

function pass(): void {
  const started = performance.now();
  let report: CheckpointReport | null = null;
  let heavy = false;
  try {
    const salt = walSalt();
    const result = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    // Another checkpoint was under way (the writer's own): nothing learnt about the WAL this time.
    if (result.busy === 0 && result.log >= 0) {
      const { log, checkpointed } = result;
      const fresh = salt !== lastSalt || log < lastLog ? log : log - lastLog;
      const rate = fresh / (started - lastPass);
      lastLog = log;
      lastSalt = salt;
      lastPass = started;
      heavy = rate > BUSY_FRAMES_PER_MS;
      // Nothing new in the WAL since the last pass (an idle store): nothing was copied, nothing to say.
      if (fresh > 0) report = { log, checkpointed, fresh, ms: performance.now() - started };
    }
  } catch (error) {
    // An I/O error, say: the writer's own checkpoints go on meanwhile; try again at the next pass.
    report = { log: 0, checkpointed: 0, fresh: 0, ms: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
  timer = setTimeout(pass, heavy ? BUSY_INTERVAL_MS : intervalMs);
  if (report) port.postMessage(report);
}

port.on('message', (command: 'close') => {
  if (command !== 'close') return;
  clearTimeout(timer);
  db.close();
  port.close();
});

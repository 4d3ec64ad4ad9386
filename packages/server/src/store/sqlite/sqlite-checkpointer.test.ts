import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointReport, SqliteCheckpointer } from './sqlite-checkpointer.js';
import { SqliteStore } from './sqlite-store.js';

describe('SqliteCheckpointer, the WAL copied back beside the writer', () => {
  let dataDir: string;
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A store whose WAL a checkpoint thread copies back, with one query to append to. */
  async function open(): Promise<{ append: (count: number) => Promise<void>; checkpointer: SqliteCheckpointer; warnings: string[] }> {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-checkpointer-'));
    const warnings: string[] = [];
    const s = (store = new SqliteStore({
      dataDir, commit: { mode: 'group', maxBatch: 256, delayMs: 0 }, checkpoints: 'thread', warn: (_, message) => warnings.push(message),
    }));
    const customer = await s.createCustomer({ id: randomUUID(), name: 'Cleo', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString() });
    const author = { id: customer.id, role: 'customer', name: customer.name } as const;
    const queryId = randomUUID();
    await s.createQuery({
      id: queryId, subject: 'S', customerId: customer.id, createdAt: new Date().toISOString(),
      firstMessage: { id: randomUUID(), clientId: randomUUID(), author, body: 'first' },
    });
    const append = async (count: number) => {
      await Promise.all(Array.from({ length: count }, (_, i) =>
        s.appendMessage({ id: randomUUID(), queryId, clientId: randomUUID(), author, body: `m ${i}`, internal: false, createdAt: new Date().toISOString() })));
    };
    return { append, checkpointer: s.checkpointer!, warnings };
  }

  /** The next pass of the checkpoint thread that copied back every frame the WAL held. */
  function nextFullCheckpoint(checkpointer: SqliteCheckpointer): Promise<CheckpointReport> {
    return new Promise((resolve) => {
      const stop = checkpointer.watch((report) => {
        if (report.log === 0 || report.checkpointed !== report.log) return;
        stop();
        resolve(report);
      });
    });
  }

  it('copies what the writer commits back into the database file from its own thread', async () => {
    const { append, checkpointer } = await open();
    await append(40);
    // Watched from here on, after frames of appends were committed: the pass it waits for copies frames of appends.
    const copied = nextFullCheckpoint(checkpointer);
    await append(40);
    const report = await copied;
    expect(report.fresh).toBeGreaterThan(0);
    expect(checkpointer.stats.checkpoints).toBeGreaterThanOrEqual(1);
  });

  it('a checkpoint thread that dies is started again and says so; appends are acked meanwhile', async () => {
    const { append, checkpointer, warnings } = await open();
    await checkpointer.kill();
    await append(20);
    const copied = nextFullCheckpoint(checkpointer);
    await append(20);
    await copied;
    expect(checkpointer.stats.restarts).toBe(1);
    expect(warnings).toEqual([expect.stringContaining("checkpoint thread stopped")]);
  });

  // A thread that ended without close() having been called would warn on its exit, before any restart pause.
  it('closing the store ends its checkpoint thread for good: not running, not started again', async () => {
    const { append, checkpointer, warnings } = await open();
    const copied = nextFullCheckpoint(checkpointer);
    await append(40);
    await copied;
    expect(checkpointer.running).toBe(true);
    await store!.close();
    store = undefined;
    expect(checkpointer.running).toBe(false);
    expect(warnings).toEqual([]);
  });
});

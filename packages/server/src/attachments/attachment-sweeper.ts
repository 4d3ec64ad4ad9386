/**
 * Keeps DATA_DIR/attachments from growing without bound: uploads that never
 * made it onto a message (removed in the composer, page closed, send failed)
 * are deleted after {@link UNCLAIMED_MAX_AGE_MS}, and what a crash left half
 * written is deleted at start.
 */
import type { Logger } from 'pino';
import type { AttachmentFiles } from './attachment-files.js';
import { UNCLAIMED_MAX_AGE_MS } from './attachment-rules.js';
import type { AttachmentStore } from './attachment-store.js';

/** Rows handled per round, so one sweep never holds the database for long. */
const SWEEP_BATCH = 200;

export class AttachmentSweeper {
  constructor(
    private readonly store: AttachmentStore,
    private readonly files: AttachmentFiles,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly maxAgeMs = UNCLAIMED_MAX_AGE_MS,
  ) {}

  /** Run once before the server accepts uploads: crash leftovers, then old unclaimed uploads. */
  async sweepAtStart(now = new Date()): Promise<void> {
    const leftovers = await this.files.sweepLeftovers(await this.store.storageNames());
    if (leftovers > 0) this.log.info({ files: leftovers }, 'deleted attachment files left by an interrupted upload');
    await this.sweepUnclaimed(now);
  }

  /**
   * Deletes uploads no message claimed within the maximum age. A message
   * claiming one at the same moment wins: the row is deleted only while unclaimed.
   * @returns how many were deleted
   */
  async sweepUnclaimed(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.maxAgeMs).toISOString();
    let deleted = 0;
    for (;;) {
      const batch = await this.store.listUnclaimedBefore(before, SWEEP_BATCH);
      for (const record of batch) {
        const gone = await this.store.deleteUnclaimed(record.id);
        if (!gone) continue;
        await this.files.remove(gone.storageName);
        deleted++;
      }
      if (batch.length < SWEEP_BATCH) break;
    }
    if (deleted > 0) this.log.info({ attachments: deleted }, 'deleted uploads never sent on a message');
    return deleted;
  }

  /** Sweeps every `intervalMs` until the returned stop function is called. */
  every(intervalMs: number): () => void {
    const timer = setInterval(() => {
      this.sweepUnclaimed().catch((error: unknown) => this.log.warn({ err: error }, 'attachment sweep failed'));
    }, intervalMs);
    // The sweep must never keep a stopping process alive.
    timer.unref();
    return () => clearInterval(timer);
  }
}

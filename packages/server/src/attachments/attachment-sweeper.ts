/**
 * Keeps attachment storage from growing without bound: uploads that never
 * made it onto a message (removed in the composer, page closed, send failed)
 * are deleted after {@link UNCLAIMED_MAX_AGE_MS}, and what a crash left half
 * written on this node is deleted at start. With several nodes on one
 * database, each sweep runs on one node only: every node's timer asks the
 * store for the run ({@link JobRuns}), and one per interval gets it.
 */
import type { Logger } from 'pino';
import type { JobRuns } from '../store/store.js';
import { UNCLAIMED_MAX_AGE_MS } from './attachment-rules.js';
import type { AttachmentStore } from './attachment-store.js';

/** Rows handled per round, so one sweep never holds the database for long. */
const SWEEP_BATCH = 200;

/** The job's name in the store's run table. */
export const SWEEP_JOB = 'attachments.sweep-unclaimed';

/**
 * A run is claimed when the last one is at least this share of the interval old: timers of one node drift by a
 * few milliseconds, and a tick that came early must not skip a whole interval.
 */
const CLAIM_SLACK = 0.9;

export class AttachmentSweeper {
  constructor(
    private readonly store: AttachmentStore,
    private readonly jobs: JobRuns,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly maxAgeMs = UNCLAIMED_MAX_AGE_MS,
  ) {}

  /** Run once before the server accepts uploads: this node's crash leftovers, then old unclaimed uploads (if this node's turn). */
  async sweepAtStart(intervalMs: number, now = new Date()): Promise<void> {
    const leftovers = await this.store.sweepLeftovers();
    if (leftovers > 0) this.log.info({ files: leftovers }, 'deleted attachment files left by an interrupted upload');
    await this.#sweepIfOurTurn(intervalMs, now);
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
        if (await this.store.deleteUnclaimed(record.id)) deleted++;
      }
      if (batch.length < SWEEP_BATCH) break;
    }
    if (deleted > 0) this.log.info({ attachments: deleted }, 'deleted uploads never sent on a message');
    return deleted;
  }

  /** Offers to sweep every `intervalMs` (the run goes to one node of the cluster) until the returned function is called. */
  every(intervalMs: number): () => void {
    const timer = setInterval(() => {
      this.#sweepIfOurTurn(intervalMs).catch((error: unknown) => this.log.warn({ err: error }, 'attachment sweep failed'));
    }, intervalMs);
    // The sweep must never keep a stopping process alive.
    timer.unref();
    return () => clearInterval(timer);
  }

  async #sweepIfOurTurn(intervalMs: number, now = new Date()): Promise<void> {
    if (await this.jobs.claim(SWEEP_JOB, Math.floor(intervalMs * CLAIM_SLACK))) await this.sweepUnclaimed(now);
  }
}

/**
 * What the bench reads from a Parley node's `/metrics` (prom-client text):
 * heap and event-loop delay for `Target.stats()`, and the group-commit
 * histogram whose count and sum are the commits and the messages they held.
 */
import type { TargetStats } from '../targets/target.ts';
import { promValue } from './prom-text.ts';

/** prom-client histogram of commit batch sizes: one observation per append commit. */
const BATCH_METRIC = 'parley_commit_batch_size';

export interface ParleyMetrics extends TargetStats {
  /** Append commits so far, and the messages they held (NaN when the node does not expose them). */
  commits: number;
  committedMessages: number;
}

/** Reads one node's `/metrics` (its own address, not the load balancer's). */
export async function readParleyMetrics(nodeUrl: string): Promise<ParleyMetrics> {
  const text = await (await fetch(`${nodeUrl}/metrics`)).text();
  const p50 = promValue(text, 'nodejs_eventloop_lag_p50_seconds');
  const p99 = promValue(text, 'nodejs_eventloop_lag_p99_seconds');
  const max = promValue(text, 'nodejs_eventloop_lag_max_seconds');
  return {
    heapUsed: promValue(text, 'nodejs_heap_size_used_bytes'),
    eventLoop: p50 !== undefined && p99 !== undefined && max !== undefined ? { p50, p99, max } : undefined,
    commits: promValue(text, `${BATCH_METRIC}_count`) ?? Number.NaN,
    committedMessages: promValue(text, `${BATCH_METRIC}_sum`) ?? Number.NaN,
  };
}

/** Commits and committed messages summed over nodes. */
export async function readCommitTotals(nodeUrls: readonly string[]): Promise<{ commits: number; committedMessages: number }> {
  const all = await Promise.all(nodeUrls.map(readParleyMetrics));
  return {
    commits: all.reduce((n, m) => n + m.commits, 0),
    committedMessages: all.reduce((n, m) => n + m.committedMessages, 0),
  };
}

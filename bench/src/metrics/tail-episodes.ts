/**
 * Whether a latency tail is a few stalls or slowness spread thin. The slowest
 * messages of an open loop are grouped by when they were scheduled: slow
 * messages scheduled less than `gapMs` apart belong to one episode (a commit
 * held up, a collection, the machine busy elsewhere). A tail held by a few
 * large episodes is stalls, to be found by time; one spread over many small
 * ones is cost per message, to be found in a profile (docs/performance.md,
 * "Scenario 2's tail, by episode").
 */

/** The messages at or above a quantile, grouped into episodes. */
export interface TailEpisodes {
  /** The latency of the fastest of the slow messages (ms): from it on, a message counts as slow. */
  thresholdMs: number;
  /** How many messages are that slow. */
  slow: number;
  /** How many episodes they fall in. */
  episodes: number;
  /** The sizes (messages) of the largest episodes, largest first, at most five. */
  largest: number[];
  /** The share (0..1) of the slow messages in those largest episodes. */
  largestShare: number;
  /** Slow messages scheduled less than this apart (ms) made one episode. */
  gapMs: number;
}

/**
 * Groups the slowest `1 - q` of `latencies` (the 1 % beyond the p99 by default, and any tied with the fastest of
 * them) by their scheduled times `at` (any clock, in ms; same index, same message). Slow messages scheduled less
 * than `gapMs` after the previous slow one join its episode.
 */
export function tailEpisodes(at: ArrayLike<number>, latencies: ArrayLike<number>, count: number, q = 0.99, gapMs = 20): TailEpisodes {
  if (count === 0) return { thresholdMs: Number.NaN, slow: 0, episodes: 0, largest: [], largestShare: 0, gapMs };
  const sorted = Float64Array.from({ length: count }, (_, i) => latencies[i]!).sort();
  const slowest = Math.max(1, Math.round((1 - q) * count));
  const thresholdMs = sorted[count - slowest]!;
  const slowAt: number[] = [];
  for (let i = 0; i < count; i++) if (latencies[i]! >= thresholdMs) slowAt.push(at[i]!);
  slowAt.sort((a, b) => a - b);
  const sizes: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const t of slowAt) {
    if (t - previous < gapMs) sizes[sizes.length - 1]! += 1;
    else sizes.push(1);
    previous = t;
  }
  const largest = [...sizes].sort((a, b) => b - a).slice(0, 5);
  const inLargest = largest.reduce((sum, n) => sum + n, 0);
  return { thresholdMs, slow: slowAt.length, episodes: sizes.length, largest, largestShare: inLargest / slowAt.length, gapMs };
}

/** One line for a run's notes. */
export function describeTailEpisodes(e: TailEpisodes, label = 'slowest 1 %'): string {
  if (e.slow === 0) return `${label}: no samples`;
  return `${label} (≥ ${e.thresholdMs.toFixed(2)} ms): ${e.slow} messages in ${e.episodes} episodes (slow messages scheduled < ${e.gapMs} ms apart); ` +
    `the ${e.largest.length} largest hold ${(e.largestShare * 100).toFixed(0)} % (${e.largest.join(', ')})`;
}

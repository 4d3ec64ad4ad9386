/**
 * Whom auto-assignment picks, once for both stores: the candidate with the fewest open queries, below the
 * capacity, ties going to the earlier candidate. Pure; the stores call it inside their transaction.
 */

/** The chosen agent id, or null when every candidate is at capacity. Raises the chosen one's load. */
export function pickAgent(loads: Map<string, number>, candidates: readonly string[], capacity: number): string | null {
  let best: string | null = null;
  for (const id of candidates) {
    const load = loads.get(id) ?? 0;
    if (load >= capacity) continue;
    if (best === null || load < (loads.get(best) ?? 0)) best = id;
  }
  if (best !== null) loads.set(best, (loads.get(best) ?? 0) + 1);
  return best;
}

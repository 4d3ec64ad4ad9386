/**
 * The search benchmark end to end at a small size, on both stores: the history loads, every kind of search
 * finds something (so the latencies measure real work), both stores find the same, and the report has its
 * shape. No time is asserted.
 */
import { describe, expect, it } from 'vitest';
import { runSearchBench } from '../src/search/search-bench.ts';

describe('search benchmark, quick', () => {
  it('loads a history into both stores and times every kind of search, each finding messages', async () => {
    const result = await runSearchBench({ size: { messages: 5_000, perQuery: 25, customers: 20 }, stores: ['sqlite', 'postgres'], repeat: 2 });
    expect(result.messages).toBe(5_000);
    const kinds = [...new Set(result.latencies.map((l) => l.kind))];
    expect(kinds).toContain('common word (agent)');
    for (const store of ['sqlite', 'postgres'] as const) {
      for (const kind of kinds) {
        const l = result.latencies.find((x) => x.store === store && x.kind === kind)!;
        expect(l.runs, `${store} ${kind}`).toBeGreaterThan(0);
        expect(l.p99Ms).toBeGreaterThanOrEqual(l.p50Ms);
        if (!kind.startsWith('rare')) expect(l.meanHits, `${store} ${kind}`).toBeGreaterThan(0);
      }
    }
    const hits = (store: string) => result.latencies.filter((l) => l.store === store && l.kind.endsWith('(agent)')).map((l) => l.meanHits);
    expect(hits('sqlite')).toEqual(hits('postgres'));
  });
});

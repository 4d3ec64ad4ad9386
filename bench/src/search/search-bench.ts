/**
 * Search latency on a large history (issue 11): N messages loaded into each store (seed.ts), then every search
 * of the search set (corpus.ts) run repeatedly through the store's `searchMessages` — an agent's first page of
 * 20, and a customer's (scoped to their own queries) — and `searchQueries`, reporting p50/p99 per kind of
 * search and store. The append path is not part of it (scenario 6 measures that).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, PostgresStore, SqliteStore, type Store } from '@parley/server';
import { FreshDatabase } from '../targets/fresh-database.ts';
import { Corpus, searchSet } from './corpus.ts';
import { seedPostgres, seedSqlite, type SeedSize } from './seed.ts';

export type SearchStoreName = 'sqlite' | 'postgres';

export interface SearchLatency {
  store: SearchStoreName;
  kind: string;
  /** Searches timed (each of the kind's word lists, `repeat` times). */
  runs: number;
  p50Ms: number;
  p99Ms: number;
  /** Hits on the first page, averaged: shows the searches found something. */
  meanHits: number;
}

export interface SearchBenchResult {
  messages: number;
  seedSeconds: Record<string, number>;
  latencies: SearchLatency[];
}

export interface SearchBenchOptions {
  size: SeedSize;
  stores: readonly SearchStoreName[];
  /** Times each search is repeated. */
  repeat: number;
  log?: (line: string) => void;
}

export async function runSearchBench(options: SearchBenchOptions): Promise<SearchBenchResult> {
  const log = options.log ?? (() => {});
  const latencies: SearchLatency[] = [];
  const seedSeconds: Record<string, number> = {};
  for (const name of options.stores) {
    const corpus = new Corpus();
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-search-bench-'));
    let database: FreshDatabase | null = null;
    let store: Store | null = null;
    try {
      const t0 = performance.now();
      let customers: string[];
      if (name === 'sqlite') {
        // Opening once creates the schema (migrations); the history goes in straight, then the store reopens it.
        await new SqliteStore({ dataDir, commit: defaultConfig.commit }).close();
        customers = seedSqlite(dataDir, corpus, options.size).customerIds;
        store = new SqliteStore({ dataDir, commit: defaultConfig.commit });
      } else {
        database = await FreshDatabase.create();
        await (await PostgresStore.open({ url: database.url, poolMax: 4, dataDir, commit: defaultConfig.commit })).close();
        customers = (await seedPostgres(database.url, corpus, options.size)).customerIds;
        store = await PostgresStore.open({ url: database.url, poolMax: 4, dataDir, commit: defaultConfig.commit });
      }
      seedSeconds[name] = (performance.now() - t0) / 1000;
      log(`${name}: ${options.size.messages.toLocaleString('en')} messages loaded in ${seedSeconds[name]!.toFixed(1)} s`);
      for (const [kind, lists] of Object.entries(searchSet(corpus))) {
        latencies.push(await time(name, `${kind} (agent)`, lists, options.repeat, (words) => store!.searchMessages({ words, includeNotes: true, limit: 20 }).then((p) => p.hits.length)));
      }
      const common = searchSet(corpus)['common word']!;
      let c = 0;
      latencies.push(
        await time(name, 'common word (customer)', common, options.repeat, (words) =>
          store!.searchMessages({ words, customerId: customers[c++ % customers.length]!, includeNotes: false, limit: 20 }).then((p) => p.hits.length),
        ),
      );
      latencies.push(
        await time(name, 'queries by name', [['customer', '7'], ['query', '12']], options.repeat, (words) =>
          store!.searchQueries({ words, idPrefix: null, limit: 20 }).then((list) => list.length),
        ),
      );
      for (const l of latencies.filter((x) => x.store === name)) log(`  ${l.kind}: p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, ${l.meanHits.toFixed(1)} hits`);
    } finally {
      await store?.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return { messages: options.size.messages, seedSeconds, latencies };
}

async function time(
  store: SearchStoreName,
  kind: string,
  lists: string[][],
  repeat: number,
  run: (words: string[]) => Promise<number>,
): Promise<SearchLatency> {
  // One untimed pass warms the caches, as a server that has been running would have them.
  for (const words of lists) await run(words);
  const samples: number[] = [];
  let hits = 0;
  for (let r = 0; r < repeat; r++) {
    for (const words of lists) {
      const t = performance.now();
      hits += await run(words);
      samples.push(performance.now() - t);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { store, kind, runs: samples.length, p50Ms: at(0.5), p99Ms: at(0.99), meanHits: hits / samples.length };
}

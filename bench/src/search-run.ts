/**
 * `npm run bench:search -- [--messages=1000000] [--repeat=25] [--stores=sqlite,postgres]`: search latency on a
 * large history in both stores (search/search-bench.ts); the table goes to stdout, the numbers to
 * bench/results/<date>-search.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runSearchBench, type SearchStoreName } from './search/search-bench.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const messages = Number(args.get('messages') ?? 1_000_000);
const repeat = Number(args.get('repeat') ?? 25);
const stores = (args.get('stores') ?? 'sqlite,postgres').split(',') as SearchStoreName[];
const log = (line: string) => process.stdout.write(`${line}\n`);

const result = await runSearchBench({ size: { messages, perQuery: 25, customers: Math.max(10, Math.round(messages / 250)) }, stores, repeat, log });
log(`\n| search (first page of 20) | ${stores.map((s) => `${s} p50 | ${s} p99`).join(' | ')} |`);
log(`|---|${stores.map(() => '---:|---:').join('|')}|`);
for (const kind of [...new Set(result.latencies.map((l) => l.kind))]) {
  const cells = stores.map((s) => {
    const l = result.latencies.find((x) => x.store === s && x.kind === kind);
    return l ? `${l.p50Ms.toFixed(2)} ms | ${l.p99Ms.toFixed(2)} ms` : '– | –';
  });
  log(`| ${kind} | ${cells.join(' | ')} |`);
}
const dir = fileURLToPath(new URL('../results/', import.meta.url));
await mkdir(dir, { recursive: true });
const stamp = new Date().toISOString().slice(0, 16).replace('T', '-').replace(':', '');
await writeFile(`${dir}${stamp}-search.json`, `${JSON.stringify(result, null, 2)}\n`);
log(`\nresults: bench/results/${stamp}-search.json`);

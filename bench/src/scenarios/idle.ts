/**
 * Scenario 3 — idle capacity. `connections` authenticated customer connections
 * (Parley: each its own visitor and JWT), opened `concurrency` at a time, then
 * left idle. We report the connect rate and what each connection costs the
 * server: V8 heap retained after a full GC and RSS growth, each divided by the
 * number of connections. The GC is forced through the server's V8 inspector
 * (every target is started with `--inspect` on 127.0.0.1 for this scenario),
 * so garbage left by the set-up (Parley: thousands of REST sign-ups) does not
 * count for or against anyone.
 */
import { mapLimit, sleep } from '../load/concurrency.ts';
import type { BenchConnection } from '../load/connection.ts';
import { InspectorClient } from '../metrics/inspector.ts';
import { openFileLimit, SPARE_FILES } from '../metrics/open-files.ts';
import { rssBytes } from '../metrics/proc-stats.ts';
import { CoreTargets, type Target } from '../targets/target.ts';
import { metric, type Scenario } from './scenario.ts';
import { DropCounter } from './setup.ts';

/** Heap in use: after a full GC when the inspector is there, else as the server reports it. */
async function heapUsed(target: Target, inspector: InspectorClient | undefined): Promise<number> {
  if (inspector) return inspector.heapUsedAfterGc();
  return (await target.stats()).heapUsed ?? Number.NaN;
}

export const idleScenario: Scenario = {
  id: 3,
  name: 'idle',
  title: 'Idle capacity',
  description: 'authenticated idle connections: memory per connection, connect rate',
  targets: CoreTargets,
  inspect: true,
  async run({ target, sizes, log }) {
    const { concurrency, settleSeconds } = sizes.idle;
    // One socket is one file in the bench process and one in the server; neither can pass the limit.
    const limit = openFileLimit();
    const connections = Math.min(sizes.idle.connections, limit - SPARE_FILES);
    const capped = connections < sizes.idle.connections
      ? [`capped at ${connections} connections (asked ${sizes.idle.connections}) by the open-file limit of ${limit}`]
      : [];
    for (const note of capped) log(note);
    const seeds = await target.createConversations(connections, { queries: false });
    const inspector = target.inspectorPort ? await InspectorClient.connect(target.inspectorPort) : undefined;
    await sleep(settleSeconds * 1000);
    const heapBefore = await heapUsed(target, inspector);
    const rssBefore = await rssBytes(target.pid);
    const drops = new DropCounter();
    let errors = 0;
    log(`opening ${connections} connections, ${concurrency} at a time`);
    const started = performance.now();
    const opened = await mapLimit(seeds, concurrency, async (seed): Promise<BenchConnection | undefined> => {
      try {
        const connection = await target.connectCustomer(seed);
        drops.watch(connection);
        return connection;
      } catch {
        errors++;
        return undefined;
      }
    });
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(settleSeconds * 1000);
    const heapAfter = await heapUsed(target, inspector);
    const rssAfter = await rssBytes(target.pid);
    inspector?.close();
    const live = opened.filter((c) => c !== undefined);
    for (const connection of live) connection.close();
    return {
      target: target.name,
      metrics: [
        metric('heapPerConnection', 'heap per connection (after GC)', 'KiB', (heapAfter - heapBefore) / 1024 / live.length, 'lower'),
        metric('rssPerConnection', 'RSS growth per connection', 'KiB', (rssAfter - rssBefore) / 1024 / live.length, 'lower'),
        metric('connectRate', 'connect rate', 'conn/s', live.length / connectSeconds, 'higher'),
        metric('rssTotal', 'server RSS with all connected', 'MiB', rssAfter / 1024 / 1024, 'lower'),
      ],
      // Every connection must open and stay open.
      checks: { sent: connections, acked: live.length, expected: connections, delivered: live.length - drops.count, lost: connections - live.length, errors: errors + drops.count },
      notes: [`${connections} connections, ${concurrency} connecting at a time; heap read after a forced full GC${inspector ? '' : ' (not available: no inspector)'}`, ...capped],
    };
  },
};
